use crate::api::build_named;
use crate::args::Arg;
use crate::args::Args;
use crate::request::*;

fn s(v: &str) -> Arg<u8> {
    Arg::Str(v.into())
}

#[test]
fn store_crud() {
    let p = build_named(&Args::new("getStores", &[])).unwrap();
    assert_eq!((p.method, p.path.as_str()), (Method::Get, "/stores"));
    let p = build_named(&Args::new("getStore", &[s("abc")])).unwrap();
    assert_eq!(p.path, "/stores/abc");
    let p = build_named(&Args::new("createStore", &[s("My store")])).unwrap();
    assert_eq!(
        p.body,
        Body::Fields(vec![("name", Field::Str("My store".into()))], None)
    );
    assert_eq!(p.resolve, Resolve::Field("storeId"));
    assert!(build_named(&Args::new("createStore", &[Arg::Object(1u8)])).is_err());
    let p = build_named(&Args::new("renameStore", &[s("id"), s("New")])).unwrap();
    assert_eq!((p.method, p.path.as_str()), (Method::Put, "/stores/id"));
    assert_eq!(
        p.body,
        Body::Fields(vec![("name", Field::Str("New".into()))], None)
    );
    let p = build_named(&Args::new("deleteStore", &[s("id")])).unwrap();
    assert_eq!((p.method, p.path.as_str()), (Method::Delete, "/stores/id"));
}

#[test]
fn records_take_a_query_object() {
    let p = build_named(&Args::new("getStoreRecords", &[Arg::Object(4u8)])).unwrap();
    assert_eq!(
        (p.path.as_str(), p.query),
        ("/store", vec![QueryPart::Object(4)])
    );
    let p = build_named(&Args::new("getStoreRecordsCount", &[Arg::Object(4u8)])).unwrap();
    assert_eq!(p.path, "/store/count");
    let e = build_named(&Args::new("getStoreRecords", &[s("id")])).unwrap_err();
    assert_eq!(
        e.message(),
        "getStoreRecords: argument 'query' must be an object, got string"
    );
}

#[test]
fn store_items_encode_the_key_and_send_text() {
    let items = [s("st"), s("a/b?x=1#f 100%"), s("hello")];
    let p = build_named(&Args::new("createStoreItem", &items)).unwrap();
    assert_eq!(p.path, "/store/st/a%2Fb%3Fx%3D1%23f%20100%25");
    assert_eq!(p.body, Body::Text("hello".into()));
    let items = [s("st"), s("k"), Arg::Object(5u8)];
    let raw = [0, 0, 5];
    let p = build_named(&Args::with_raw("createStoreItem", &items, &raw)).unwrap();
    assert_eq!(p.body, Body::TextOf(5));
    let items = [s("st"), s(".."), s("v")];
    assert!(build_named(&Args::new("createStoreItem", &items)).is_err());
    let items = [s("st"), s("k"), Arg::Undefined];
    let e = build_named(&Args::new("createStoreItem", &items)).unwrap_err();
    assert!(e.message().contains("'value'"), "{}", e.message());
}

#[test]
fn delete_items_sends_the_array() {
    let p = build_named(&Args::new("deleteStoreItems", &[Arg::Array(8u8)])).unwrap();
    assert_eq!(
        (p.method, p.path.as_str(), p.body),
        (Method::Delete, "/store", Body::Json(8))
    );
    assert!(build_named(&Args::new("deleteStoreItems", &[s("x")])).is_err());
}
