//! Insights charts.

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{path, Method, Part, Plan};

fn chart_path<V: Clone>(a: &Args<V>) -> Result<String, SdkError> {
    let id = a.str(0, "chartId")?;
    path(a.method, "chartId", &[Part::Lit("charts"), Part::Seg(&id)])
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
mod tests {
    use super::*;
    use crate::args::Arg;

    #[test]
    fn chart_routes() {
        assert_eq!(get_charts::<u8>(&Args::new("getCharts", &[])).unwrap().path, "/charts");
        let items = [Arg::Str("c 1".into())];
        assert_eq!(get_chart::<u8>(&Args::new("getChart", &items)).unwrap().path, "/charts/c%201");
        let p = delete_chart::<u8>(&Args::new("deleteChart", &items)).unwrap();
        assert_eq!((p.method, p.path.as_str()), (Method::Delete, "/charts/c%201"));
    }
}
