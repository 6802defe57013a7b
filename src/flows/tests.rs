use super::*;
use crate::api::build_named;
use crate::args::Arg;
use crate::args::Args;
use crate::request::QueryPart;
use crate::request::*;

fn s(v: &str) -> Arg<u8> {
    Arg::Str(v.into())
}
fn build(name: &'static str, items: &[Arg<u8>]) -> Plan<u8> {
    build_named(&Args::new(name, items)).unwrap()
}

#[test]
fn create_flow_defaults_and_spreads_properties() {
    let p = build("createFlow", &[s("My flow")]);
    assert_eq!((p.method, p.path.as_str()), (Method::Post, "/flows"));
    assert_eq!(
        p.body,
        Body::Fields(
            vec![
                ("name", Field::Str("My flow".into())),
                ("flow", Field::EmptyObject)
            ],
            None
        )
    );
    assert_eq!(p.resolve, Resolve::Field("flowId"));
    let p = build("createFlow", &[s("n"), Arg::Object(1), Arg::Object(2)]);
    assert_eq!(
        p.body,
        Body::Fields(
            vec![("name", Field::Str("n".into())), ("flow", Field::Value(1))],
            Some(2)
        )
    );
    let e = build_named(&Args::new("createFlow", &[s("n"), Arg::Str("x".into())])).unwrap_err();
    assert_eq!(
        e.message(),
        "createFlow: argument 'descriptor' must be an object, got string"
    );
}

#[test]
fn ids_stay_one_segment() {
    let p = build("getFlow", &[s("a/../b?c#d")]);
    assert_eq!(p.path, "/flows/a%2F..%2Fb%3Fc%23d");
    assert_eq!(p.resolve, Resolve::FlowWithId);
    let p = build("startFlow", &[s("x y")]);
    assert_eq!(p.path, "/flows/x%20y/coordinator");
    assert_eq!(
        p.body,
        Body::Fields(vec![("command", Field::Str("start".into()))], None)
    );
    let p = build("stopFlow", &[s("f")]);
    assert_eq!(
        p.body,
        Body::Fields(vec![("command", Field::Str("stop".into()))], None)
    );
    assert!(build_named(&Args::new("getFlow", &[s("..")])).is_err());
    assert!(build_named(&Args::new("deleteFlow", &[Arg::Num(42.0)])).is_err());
}

#[test]
fn lists_take_an_optional_query_object() {
    let p = build("getFlows", &[]);
    assert_eq!((p.path.as_str(), p.query.len()), ("/flows", 0));
    let p = build("getFlowsCount", &[Arg::Object(9)]);
    assert_eq!(
        (p.path.as_str(), p.query),
        ("/flows/count", vec![QueryPart::Object(9)])
    );
    let e = build_named(&Args::new("getFlows", &[s("limit=5")])).unwrap_err();
    assert_eq!(
        e.message(),
        "getFlows: argument 'query' must be an object, got string"
    );
}

#[test]
fn update_clone_delete() {
    let p = build("updateFlow", &[s("f"), Arg::Object(3)]);
    assert_eq!((p.method, p.body), (Method::Put, Body::Json(3)));
    assert!(build_named(&Args::new("updateFlow", &[s("f")])).is_err());
    let p = build("cloneFlow", &[s("f")]);
    assert_eq!(
        (p.path.as_str(), p.body.clone()),
        ("/flows/f/clone", Body::Fields(vec![], None))
    );
    assert_eq!(p.resolve, Resolve::Field("cloneId"));
    let p = build("deleteFlow", &[s("f")]);
    assert_eq!((p.method, p.path.as_str()), (Method::Delete, "/flows/f"));
}

#[test]
fn flow_authentication_polls_a_ticket() {
    let p = build("getFlowAuthentication", &[s("f/1")]);
    assert_eq!(p.path, "/auth/flow/f%2F1/poll");
    assert_eq!(p.then, Some(Then::PollFlowAuthentication));
    let s: Plan<u8> = auth_status("t#1").unwrap();
    assert_eq!(s.path, "/auth/flow/status/t%231");
}
