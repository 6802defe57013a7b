//! Connected accounts, and the auth views the engine builds from them.

use crate::api::{BodySpec, FieldSpec, Kind, QuerySpec, Seg, Spec};
use crate::request::{Method, Resolve};

const ACCOUNT_ID: &[(&str, Kind)] = &[("accountId", Kind::Str)];

pub const METHODS: &[Spec] = &[
    // `POST /accounts{params}` with `data` (`{service, token, name?, ...}`) as the body.
    Spec::new("createAccount", Method::Post, &[Seg::Lit("accounts")])
        .params(&[("params", Kind::OptObject), ("data", Kind::Object)])
        .query(QuerySpec::Object(0))
        .body(BodySpec::Json(1)),
    Spec::new("getAccounts", Method::Get, &[Seg::Lit("accounts")])
        .params(&[("filter", Kind::OptObject)])
        .query(QuerySpec::Object(0)),
    // `GET /auth/:componentType?componentId=…`, resolving `body.auth`.
    Spec::new(
        "getComponentAccounts",
        Method::Get,
        &[Seg::Lit("auth"), Seg::Arg(0)],
    )
    .params(&[("componentType", Kind::Str), ("componentId", Kind::OptStr)])
    .query(QuerySpec::Pair("componentId", 1))
    .resolve(Resolve::FieldOrEmpty("auth")),
    Spec::new(
        "getAccountFlows",
        Method::Get,
        &[Seg::Lit("accounts"), Seg::Arg(0), Seg::Lit("flows")],
    )
    .params(ACCOUNT_ID),
    Spec::new(
        "setAccountName",
        Method::Put,
        &[Seg::Lit("accounts"), Seg::Arg(0)],
    )
    .params(&[("accountId", Kind::Str), ("newName", Kind::Str)])
    .body(BodySpec::Fields(
        &[("displayName", FieldSpec::Arg(1))],
        None,
    )),
    // `GET /auth/:service` (e.g. `appmixer.slack`), resolving `body.auth`.
    Spec::new("getAuth", Method::Get, &[Seg::Lit("auth"), Seg::Arg(0)])
        .params(&[("service", Kind::Str)])
        .resolve(Resolve::FieldOrEmpty("auth")),
];

#[cfg(test)]
mod tests;
