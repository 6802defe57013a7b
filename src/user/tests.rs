use crate::api::build_named;
use crate::args::Arg;
use crate::args::Args;
use crate::request::Resolve;
use crate::request::*;

fn s(v: &str) -> Arg<u8> {
    Arg::Str(v.into())
}

#[test]
fn authenticate_posts_credentials_without_token() {
    let items = [s("a@b.c"), s("pw")];
    let p = build_named(&Args::new("authenticateUser", &items)).unwrap();
    assert_eq!(p.method, Method::Post);
    assert_eq!(p.path, "/user/auth");
    assert!(!p.auth);
    assert_eq!(
        p.body,
        Body::Fields(
            vec![
                ("username", Field::Str("a@b.c".into())),
                ("password", Field::Str("pw".into()))
            ],
            None
        )
    );
    assert_eq!(p.resolve, Resolve::Body);
}

#[test]
fn signup_sends_username_as_email() {
    let items = [s("a@b.c"), s("pw")];
    let p = build_named(&Args::new("signupUser", &items)).unwrap();
    assert_eq!(p.path, "/user");
    assert!(!p.auth);
    match p.body {
        Body::Fields(f, None) => assert_eq!(f[2], ("email", Field::Str("a@b.c".into()))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_arguments_are_rejected() {
    let items = [s("a"), Arg::Undefined];
    let e = build_named(&Args::new("authenticateUser", &items)).unwrap_err();
    assert_eq!(
        e.message(),
        "authenticateUser: argument 'password' must be a string, got undefined"
    );
    let items: [Arg<u8>; 1] = [Arg::Num(1.0)];
    assert!(build_named(&Args::new("signupUser", &items)).is_err());
}

#[test]
fn get_user_is_an_authenticated_get() {
    let p = build_named(&Args::new("getUser", &[])).unwrap();
    assert_eq!(
        (p.method, p.path.as_str(), p.auth),
        (Method::Get, "/user", true)
    );
}
