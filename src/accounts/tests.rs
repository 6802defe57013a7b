use crate::api::build_named;
use crate::args::Arg;
use crate::args::Args;
use crate::request::*;

fn s(v: &str) -> Arg<u8> {
    Arg::Str(v.into())
}

#[test]
fn create_and_list() {
    let p = build_named(&Args::new(
        "createAccount",
        &[Arg::Object(1u8), Arg::Object(2)],
    ))
    .unwrap();
    assert_eq!((p.method, p.path.as_str()), (Method::Post, "/accounts"));
    assert_eq!(
        (p.query, p.body),
        (vec![QueryPart::Object(1)], Body::Json(2))
    );
    let p = build_named(&Args::new(
        "createAccount",
        &[Arg::Undefined, Arg::Object(2u8)],
    ))
    .unwrap();
    assert!(p.query.is_empty());
    assert!(build_named(&Args::new("createAccount", &[Arg::Object(1u8)])).is_err());
    let p = build_named(&Args::new("getAccounts", &[Arg::Object(3u8)])).unwrap();
    assert_eq!(p.query, vec![QueryPart::Object(3)]);
}

#[test]
fn auth_views_resolve_the_auth_field() {
    let p = build_named(&Args::new(
        "getComponentAccounts",
        &[s("appmixer.slack.list.Send"), s("c/1")],
    ))
    .unwrap();
    assert_eq!(p.path, "/auth/appmixer.slack.list.Send");
    assert_eq!(p.query, vec![QueryPart::Pair("componentId", "c/1".into())]);
    assert_eq!(p.resolve, Resolve::FieldOrEmpty("auth"));
    let p = build_named(&Args::new("getAuth", &[s("appmixer.slack")])).unwrap();
    assert_eq!(
        (p.path.as_str(), p.resolve),
        ("/auth/appmixer.slack", Resolve::FieldOrEmpty("auth"))
    );
}

#[test]
fn account_paths() {
    let p = build_named(&Args::new("getAccountFlows", &[s("a#1")])).unwrap();
    assert_eq!(p.path, "/accounts/a%231/flows");
    let p = build_named(&Args::new("setAccountName", &[s("a1"), s("Work")])).unwrap();
    assert_eq!((p.method, p.path.as_str()), (Method::Put, "/accounts/a1"));
    assert_eq!(
        p.body,
        Body::Fields(vec![("displayName", Field::Str("Work".into()))], None)
    );
}
