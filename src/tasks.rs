//! People tasks, under the configurable prefix (`peopleTasksPath`).

use crate::api::{BodySpec, Kind, QuerySpec, Seg, Spec};
use crate::request::Method;

const QUERY: &[(&str, Kind)] = &[("query", Kind::OptObject)];
const DECISION: &[(&str, Kind)] = &[("id", Kind::Str), ("params", Kind::OptObject)];

pub const METHODS: &[Spec] = &[
    Spec::new("getPeopleTasks", Method::Get, &[Seg::Lit("tasks")])
        .params(QUERY)
        .query(QuerySpec::Object(0))
        .under_tasks_prefix(),
    Spec::new(
        "getPeopleTasksCount",
        Method::Get,
        &[Seg::Lit("tasks-count")],
    )
    .params(QUERY)
    .query(QuerySpec::Object(0))
    .under_tasks_prefix(),
    Spec::new(
        "getPeopleTask",
        Method::Get,
        &[Seg::Lit("tasks"), Seg::Arg(0)],
    )
    .params(&[("id", Kind::Str)])
    .under_tasks_prefix(),
    // `PUT /tasks/:id/approve` with `params` (or `{}`) as the body.
    Spec::new(
        "approveTask",
        Method::Put,
        &[Seg::Lit("tasks"), Seg::Arg(0), Seg::Lit("approve")],
    )
    .params(DECISION)
    .body(BodySpec::Json(1))
    .under_tasks_prefix(),
    Spec::new(
        "rejectTask",
        Method::Put,
        &[Seg::Lit("tasks"), Seg::Arg(0), Seg::Lit("reject")],
    )
    .params(DECISION)
    .body(BodySpec::Json(1))
    .under_tasks_prefix(),
];

#[cfg(test)]
mod tests;
