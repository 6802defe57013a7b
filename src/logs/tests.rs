use crate::api::build_named;
use crate::args::Arg;
use crate::args::Args;
use crate::request::QueryPart;

#[test]
fn log_requests() {
    let p = build_named(&Args::new("getLogs", &[Arg::Object(1u8)])).unwrap();
    assert_eq!(
        (p.path.as_str(), p.query),
        ("/logs", vec![QueryPart::Object(1)])
    );
    let items = [Arg::Str("id/1".into()), Arg::Str("appmixer-202612".into())];
    let p = build_named(&Args::new("getLog", &items)).unwrap();
    assert_eq!(p.path, "/logs/appmixer-202612/id%2F1");
    let e = build_named(&Args::new("getLog", &items[..1])).unwrap_err();
    assert!(e.message().contains("'index'"));
}
