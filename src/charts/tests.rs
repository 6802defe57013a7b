use crate::api::build_named;
use crate::args::Arg;
use crate::args::Args;
use crate::request::*;

#[test]
fn chart_routes() {
    assert_eq!(
        build_named(&Args::new("getCharts", &[])).unwrap().path,
        "/charts"
    );
    let items = [Arg::Str("c 1".into())];
    assert_eq!(
        build_named(&Args::new("getChart", &items)).unwrap().path,
        "/charts/c%201"
    );
    let p = build_named(&Args::new("deleteChart", &items)).unwrap();
    assert_eq!(
        (p.method, p.path.as_str()),
        (Method::Delete, "/charts/c%201")
    );
}
