//! Flow logs.

use crate::api::{Kind, QuerySpec, Seg, Spec};
use crate::request::Method;

pub const METHODS: &[Spec] = &[
    // `GET /logs{from, size, sort, query}`.
    Spec::new("getLogs", Method::Get, &[Seg::Lit("logs")])
        .params(&[("query", Kind::OptObject)])
        .query(QuerySpec::Object(0)),
    // `GET /logs/:index/:logId`.
    Spec::new(
        "getLog",
        Method::Get,
        &[Seg::Lit("logs"), Seg::Arg(1), Seg::Arg(0)],
    )
    .params(&[("logId", Kind::Str), ("index", Kind::Str)]),
];

#[cfg(test)]
mod tests;
