use super::*;
use crate::args::Arg;

#[test]
fn chart_routes() {
    assert_eq!(
        get_charts::<u8>(&Args::new("getCharts", &[])).unwrap().path,
        "/charts"
    );
    let items = [Arg::Str("c 1".into())];
    assert_eq!(
        get_chart::<u8>(&Args::new("getChart", &items))
            .unwrap()
            .path,
        "/charts/c%201"
    );
    let p = delete_chart::<u8>(&Args::new("deleteChart", &items)).unwrap();
    assert_eq!(
        (p.method, p.path.as_str()),
        (Method::Delete, "/charts/c%201")
    );
}
