//! Data stores and their records.

use crate::prelude::*;

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{id_path, path, Body, Field, Method, Part, Plan, QueryPart, Resolve};

fn store_path<V: Clone>(a: &Args<V>) -> Result<String, SdkError> {
    id_path(a, 0, "storeId", "stores", "")
}

pub fn get_stores<V: Clone>(_: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, "/stores".into()))
}

pub fn get_store<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, store_path(a)?))
}

/// `{storeId, pattern, limit, offset, sort}` as the query.
fn records<V: Clone>(a: &Args<V>, path: &str) -> Result<Plan<V>, SdkError> {
    let query = a.object(0, "query")?;
    Ok(Plan::new(Method::Get, path.into()).query(QueryPart::Object(query)))
}

pub fn get_store_records_count<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    records(a, "/store/count")
}

pub fn get_store_records<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    records(a, "/store")
}

pub fn create_store<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let name = a.str(0, "name")?;
    Ok(Plan::new(Method::Post, "/stores".into())
        .body(Body::Fields(vec![("name", Field::Str(name))], None))
        .resolve(Resolve::Field("storeId")))
}

pub fn delete_store<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Delete, store_path(a)?))
}

pub fn rename_store<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let path = store_path(a)?;
    let name = a.str(1, "newName")?;
    Ok(Plan::new(Method::Put, path).body(Body::Fields(vec![("name", Field::Str(name))], None)))
}

/// `POST /store/:storeId/:key` with the value as `text/plain`.
pub fn create_store_item<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let store_id = a.str(0, "storeId")?;
    let key = a.str(1, "key")?;
    let body = match a.text_value(2, "value")? {
        Err(text) => Body::Text(text),
        Ok(raw) => Body::TextOf(raw),
    };
    let store_seg = path(
        a.method,
        "storeId",
        &[Part::Lit("store"), Part::Seg(&store_id)],
    )?;
    let key_seg = path(a.method, "key", &[Part::Seg(&key)])?;
    Ok(Plan::new(Method::Post, [store_seg, key_seg].concat()).body(body))
}

/// `DELETE /store` with `[{key, storeId}, ...]` as the JSON body.
pub fn delete_store_items<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let items = a.array(0, "items")?;
    Ok(Plan::new(Method::Delete, "/store".into()).body(Body::Json(items)))
}

#[cfg(test)]
mod tests;
