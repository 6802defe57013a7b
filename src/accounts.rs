//! Connected accounts, and the auth views the engine builds from them.

use crate::prelude::*;

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{
    id_path, path, query_arg, Body, Field, Method, Part, Plan, QueryPart, Resolve,
};

fn account_path<V: Clone>(a: &Args<V>, suffix: &str) -> Result<String, SdkError> {
    id_path(a, 0, "accountId", "accounts", suffix)
}

/// `POST /accounts{params}` with `data` (`{service, token, name?, ...}`) as the body.
pub fn create_account<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let params = a.opt_object(0, "params")?;
    let data = a.object(1, "data")?;
    Ok(Plan::new(Method::Post, "/accounts".into())
        .body(Body::Json(data))
        .query_object(params))
}

pub fn get_accounts<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, "/accounts".into()).query_object(a.opt_object(0, "filter")?))
}

/// `GET /auth/:componentType?componentId=…`, resolving `body.auth`.
pub fn get_component_accounts<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let component_type = a.str(0, "componentType")?;
    let component_id = a.opt_str(1, "componentId")?;
    let p = path(
        a.method,
        "componentType",
        &[Part::Lit("auth"), Part::Seg(&component_type)],
    )?;
    let mut plan = Plan::new(Method::Get, p).resolve(Resolve::FieldOrEmpty("auth"));
    if let Some(id) = component_id {
        plan = plan.query(QueryPart::Pair(
            "componentId",
            query_arg(a.method, "componentId", id)?,
        ));
    }
    Ok(plan)
}

/// `GET /auth/:service` (e.g. `appmixer.slack`), resolving `body.auth`.
pub fn get_auth<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let service = a.str(0, "service")?;
    let p = path(
        a.method,
        "service",
        &[Part::Lit("auth"), Part::Seg(&service)],
    )?;
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
mod tests;
