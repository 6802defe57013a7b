//! Insights charts.

use crate::prelude::*;

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{id_path, Method, Plan};

fn chart_path<V: Clone>(a: &Args<V>) -> Result<String, SdkError> {
    id_path(a, 0, "chartId", "charts", "")
}

pub fn get_charts<V: Clone>(_: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, "/charts".into()))
}

pub fn get_chart<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, chart_path(a)?))
}

pub fn delete_chart<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Delete, chart_path(a)?))
}

#[cfg(test)]
mod tests;
