//! Data stores and their records.

use crate::api::{BodySpec, FieldSpec, Kind, QuerySpec, Seg, Spec};
use crate::request::{Method, Resolve};

const STORE_ID: &[(&str, Kind)] = &[("storeId", Kind::Str)];
const STORE: &[Seg] = &[Seg::Lit("stores"), Seg::Arg(0)];
/// `{storeId, pattern, limit, offset, sort}` as the query.
const QUERY: &[(&str, Kind)] = &[("query", Kind::Object)];

pub const METHODS: &[Spec] = &[
    Spec::new("getStores", Method::Get, &[Seg::Lit("stores")]),
    Spec::new("getStore", Method::Get, STORE).params(STORE_ID),
    Spec::new(
        "getStoreRecordsCount",
        Method::Get,
        &[Seg::Lit("store/count")],
    )
    .params(QUERY)
    .query(QuerySpec::Object(0)),
    Spec::new("getStoreRecords", Method::Get, &[Seg::Lit("store")])
        .params(QUERY)
        .query(QuerySpec::Object(0)),
    Spec::new("createStore", Method::Post, &[Seg::Lit("stores")])
        .params(&[("name", Kind::Str)])
        .body(BodySpec::Fields(&[("name", FieldSpec::Arg(0))], None))
        .resolve(Resolve::Field("storeId")),
    Spec::new("deleteStore", Method::Delete, STORE).params(STORE_ID),
    Spec::new("renameStore", Method::Put, STORE)
        .params(&[("storeId", Kind::Str), ("newName", Kind::Str)])
        .body(BodySpec::Fields(&[("name", FieldSpec::Arg(1))], None)),
    // `POST /store/:storeId/:key` with the value as `text/plain`.
    Spec::new(
        "createStoreItem",
        Method::Post,
        &[Seg::Lit("store"), Seg::Arg(0), Seg::Arg(1)],
    )
    .params(&[
        ("storeId", Kind::Str),
        ("key", Kind::Str),
        ("value", Kind::TextValue),
    ])
    .body(BodySpec::Text(2)),
    // `DELETE /store` with `[{key, storeId}, ...]` as the JSON body.
    Spec::new("deleteStoreItems", Method::Delete, &[Seg::Lit("store")])
        .params(&[("items", Kind::Array)])
        .body(BodySpec::Json(0)),
];

#[cfg(test)]
mod tests;
