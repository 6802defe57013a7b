use crate::api::build_named;
use crate::args::Arg;
use crate::args::Args;
use crate::request::QueryPart;
use crate::request::*;

#[test]
fn posts_to_the_event_route() {
    let items = [
        Arg::Str("order created".into()),
        Arg::Object(1u8),
        Arg::Object(2),
    ];
    let p = build_named(&Args::new("sendAppEvent", &items)).unwrap();
    assert_eq!(
        p.path,
        "/plugins/appmixer/utils/appevents/events/order%20created"
    );
    assert_eq!(
        (p.body, p.query),
        (Body::Json(1), vec![QueryPart::Object(2)])
    );
    let p = build_named(&Args::new("sendAppEvent", &items[..1])).unwrap();
    assert_eq!((p.body, p.query.len()), (Body::Fields(vec![], None), 0));
}
