use crate::api::build_named;
use crate::args::Arg;
use crate::args::Args;
use crate::request::*;

fn s(v: &str) -> Arg<u8> {
    Arg::Str(v.into())
}

#[test]
fn task_routes_sit_under_the_prefix() {
    let p = build_named(&Args::new("getPeopleTasks", &[Arg::Object(1u8)])).unwrap();
    assert_eq!((p.path.as_str(), p.tasks_prefix), ("/tasks", true));
    let p = build_named(&Args::new("getPeopleTasksCount", &[])).unwrap();
    assert_eq!(p.path, "/tasks-count");
    let p = build_named(&Args::new("getPeopleTask", &[s("t/1")])).unwrap();
    assert_eq!((p.path.as_str(), p.tasks_prefix), ("/tasks/t%2F1", true));
}

#[test]
fn decisions_put_params() {
    let p = build_named(&Args::new("approveTask", &[s("t1"), Arg::Object(7u8)])).unwrap();
    assert_eq!(
        (p.method, p.path.as_str(), p.body),
        (Method::Put, "/tasks/t1/approve", Body::Json(7))
    );
    let p = build_named(&Args::new("rejectTask", &[s("t1")])).unwrap();
    assert_eq!(
        (p.path.as_str(), p.body),
        ("/tasks/t1/reject", Body::Fields(vec![], None))
    );
    assert!(build_named(&Args::new("rejectTask", &[s("t1"), s("x")])).is_err());
}
