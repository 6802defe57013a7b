//! Flows: CRUD, listing and counting, start/stop, clone, and the accounts a
//! flow's components need (getFlowAuthentication).

use crate::api::{BodySpec, FieldSpec, Kind, QuerySpec, Seg, Spec};
use crate::error::SdkError;
use crate::request::{path, Method, Part, Plan, Resolve, Then};

const FLOW_ID: &[(&str, Kind)] = &[("flowId", Kind::Str)];
const FLOW: &[Seg] = &[Seg::Lit("flows"), Seg::Arg(0)];
const QUERY: &[(&str, Kind)] = &[("query", Kind::OptObject)];

/// `POST /flows/:flowId/coordinator` with `{command}`.
const fn coordinator(name: &'static str, command: &'static [(&'static str, FieldSpec)]) -> Spec {
    Spec::new(
        name,
        Method::Post,
        &[Seg::Lit("flows"), Seg::Arg(0), Seg::Lit("coordinator")],
    )
    .params(FLOW_ID)
    .body(BodySpec::Fields(command, None))
    .resolve(Resolve::Field("flowId"))
}

pub const METHODS: &[Spec] = &[
    Spec::new("createFlow", Method::Post, &[Seg::Lit("flows")])
        .params(&[
            ("name", Kind::Str),
            ("descriptor", Kind::OptObject),
            ("properties", Kind::OptObject),
        ])
        .body(BodySpec::Fields(
            &[("name", FieldSpec::Arg(0)), ("flow", FieldSpec::Arg(1))],
            Some(2),
        ))
        .resolve(Resolve::Field("flowId")),
    Spec::new("deleteFlow", Method::Delete, FLOW).params(FLOW_ID),
    Spec::new("getFlow", Method::Get, FLOW)
        .params(FLOW_ID)
        .resolve(Resolve::FlowWithId),
    Spec::new("getFlows", Method::Get, &[Seg::Lit("flows")])
        .params(QUERY)
        .query(QuerySpec::Object(0)),
    Spec::new("getFlowsCount", Method::Get, &[Seg::Lit("flows/count")])
        .params(QUERY)
        .query(QuerySpec::Object(0)),
    Spec::new("updateFlow", Method::Put, FLOW)
        .params(&[("flowId", Kind::Str), ("update", Kind::Object)])
        .body(BodySpec::Json(1)),
    coordinator("startFlow", &[("command", FieldSpec::Const("start"))]),
    coordinator("stopFlow", &[("command", FieldSpec::Const("stop"))]),
    Spec::new(
        "cloneFlow",
        Method::Post,
        &[Seg::Lit("flows"), Seg::Arg(0), Seg::Lit("clone")],
    )
    .params(&[("flowId", Kind::Str), ("options", Kind::OptObject)])
    .body(BodySpec::Fields(&[], Some(1)))
    .resolve(Resolve::Field("cloneId")),
    // First request: a ticket; the core then polls `auth_status`.
    Spec::new(
        "getFlowAuthentication",
        Method::Get,
        &[Seg::Lit("auth/flow"), Seg::Arg(0), Seg::Lit("poll")],
    )
    .params(FLOW_ID)
    .resolve(Resolve::Field("ticket"))
    .then(Then::PollFlowAuthentication),
];

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
