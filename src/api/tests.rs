use super::*;

#[test]
fn every_listed_name_resolves() {
    let names: Vec<&str> = methods().map(|m| m.name).collect();
    assert_eq!(names.len(), 39);
    for name in &names {
        assert_eq!(lookup(name).unwrap().name, *name);
        assert_eq!(
            names.iter().filter(|n| *n == name).count(),
            1,
            "{name} twice"
        );
    }
    assert!(lookup("nope").is_none());
    assert!(lookup("getuser").is_none());
}

#[test]
fn paths_name_only_listed_parameters() {
    for spec in methods() {
        for seg in spec.path {
            if let Seg::Arg(i) = seg {
                let (name, kind) = spec.params[*i];
                assert_eq!(kind, Kind::Str, "{}: path parameter {name}", spec.name);
            }
        }
    }
}
