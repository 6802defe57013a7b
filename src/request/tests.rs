use super::*;

fn enc(s: &str) -> String {
    let mut o = String::new();
    encode_component(s, &mut o);
    o
}

#[test]
fn encodes_like_encode_uri_component() {
    assert_eq!(enc("../user"), "..%2Fuser");
    assert_eq!(enc("a b?c#d%e&f=g"), "a%20b%3Fc%23d%25e%26f%3Dg");
    assert_eq!(enc("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
    assert_eq!(enc("ключ"), "%D0%BA%D0%BB%D1%8E%D1%87");
    assert_eq!(enc("😀"), "%F0%9F%98%80");
    assert_eq!(enc("\0"), "%00");
}

#[test]
fn path_keeps_arguments_in_one_segment() {
    let p = path(
        "getFlow",
        "flowId",
        &[Part::Lit("flows"), Part::Seg("../user")],
    )
    .unwrap();
    assert_eq!(p, "/flows/..%2Fuser");
    let p = path(
        "x",
        "y",
        &[Part::Lit("/a/"), Part::Seg("b/c"), Part::Lit("d")],
    )
    .unwrap();
    assert_eq!(p, "/a/b%2Fc/d");
}

#[test]
fn path_rejects_dot_segments_and_empty() {
    for bad in ["", ".", ".."] {
        let e = path("getFlow", "flowId", &[Part::Lit("flows"), Part::Seg(bad)]).unwrap_err();
        assert_eq!(e.code(), "ERR_INVALID_ARG");
        assert!(e.message().contains("getFlow"), "{}", e.message());
        assert!(e.message().contains("flowId"), "{}", e.message());
    }
    assert!(path("m", "a", &[Part::Seg("...")]).is_ok());
    assert!(path("m", "a", &[Part::Seg(&"k".repeat(MAX_SEGMENT))]).is_ok());
    let e = path("m", "a", &[Part::Seg(&"/".repeat(MAX_SEGMENT / 3 + 1))]).unwrap_err();
    assert!(e.message().contains("too long"));
}

#[test]
fn query_encoding_keeps_unreserved_only() {
    let mut url = String::from("http://h/flows");
    append_query(
        &mut url,
        [
            ("filter", "customFields.category:crm"),
            ("sort", "mtime:-1"),
        ],
    );
    append_query(&mut url, [("pattern", "a b&c=d"), ("p", "x,y~z")]);
    assert_eq!(
        url,
        "http://h/flows?filter=customFields.category%3Acrm&sort=mtime%3A-1&pattern=a%20b%26c%3Dd&p=x%2Cy~z"
    );
}

#[test]
fn join_url_never_doubles_slash() {
    assert_eq!(join_url("http://h:1/", "/user"), "http://h:1/user");
    assert_eq!(join_url("http://h:1//", "/user"), "http://h:1/user");
    assert_eq!(join_url("http://h:1/api", "/user"), "http://h:1/api/user");
    assert_eq!(join_url("http://h:1", "https://x/y"), "https://x/y");
}

#[test]
fn tasks_prefix_is_normalised() {
    assert_eq!(tasks_path("/people-task", "/tasks"), "/people-task/tasks");
    assert_eq!(
        tasks_path("plugins/appmixer/utils/tasks/", "/tasks/x"),
        "/plugins/appmixer/utils/tasks/tasks/x"
    );
    assert_eq!(tasks_path("", "/tasks"), "/tasks");
}

#[test]
fn decimals_without_formatting() {
    let mut d = String::new();
    push_decimal(&mut d, 1234567);
    push_decimal(&mut d, 0);
    assert_eq!(d, "12345670");
}

#[test]
fn method_parse_any_case() {
    assert_eq!(Method::parse("get"), Some(Method::Get));
    assert_eq!(Method::parse("Delete"), Some(Method::Delete));
    assert_eq!(Method::parse("TRACE"), None);
}

#[test]
fn slashes_trimmed_at_the_ends_only() {
    assert_eq!(trim_slashes("//a/b//"), "a/b");
    assert_eq!(trim_slashes("///"), "");
    assert_eq!(trim_end_slashes("http://h/"), "http://h");
    assert_eq!(trim_end_slashes("/é/"), "/é");
    let mut url = String::from("/x?a=1");
    append_query(&mut url, [("b", "2"), ("c", "3")]);
    assert_eq!(url, "/x?a=1&b=2&c=3");
}

#[test]
fn only_urls_below_the_base_url_are_under_it() {
    let base = "https://api.acme.com/";
    for url in [
        "https://api.acme.com",
        "https://api.acme.com/",
        "https://api.acme.com/flows?x=1",
        "https://api.acme.com?x=1",
        "https://api.acme.com#top",
    ] {
        assert!(is_under(url, base), "{url}");
    }
    for url in [
        "https://api.acme.com.evil.io/flows",
        "https://api.acme.com:8443/flows",
        "https://api.acme.com@evil.io/flows",
        "https://api.acme.co/flows",
        "http://api.acme.com/flows",
    ] {
        assert!(!is_under(url, base), "{url}");
    }
    // A base with a path: a sibling path is not below it.
    assert!(is_under("http://h:2200/api/user", "http://h:2200/api"));
    assert!(!is_under("http://h:2200/apiary", "http://h:2200/api"));
    assert!(!is_under("http://h:22000/api", "http://h:2200"));
}
