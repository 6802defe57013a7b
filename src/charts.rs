//! Insights charts.

use crate::api::{Kind, Seg, Spec};
use crate::request::Method;

const CHART_ID: &[(&str, Kind)] = &[("chartId", Kind::Str)];
const CHART: &[Seg] = &[Seg::Lit("charts"), Seg::Arg(0)];

pub const METHODS: &[Spec] = &[
    Spec::new("getCharts", Method::Get, &[Seg::Lit("charts")]),
    Spec::new("getChart", Method::Get, CHART).params(CHART_ID),
    Spec::new("deleteChart", Method::Delete, CHART).params(CHART_ID),
];

#[cfg(test)]
mod tests;
