//! Connected accounts, and the auth views the engine builds from them.

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{path, query_arg, Body, Field, Method, Part, Plan, QueryPart, Resolve};

fn account_path<V: Clone>(a: &Args<V>, suffix: &str) -> Result<String, SdkError> {
    let id = a.str(0, "accountId")?;
    path(a.method, "accountId", &[Part::Lit("accounts"), Part::Seg(&id), Part::Lit(suffix)])
}

/// `POST /accounts{params}` with `data` (`{service, token, name?, ...}`) as the body.
pub fn create_account<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let params = a.opt_object(0, "params")?;
    let data = a.object(1, "data")?;
    let mut plan = Plan::new(Method::Post, "/accounts".into()).body(Body::Json(data));
    if let Some(p) = params {
        plan = plan.query(QueryPart::Object(p));
    }
    Ok(plan)
}

pub fn get_accounts<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let mut plan = Plan::new(Method::Get, "/accounts".into());
    if let Some(filter) = a.opt_object(0, "filter")? {
        plan = plan.query(QueryPart::Object(filter));
    }
    Ok(plan)
}

/// `GET /auth/:componentType?componentId=…`, resolving `body.auth`.
pub fn get_component_accounts<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let component_type = a.str(0, "componentType")?;
    let component_id = a.opt_str(1, "componentId")?;
    let p = path(a.method, "componentType", &[Part::Lit("auth"), Part::Seg(&component_type)])?;
    let mut plan = Plan::new(Method::Get, p).resolve(Resolve::FieldOrEmpty("auth"));
    if let Some(id) = component_id {
        plan = plan.query(QueryPart::Pair("componentId", query_arg(a.method, "componentId", id)?));
    }
    Ok(plan)
}

/// `GET /auth/:service` (e.g. `appmixer.slack`), resolving `body.auth`.
pub fn get_auth<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let service = a.str(0, "service")?;
    let p = path(a.method, "service", &[Part::Lit("auth"), Part::Seg(&service)])?;
    Ok(Plan::new(Method::Get, p).resolve(Resolve::FieldOrEmpty("auth")))
}

pub fn get_account_flows<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, account_path(a, "flows")?))
}

pub fn set_account_name<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let p = account_path(a, "")?;
    let name = a.str(1, "newName")?;
    Ok(Plan::new(Method::Put, p).body(Body::Fields(vec![("displayName", Field::Str(name))], None)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Arg;

    fn s(v: &str) -> Arg<u8> {
        Arg::Str(v.into())
    }

    #[test]
    fn create_and_list() {
        let p = create_account(&Args::new("createAccount", &[Arg::Object(1u8), Arg::Object(2)])).unwrap();
        assert_eq!((p.method, p.path.as_str()), (Method::Post, "/accounts"));
        assert_eq!((p.query, p.body), (vec![QueryPart::Object(1)], Body::Json(2)));
        let p = create_account(&Args::new("createAccount", &[Arg::Undefined, Arg::Object(2u8)])).unwrap();
        assert!(p.query.is_empty());
        assert!(create_account(&Args::new("createAccount", &[Arg::Object(1u8)])).is_err());
        let p = get_accounts(&Args::new("getAccounts", &[Arg::Object(3u8)])).unwrap();
        assert_eq!(p.query, vec![QueryPart::Object(3)]);
    }

    #[test]
    fn auth_views_resolve_the_auth_field() {
        let p = get_component_accounts(&Args::new("getComponentAccounts", &[s("appmixer.slack.list.Send"), s("c/1")])).unwrap();
        assert_eq!(p.path, "/auth/appmixer.slack.list.Send");
        assert_eq!(p.query, vec![QueryPart::Pair("componentId", "c/1".into())]);
        assert_eq!(p.resolve, Resolve::FieldOrEmpty("auth"));
        let p = get_auth(&Args::new("getAuth", &[s("appmixer.slack")])).unwrap();
        assert_eq!((p.path.as_str(), p.resolve), ("/auth/appmixer.slack", Resolve::FieldOrEmpty("auth")));
    }

    #[test]
    fn account_paths() {
        let p = get_account_flows(&Args::new("getAccountFlows", &[s("a#1")])).unwrap();
        assert_eq!(p.path, "/accounts/a%231/flows");
        let p = set_account_name(&Args::new("setAccountName", &[s("a1"), s("Work")])).unwrap();
        assert_eq!((p.method, p.path.as_str()), (Method::Put, "/accounts/a1"));
        assert_eq!(p.body, Body::Fields(vec![("displayName", Field::Str("Work".into()))], None));
    }
}
