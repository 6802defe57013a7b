//! Flows: CRUD, listing and counting, start/stop, clone, and the accounts a
//! flow's components need (getFlowAuthentication).

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{path, Body, Field, Method, Part, Plan, QueryPart, Resolve, Then};

/// `{prefix}/:flowId{suffix}`, the ID from the first argument.
fn flow_path<V: Clone>(a: &Args<V>, prefix: &str, suffix: &str) -> Result<String, SdkError> {
    let id = a.str(0, "flowId")?;
    path(a.method, "flowId", &[Part::Lit(prefix), Part::Seg(&id), Part::Lit(suffix)])
}

fn object_or_empty<V>(v: Option<V>) -> Field<V> {
    v.map_or(Field::EmptyObject, Field::Value)
}

pub fn create_flow<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let name = a.str(0, "name")?;
    let descriptor = a.opt_object(1, "descriptor")?;
    let properties = a.opt_object(2, "properties")?;
    let fields = vec![("name", Field::Str(name)), ("flow", object_or_empty(descriptor))];
    Ok(Plan::new(Method::Post, "/flows".into())
        .body(Body::Fields(fields, properties))
        .resolve(Resolve::Field("flowId")))
}

pub fn delete_flow<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Delete, flow_path(a, "flows", "")?))
}

pub fn get_flow<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, flow_path(a, "flows", "")?).resolve(Resolve::FlowWithId))
}

fn list<V: Clone>(a: &Args<V>, path: &str) -> Result<Plan<V>, SdkError> {
    let mut plan = Plan::new(Method::Get, path.into());
    if let Some(q) = a.opt_object(0, "query")? {
        plan = plan.query(QueryPart::Object(q));
    }
    Ok(plan)
}

pub fn get_flows<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    list(a, "/flows")
}

pub fn get_flows_count<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    list(a, "/flows/count")
}

pub fn update_flow<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let path = flow_path(a, "flows", "")?;
    let update = a.object(1, "update")?;
    Ok(Plan::new(Method::Put, path).body(Body::Json(update)))
}

fn coordinator<V: Clone>(a: &Args<V>, command: &str) -> Result<Plan<V>, SdkError> {
    let fields = vec![("command", Field::Str(command.into()))];
    Ok(Plan::new(Method::Post, flow_path(a, "flows", "coordinator")?)
        .body(Body::Fields(fields, None))
        .resolve(Resolve::Field("flowId")))
}

pub fn start_flow<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    coordinator(a, "start")
}

pub fn stop_flow<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    coordinator(a, "stop")
}

pub fn clone_flow<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let path = flow_path(a, "flows", "clone")?;
    let options = a.opt_object(1, "options")?;
    Ok(Plan::new(Method::Post, path)
        .body(Body::Fields(Vec::new(), options))
        .resolve(Resolve::Field("cloneId")))
}

/// First request: a ticket; the core then polls `auth_status`.
pub fn get_flow_authentication<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, flow_path(a, "auth/flow", "poll")?)
        .resolve(Resolve::Field("ticket"))
        .then(Then::PollFlowAuthentication))
}

pub fn auth_status<V>(ticket: &str) -> Result<Plan<V>, SdkError> {
    let p = path(
        "getFlowAuthentication",
        "ticket",
        &[Part::Lit("auth/flow/status"), Part::Seg(ticket)],
    )?;
    Ok(Plan::new(Method::Get, p).resolve(Resolve::FlowAuthStatus))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Arg;

    fn s(v: &str) -> Arg<u8> {
        Arg::Str(v.into())
    }
    fn build(f: fn(&Args<u8>) -> Result<Plan<u8>, SdkError>, name: &'static str, items: &[Arg<u8>]) -> Plan<u8> {
        f(&Args::new(name, items)).unwrap()
    }

    #[test]
    fn create_flow_defaults_and_spreads_properties() {
        let p = build(create_flow, "createFlow", &[s("My flow")]);
        assert_eq!((p.method, p.path.as_str()), (Method::Post, "/flows"));
        assert_eq!(p.body, Body::Fields(vec![("name", Field::Str("My flow".into())), ("flow", Field::EmptyObject)], None));
        assert_eq!(p.resolve, Resolve::Field("flowId"));
        let p = build(create_flow, "createFlow", &[s("n"), Arg::Object(1), Arg::Object(2)]);
        assert_eq!(p.body, Body::Fields(vec![("name", Field::Str("n".into())), ("flow", Field::Value(1))], Some(2)));
        let e = create_flow(&Args::new("createFlow", &[s("n"), Arg::Str("x".into())])).unwrap_err();
        assert_eq!(e.message(), "createFlow: argument 'descriptor' must be an object, got string");
    }

    #[test]
    fn ids_stay_one_segment() {
        let p = build(get_flow, "getFlow", &[s("a/../b?c#d")]);
        assert_eq!(p.path, "/flows/a%2F..%2Fb%3Fc%23d");
        assert_eq!(p.resolve, Resolve::FlowWithId);
        let p = build(start_flow, "startFlow", &[s("x y")]);
        assert_eq!(p.path, "/flows/x%20y/coordinator");
        assert_eq!(p.body, Body::Fields(vec![("command", Field::Str("start".into()))], None));
        let p = build(stop_flow, "stopFlow", &[s("f")]);
        assert_eq!(p.body, Body::Fields(vec![("command", Field::Str("stop".into()))], None));
        assert!(get_flow(&Args::new("getFlow", &[s("..")])).is_err());
        assert!(delete_flow(&Args::<u8>::new("deleteFlow", &[Arg::Num(42.0)])).is_err());
    }

    #[test]
    fn lists_take_an_optional_query_object() {
        let p = build(get_flows, "getFlows", &[]);
        assert_eq!((p.path.as_str(), p.query.len()), ("/flows", 0));
        let p = build(get_flows_count, "getFlowsCount", &[Arg::Object(9)]);
        assert_eq!((p.path.as_str(), p.query), ("/flows/count", vec![QueryPart::Object(9)]));
        let e = get_flows(&Args::new("getFlows", &[s("limit=5")])).unwrap_err();
        assert_eq!(e.message(), "getFlows: argument 'query' must be an object, got string");
    }

    #[test]
    fn update_clone_delete() {
        let p = build(update_flow, "updateFlow", &[s("f"), Arg::Object(3)]);
        assert_eq!((p.method, p.body), (Method::Put, Body::Json(3)));
        assert!(update_flow(&Args::new("updateFlow", &[s("f")])).is_err());
        let p = build(clone_flow, "cloneFlow", &[s("f")]);
        assert_eq!((p.path.as_str(), p.body.clone()), ("/flows/f/clone", Body::Fields(vec![], None)));
        assert_eq!(p.resolve, Resolve::Field("cloneId"));
        let p = build(delete_flow, "deleteFlow", &[s("f")]);
        assert_eq!((p.method, p.path.as_str()), (Method::Delete, "/flows/f"));
    }

    #[test]
    fn flow_authentication_polls_a_ticket() {
        let p = build(get_flow_authentication, "getFlowAuthentication", &[s("f/1")]);
        assert_eq!(p.path, "/auth/flow/f%2F1/poll");
        assert_eq!(p.then, Some(Then::PollFlowAuthentication));
        let s: Plan<u8> = auth_status("t#1").unwrap();
        assert_eq!(s.path, "/auth/flow/status/t%231");
    }
}
