//! Flow logs.

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{path, Method, Part, Plan};

/// `GET /logs{from, size, sort, query}`.
pub fn get_logs<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, "/logs".into()).query_object(a.opt_object(0, "query")?))
}

/// `GET /logs/:index/:logId`.
pub fn get_log<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let log_id = a.str(0, "logId")?;
    let index = a.str(1, "index")?;
    let index_seg = path(a.method, "index", &[Part::Lit("logs"), Part::Seg(&index)])?;
    let id_seg = path(a.method, "logId", &[Part::Seg(&log_id)])?;
    Ok(Plan::new(Method::Get, [index_seg, id_seg].concat()))
}

#[cfg(test)]
mod tests;
