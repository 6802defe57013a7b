//! People tasks, under the configurable prefix (`peopleTasksPath`).

use crate::prelude::*;

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{id_path, Body, Field, Method, Plan};

fn list<V: Clone>(a: &Args<V>, route: &str) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, route.into())
        .under_tasks_prefix()
        .query_object(a.opt_object(0, "query")?))
}

pub fn get_people_tasks<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    list(a, "/tasks")
}

pub fn get_people_tasks_count<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    list(a, "/tasks-count")
}

fn task_path<V: Clone>(a: &Args<V>, suffix: &str) -> Result<String, SdkError> {
    id_path(a, 0, "id", "tasks", suffix)
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
mod tests;
