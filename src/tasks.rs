//! People tasks, under the configurable prefix (`peopleTasksPath`).

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{path, Body, Field, Method, Part, Plan, QueryPart};

fn list<V: Clone>(a: &Args<V>, route: &str) -> Result<Plan<V>, SdkError> {
    let mut plan = Plan::new(Method::Get, route.into()).under_tasks_prefix();
    if let Some(q) = a.opt_object(0, "query")? {
        plan = plan.query(QueryPart::Object(q));
    }
    Ok(plan)
}

pub fn get_people_tasks<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    list(a, "/tasks")
}

pub fn get_people_tasks_count<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    list(a, "/tasks-count")
}

fn task_path<V: Clone>(a: &Args<V>, suffix: &str) -> Result<String, SdkError> {
    let id = a.str(0, "id")?;
    path(a.method, "id", &[Part::Lit("tasks"), Part::Seg(&id), Part::Lit(suffix)])
}

pub fn get_people_task<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, task_path(a, "")?).under_tasks_prefix())
}

fn decide<V: Clone>(a: &Args<V>, decision: &str) -> Result<Plan<V>, SdkError> {
    let p = task_path(a, decision)?;
    let params = a.opt_object(1, "params")?;
    let body = match params {
        Some(p) => Body::Json(p),
        None => Body::Fields(Vec::<(&str, Field<V>)>::new(), None),
    };
    Ok(Plan::new(Method::Put, p).body(body).under_tasks_prefix())
}

pub fn approve_task<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    decide(a, "approve")
}

pub fn reject_task<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    decide(a, "reject")
}

#[cfg(test)]
mod tests {
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
        assert_eq!((p.method, p.path.as_str(), p.body), (Method::Put, "/tasks/t1/approve", Body::Json(7)));
        let p = reject_task(&Args::new("rejectTask", &[s("t1")])).unwrap();
        assert_eq!((p.path.as_str(), p.body), ("/tasks/t1/reject", Body::Fields(vec![], None)));
        assert!(reject_task(&Args::new("rejectTask", &[s("t1"), s("x")])).is_err());
    }
}
