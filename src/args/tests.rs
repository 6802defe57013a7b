use super::*;

#[test]
fn checks_types_and_names_method_and_argument() {
    let items = vec![
        Arg::Num(42.0),
        Arg::Object(7u8),
        Arg::Undefined,
        Arg::Array(1u8),
    ];
    let a = Args::new("getFlow", &items);
    let e = a.str(0, "flowId").unwrap_err();
    assert_eq!(
        e.message(),
        "getFlow: argument 'flowId' must be a string, got number"
    );
    assert_eq!(a.object(1, "q").unwrap(), 7);
    assert_eq!(a.opt_object(2, "q").unwrap(), None);
    assert_eq!(a.opt_object(9, "q").unwrap(), None);
    assert!(a.opt_object(3, "q").is_err());
    assert_eq!(a.array(3, "items").unwrap(), 1);
    let e = a.object(5, "update").unwrap_err();
    assert!(e.message().ends_with("got undefined"), "{}", e.message());
}

#[test]
fn text_values_keep_the_raw_value() {
    let items = vec![
        Arg::Str("s".into()),
        Arg::Num(1.5),
        Arg::Undefined,
        Arg::Function,
    ];
    let raw = [0u8, 1, 2, 3];
    let a = Args::with_raw("createStoreItem", &items, &raw);
    assert_eq!(a.text_value(0, "value").unwrap(), Err("s".to_owned()));
    assert_eq!(a.text_value(1, "value").unwrap(), Ok(1));
    assert!(a.text_value(2, "value").is_err());
    assert!(a.text_value(3, "value").is_err());
}

#[test]
fn null_is_not_an_object() {
    let items: Vec<Arg<u8>> = vec![Arg::Null, Arg::Function];
    let a = Args::new("getFlows", &items);
    assert!(a
        .opt_object(0, "query")
        .unwrap_err()
        .message()
        .ends_with("got null"));
    assert!(a
        .opt_object(1, "query")
        .unwrap_err()
        .message()
        .ends_with("got function"));
}
