//! Flows: CRUD, listing and counting, start/stop, clone, and the accounts a
//! flow's components need (getFlowAuthentication).

use crate::prelude::*;

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{id_path, path, Body, Field, Method, Part, Plan, Resolve, Then};

/// `{prefix}/:flowId{suffix}`, the ID from the first argument.
fn flow_path<V: Clone>(a: &Args<V>, prefix: &str, suffix: &str) -> Result<String, SdkError> {
    id_path(a, 0, "flowId", prefix, suffix)
}

fn object_or_empty<V>(v: Option<V>) -> Field<V> {
    v.map_or(Field::EmptyObject, Field::Value)
}

pub fn create_flow<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let name = a.str(0, "name")?;
    let descriptor = a.opt_object(1, "descriptor")?;
    let properties = a.opt_object(2, "properties")?;
    let fields = vec![
        ("name", Field::Str(name)),
        ("flow", object_or_empty(descriptor)),
    ];
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
    Ok(Plan::new(Method::Get, path.into()).query_object(a.opt_object(0, "query")?))
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
    Ok(
        Plan::new(Method::Post, flow_path(a, "flows", "coordinator")?)
            .body(Body::Fields(fields, None))
            .resolve(Resolve::Field("flowId")),
    )
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
mod tests;
