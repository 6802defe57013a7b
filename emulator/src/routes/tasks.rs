//! People tasks (approval requests), served under both `/people-task` and
//! `/plugins/appmixer/utils/tasks`.
//!
//! A task links two people by e-mail: its `approver` and its `requester`.
//! A caller sees the tasks where their e-mail is one of the two, plus any
//! task whose approver or requester secret they pass (`?secret=`). Only the
//! approver (or whoever holds the approver secret) may approve or reject.
//! The secrets are answered once, by `POST .../tasks`.

use crate::auth::{constant_time_eq, AuthUser};
use crate::boom::{ApiResult, Boom};
use crate::state::{AppState, Flow, Task};
use crate::util::{
    hex, json_cmp, json_path, later_than, now_ms, object_id, parse_date, parse_json_object,
    parse_sort, query_get, query_pairs, query_usize, random_bytes, tick, FieldFilter,
};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

/// The two prefixes the tasks are served under.
pub const PREFIXES: &[&str] = &["/people-task", "/plugins/appmixer/utils/tasks"];

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for p in PREFIXES {
        r = r
            .route(&format!("{p}/tasks"), get(list_tasks).post(create_task))
            .route(&format!("{p}/tasks-count"), get(count_tasks))
            .route(&format!("{p}/tasks/{{id}}"), get(get_task))
            .route(&format!("{p}/tasks/{{id}}/approve"), put(approve))
            .route(&format!("{p}/tasks/{{id}}/reject"), put(reject));
    }
    r
}

fn task_not_found() -> Boom {
    Boom::not_found("Task not found.")
}

fn new_secret() -> String {
    hex(&random_bytes::<16>())
}

/// The component type that creates a people task when its flow starts.
pub const REQUEST_APPROVAL: &str = "appmixer.utils.tasks.RequestApproval";

/// A task a flow start created, with the component that created it.
pub struct StartedTask {
    pub component_id: String,
    pub label: String,
    pub task: Task,
}

/// The pending tasks a flow start creates: one per `RequestApproval`
/// component (sorted by component ID). Settings come from the component's
/// `config` or `config.properties`: `title` (default `Approve: <flow name>`),
/// `description`, `approver` (an e-mail; default the owner's), `decisionBy`
/// (ISO; else none). The requester is the owner. `seq` is left 0.
pub fn start_tasks(flow: &Flow, owner_email: &str, now: i64) -> Vec<StartedTask> {
    let Some(components) = flow.flow.as_object() else {
        return Vec::new();
    };
    let mut ids: Vec<&String> = components.keys().collect();
    ids.sort();
    ids.into_iter()
        .filter(|id| components[*id].get("type").and_then(Value::as_str) == Some(REQUEST_APPROVAL))
        .map(|id| {
            let c = &components[id];
            let setting = |key: &str| -> Option<&str> {
                let config = c.get("config")?;
                [
                    config.get(key),
                    config.get("properties").and_then(|p| p.get(key)),
                ]
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::trim)
                .find(|s| !s.is_empty())
            };
            let approver = setting("approver")
                .filter(|a| a.contains('@'))
                .unwrap_or(owner_email);
            StartedTask {
                component_id: id.clone(),
                label: c
                    .get("label")
                    .and_then(Value::as_str)
                    .unwrap_or(id)
                    .to_string(),
                task: Task {
                    task_id: object_id(),
                    title: setting("title")
                        .map_or_else(|| format!("Approve: {}", flow.name), str::to_string),
                    description: setting("description").unwrap_or_default().to_string(),
                    status: "pending".into(),
                    flow_id: Some(flow.flow_id.clone()),
                    approver: approver.to_string(),
                    requester: owner_email.to_string(),
                    decision_by: setting("decisionBy").and_then(parse_date).map(|(ms, _)| ms),
                    decision_made: None,
                    created: now,
                    mtime: now,
                    approver_secret: new_secret(),
                    requester_secret: new_secret(),
                    user_id: flow.user_id.clone(),
                    seq: 0,
                },
            }
        })
        .collect()
}

fn is_approver(task: &Task, user: &AuthUser, secret: Option<&str>) -> bool {
    task.approver.eq_ignore_ascii_case(&user.email)
        || secret.is_some_and(|s| constant_time_eq(s.as_bytes(), task.approver_secret.as_bytes()))
}

fn is_requester(task: &Task, user: &AuthUser, secret: Option<&str>) -> bool {
    task.requester.eq_ignore_ascii_case(&user.email)
        || secret.is_some_and(|s| constant_time_eq(s.as_bytes(), task.requester_secret.as_bytes()))
}

/// Whether the caller may see the task: theirs, or they hold one of its secrets.
fn visible(task: &Task, user: &AuthUser, secret: Option<&str>) -> bool {
    task.involves(&user.email) || secret.is_some_and(|s| task.has_secret(s))
}

#[derive(Clone, Copy)]
enum Role {
    Any,
    Approver,
    Requester,
}

struct TaskQuery {
    role: Role,
    pattern: Option<String>,
    secret: Option<String>,
    limit: usize,
    offset: usize,
    sort: Vec<(String, bool)>,
    filters: Vec<FieldFilter>,
}

impl TaskQuery {
    fn parse(raw: Option<&str>) -> ApiResult<TaskQuery> {
        let pairs = query_pairs(raw);
        let role = match query_get(&pairs, "role").map(str::trim) {
            None | Some("") => Role::Any,
            Some("approver") => Role::Approver,
            Some("requester") => Role::Requester,
            Some(other) => {
                return Err(Boom::bad_request(format!(
                    "\"role\" must be approver or requester, not \"{other}\""
                )))
            }
        };
        let sort = match query_get(&pairs, "sort").filter(|s| !s.trim().is_empty()) {
            Some(s) => parse_sort(Some(s))?,
            None => vec![("created".to_string(), true)],
        };
        Ok(TaskQuery {
            role,
            pattern: query_get(&pairs, "pattern")
                .filter(|p| !p.is_empty())
                .map(str::to_lowercase),
            secret: query_get(&pairs, "secret")
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            limit: query_usize(&pairs, "limit", 100)?,
            offset: query_usize(&pairs, "offset", 0)?,
            sort,
            filters: FieldFilter::all(&pairs)?,
        })
    }

    /// The matching tasks as JSON, sorted (not paged).
    fn matching(&self, state: &AppState, user: &AuthUser) -> Vec<Value> {
        let secret = self.secret.as_deref();
        let mut tasks: Vec<Task> = state.db(|db| {
            db.tasks
                .values()
                .filter(|t| match self.role {
                    Role::Any => visible(t, user, secret),
                    Role::Approver => is_approver(t, user, secret),
                    Role::Requester => is_requester(t, user, secret),
                })
                .cloned()
                .collect()
        });
        tasks.sort_by_key(|t| t.seq);
        let now = now_ms();
        let mut out: Vec<(u64, Value)> = tasks
            .iter()
            .filter(|t| {
                self.pattern
                    .as_ref()
                    .is_none_or(|p| t.title.to_lowercase().contains(p))
            })
            .map(|t| (t.seq, t.to_json(now)))
            .filter(|(_, v)| self.filters.iter().all(|f| f.matches(v)))
            .collect();
        out.sort_by(|a, b| {
            for (field, desc) in &self.sort {
                let o = json_cmp(json_path(&a.1, field), json_path(&b.1, field));
                let o = if *desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            let tie = a.0.cmp(&b.0);
            if self.sort.first().is_some_and(|(_, d)| *d) {
                tie.reverse()
            } else {
                tie
            }
        });
        out.into_iter().map(|(_, v)| v).collect()
    }
}

async fn list_tasks(
    State(state): State<AppState>,
    user: AuthUser,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Vec<Value>>> {
    let q = TaskQuery::parse(query.as_deref())?;
    let take = if q.limit == 0 { usize::MAX } else { q.limit };
    Ok(Json(
        q.matching(&state, &user)
            .into_iter()
            .skip(q.offset)
            .take(take)
            .collect(),
    ))
}

async fn count_tasks(
    State(state): State<AppState>,
    user: AuthUser,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let q = TaskQuery::parse(query.as_deref())?;
    Ok(Json(json!({ "count": q.matching(&state, &user).len() })))
}

async fn get_task(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let pairs = query_pairs(query.as_deref());
    let secret = query_get(&pairs, "secret").filter(|s| !s.is_empty());
    state
        .db(|db| {
            db.tasks
                .get(&id)
                .filter(|t| visible(t, &user, secret))
                .map(|t| t.to_json(now_ms()))
        })
        .map(Json)
        .ok_or_else(task_not_found)
}

fn email_field(body: &Map<String, Value>, key: &str) -> ApiResult<String> {
    match body.get(key) {
        Some(Value::String(s)) if s.contains('@') && !s.trim().is_empty() => {
            Ok(s.trim().to_string())
        }
        Some(_) => Err(Boom::bad_request(format!(
            "\"{key}\" must be an e-mail address"
        ))),
        None => Err(Boom::bad_request(format!("\"{key}\" is required"))),
    }
}

async fn create_task(
    State(state): State<AppState>,
    user: AuthUser,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = parse_json_object(&body)?;
    let title = match body.get("title") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) => {
            return Err(Boom::bad_request("\"title\" is not allowed to be empty"))
        }
        Some(_) => return Err(Boom::bad_request("\"title\" must be a string")),
        None => return Err(Boom::bad_request("\"title\" is required")),
    };
    let description = match body.get("description") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(Boom::bad_request("\"description\" must be a string")),
    };
    let approver = email_field(&body, "approver")?;
    let requester = email_field(&body, "requester")?;
    let flow_id = match body.get("flowId") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(Boom::bad_request("\"flowId\" must be a string")),
    };
    let decision_by = match body.get("decisionBy") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(
            parse_date(s)
                .map(|(ms, _)| ms)
                .ok_or_else(|| Boom::bad_request("\"decisionBy\" must be an ISO date"))?,
        ),
        Some(_) => return Err(Boom::bad_request("\"decisionBy\" must be an ISO date")),
    };
    let now = tick();
    let task = state.db(|db| {
        let task = Task {
            task_id: object_id(),
            title,
            description,
            status: "pending".into(),
            flow_id,
            approver,
            requester,
            decision_by,
            decision_made: None,
            created: now,
            mtime: now,
            approver_secret: new_secret(),
            requester_secret: new_secret(),
            user_id: user.id.clone(),
            seq: db.next_seq(),
        };
        db.tasks.insert(task.task_id.clone(), task.clone());
        task
    });
    let mut out = task.to_json(now_ms());
    if let Value::Object(m) = &mut out {
        m.insert("approverSecret".into(), json!(task.approver_secret));
        m.insert("requesterSecret".into(), json!(task.requester_secret));
    }
    Ok(Json(out))
}

async fn decide(
    state: AppState,
    user: AuthUser,
    id: String,
    query: Option<String>,
    body: Bytes,
    status: &'static str,
) -> ApiResult<Json<Value>> {
    let body = parse_json_object(&body)?;
    let secret = match body.get("secret") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(Boom::bad_request("\"secret\" must be a string")),
    }
    .or_else(|| query_get(&query_pairs(query.as_deref()), "secret").map(str::to_string))
    .filter(|s| !s.is_empty());
    let secret = secret.as_deref();
    state.db(|db| {
        let task = db
            .tasks
            .get_mut(&id)
            .filter(|t| visible(t, &user, secret))
            .ok_or_else(task_not_found)?;
        if !is_approver(task, &user, secret) {
            return Err(Boom::forbidden("Only the approver can decide this task."));
        }
        if task.status != "pending" {
            return Err(Boom::bad_request(format!(
                "Task already decided ({}).",
                task.status
            )));
        }
        let now = later_than(task.mtime);
        task.status = status.to_string();
        task.decision_made = Some(now);
        task.mtime = now;
        Ok(Json(task.to_json(now_ms())))
    })
}

async fn approve(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    decide(state, user, id, query, body, "approved").await
}

async fn reject(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    decide(state, user, id, query, body, "rejected").await
}
