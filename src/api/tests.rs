use super::*;

#[test]
fn every_listed_name_resolves() {
    for name in METHOD_NAMES {
        let (n, _, _) = lookup::<u8>(name).unwrap();
        assert_eq!(&n, name);
    }
    assert!(lookup::<u8>("nope").is_none());
}
