use super::*;
use crate::args::Arg;

fn s(v: &str) -> Arg<u8> {
    Arg::Str(v.into())
}

#[test]
fn task_routes_sit_under_the_prefix() {
    let p = get_people_tasks(&Args::new("getPeopleTasks", &[Arg::Object(1u8)])).unwrap();
    assert_eq!((p.path.as_str(), p.tasks_prefix), ("/tasks", true));
    let p = get_people_tasks_count::<u8>(&Args::new("getPeopleTasksCount", &[])).unwrap();
    assert_eq!(p.path, "/tasks-count");
    let p = get_people_task(&Args::new("getPeopleTask", &[s("t/1")])).unwrap();
    assert_eq!((p.path.as_str(), p.tasks_prefix), ("/tasks/t%2F1", true));
}

#[test]
fn decisions_put_params() {
    let p = approve_task(&Args::new("approveTask", &[s("t1"), Arg::Object(7u8)])).unwrap();
    assert_eq!(
        (p.method, p.path.as_str(), p.body),
        (Method::Put, "/tasks/t1/approve", Body::Json(7))
    );
    let p = reject_task(&Args::new("rejectTask", &[s("t1")])).unwrap();
    assert_eq!(
        (p.path.as_str(), p.body),
        ("/tasks/t1/reject", Body::Fields(vec![], None))
    );
    assert!(reject_task(&Args::new("rejectTask", &[s("t1"), s("x")])).is_err());
}
