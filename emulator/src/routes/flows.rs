//! Flows: CRUD, listing with query options, start/stop, clone, and the
//! flow-authentication polling (`/auth/flow/...`).

use crate::auth::AuthUser;
use crate::boom::{ApiResult, Boom};
use crate::state::{AppState, AuthTicket, Db, Flow, Share};
use crate::util::{
    json_cmp, json_path, json_remove_path, later_than, parse_json_object, parse_sort, query_get,
    query_pairs, query_usize, tick, uuid_v4, FieldFilter,
};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/flows", get(list_flows).post(create_flow))
        .route("/flows/count", get(count_flows))
        .route(
            "/flows/{id}",
            get(get_flow).put(update_flow).delete(delete_flow),
        )
        .route("/flows/{id}/coordinator", post(coordinator))
        .route("/flows/{id}/clone", post(clone_flow))
        .route("/auth/flow/{id}/poll", get(auth_poll))
        .route("/auth/flow/status/{ticket}", get(auth_status))
}

fn flow_not_found() -> Boom {
    Boom::not_found("Flow not found.")
}

/// A flow the user may act on: their own, or (when `shared_perm` is given)
/// one another user shared with them granting that permission.
fn find_flow<'a>(
    db: &'a Db,
    user: &AuthUser,
    flow_id: &str,
    shared_perm: Option<&str>,
) -> Option<&'a Flow> {
    if let Some(f) = db.data.get(&user.id).and_then(|d| d.flows.get(flow_id)) {
        return Some(f);
    }
    let perm = shared_perm?;
    db.data
        .iter()
        .filter(|(owner, _)| **owner != user.id)
        .find_map(|(_, d)| d.flows.get(flow_id))
        .filter(|f| f.shared_with_grants(&user.email, &[perm]))
}

// ---------------------------------------------------------------------------
// Body validation

fn parse_name(v: &Value) -> ApiResult<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
        Value::String(_) => Err(Boom::bad_request("\"name\" is not allowed to be empty")),
        _ => Err(Boom::bad_request("\"name\" must be a string")),
    }
}

fn parse_descriptor(v: &Value) -> ApiResult<Value> {
    match v {
        Value::Object(_) => Ok(v.clone()),
        Value::Null => Ok(json!({})),
        _ => Err(Boom::bad_request("\"flow\" must be of type object")),
    }
}

fn parse_custom_fields(v: &Value) -> ApiResult<Map<String, Value>> {
    match v {
        Value::Object(m) => Ok(m.clone()),
        Value::Null => Ok(Map::new()),
        _ => Err(Boom::bad_request("\"customFields\" must be of type object")),
    }
}

fn parse_shared_with(v: &Value) -> ApiResult<Vec<Share>> {
    let bad = || Boom::bad_request("\"sharedWith\" must be an array of {email, permissions}");
    let Value::Array(items) = v else {
        return Err(bad());
    };
    items
        .iter()
        .map(|item| {
            let email = item.get("email").and_then(Value::as_str).ok_or_else(bad)?;
            let permissions = match item.get("permissions") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(p)) => p
                    .iter()
                    .map(|x| x.as_str().map(str::to_string).ok_or_else(bad))
                    .collect::<ApiResult<Vec<_>>>()?,
                Some(_) => return Err(bad()),
            };
            Ok(Share {
                email: email.to_string(),
                permissions,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Listing

struct ListQuery {
    limit: usize,
    offset: usize,
    pattern: Option<String>,
    sort: Vec<(String, bool)>,
    projection: Vec<String>,
    filters: Vec<FieldFilter>,
    shared_perms: Option<Vec<String>>,
}

impl ListQuery {
    fn parse(raw: Option<&str>) -> ApiResult<ListQuery> {
        let pairs = query_pairs(raw);
        let split_list = |v: &str| -> Vec<String> {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        Ok(ListQuery {
            limit: query_usize(&pairs, "limit", 100)?,
            offset: query_usize(&pairs, "offset", 0)?,
            pattern: query_get(&pairs, "pattern")
                .filter(|p| !p.is_empty())
                .map(str::to_string),
            sort: parse_sort(query_get(&pairs, "sort"))?,
            projection: query_get(&pairs, "projection")
                .map(split_list)
                .unwrap_or_default(),
            filters: FieldFilter::all(&pairs)?,
            shared_perms: query_get(&pairs, "sharedWithPermissions")
                .map(split_list)
                .filter(|p| !p.is_empty()),
        })
    }

    /// The matching flows (own, plus shared ones when asked), as JSON, unsorted.
    fn matching(&self, state: &AppState, user: &AuthUser) -> Vec<(i64, u64, Value)> {
        let flows: Vec<Flow> = state.db(|db| {
            let mut out: Vec<Flow> = db
                .data
                .get(&user.id)
                .map(|d| d.flows.values().cloned().collect())
                .unwrap_or_default();
            if let Some(perms) = &self.shared_perms {
                let perms: Vec<&str> = perms.iter().map(String::as_str).collect();
                out.extend(db.flows_shared_with(&user.id, &user.email, &perms).cloned());
            }
            out
        });
        let pattern = self.pattern.as_ref().map(|p| p.to_lowercase());
        flows
            .into_iter()
            .filter(|f| match (&pattern, &self.pattern) {
                (Some(lower), Some(raw)) => {
                    f.name.to_lowercase().contains(lower) || f.flow_id == *raw
                }
                _ => true,
            })
            .map(|f| (f.btime, f.seq, f.to_json()))
            .filter(|(_, _, json)| self.filters.iter().all(|flt| flt.matches(json)))
            .collect()
    }

    fn project(&self, mut flow: Value) -> Value {
        let (exclude, include): (Vec<&String>, Vec<&String>) =
            self.projection.iter().partition(|p| p.starts_with('-'));
        for p in exclude {
            json_remove_path(&mut flow, p.trim_start_matches('-'));
        }
        if include.is_empty() {
            return flow;
        }
        let Value::Object(all) = flow else {
            return flow;
        };
        let mut kept = Map::new();
        for (k, v) in all {
            let wanted = k == "flowId"
                || include
                    .iter()
                    .any(|p| p.trim_start_matches('+').split('.').next() == Some(k.as_str()));
            if wanted {
                kept.insert(k, v);
            }
        }
        Value::Object(kept)
    }
}

async fn list_flows(
    State(state): State<AppState>,
    user: AuthUser,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Vec<Value>>> {
    let q = ListQuery::parse(query.as_deref())?;
    let mut flows = q.matching(&state, &user);
    flows.sort_by(|a, b| {
        for (field, desc) in &q.sort {
            let o = json_cmp(json_path(&a.2, field), json_path(&b.2, field));
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        // Ties keep creation order, reversed when the (first) sort is descending.
        let tie = (a.0, a.1).cmp(&(b.0, b.1));
        if q.sort.first().is_some_and(|(_, desc)| *desc) {
            tie.reverse()
        } else {
            tie
        }
    });
    let take = if q.limit == 0 { usize::MAX } else { q.limit };
    Ok(Json(
        flows
            .into_iter()
            .skip(q.offset)
            .take(take)
            .map(|(_, _, f)| q.project(f))
            .collect(),
    ))
}

async fn count_flows(
    State(state): State<AppState>,
    user: AuthUser,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let q = ListQuery::parse(query.as_deref())?;
    Ok(Json(json!({ "count": q.matching(&state, &user).len() })))
}

// ---------------------------------------------------------------------------
// CRUD

async fn create_flow(
    State(state): State<AppState>,
    user: AuthUser,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = parse_json_object(&body)?;
    let name = parse_name(
        body.get("name")
            .ok_or_else(|| Boom::bad_request("\"name\" is required"))?,
    )?;
    let descriptor = parse_descriptor(body.get("flow").unwrap_or(&Value::Null))?;
    let custom_fields = parse_custom_fields(body.get("customFields").unwrap_or(&Value::Null))?;
    let shared_with = match body.get("sharedWith") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => parse_shared_with(v)?,
    };
    let now = tick();
    let flow = Flow {
        flow_id: uuid_v4(),
        user_id: user.id.clone(),
        name,
        flow: descriptor,
        running: false,
        btime: now,
        mtime: now,
        started: None,
        custom_fields,
        shared_with,
        seq: 0,
    };
    let flow_id = state.db(|db| db.insert_flow(flow));
    Ok(Json(json!({ "flowId": flow_id })))
}

async fn get_flow(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| find_flow(db, &user, &id, Some("read")).map(Flow::to_json))
        .map(Json)
        .ok_or_else(flow_not_found)
}

async fn update_flow(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = parse_json_object(&body)?;
    let name = body.get("name").map(parse_name).transpose()?;
    let descriptor = match body.get("flow") {
        None => None,
        Some(v) => Some(parse_descriptor(v)?),
    };
    let custom_fields = body
        .get("customFields")
        .map(parse_custom_fields)
        .transpose()?;
    let shared_with = body.get("sharedWith").map(parse_shared_with).transpose()?;
    state
        .db(|db| {
            let flow = db.data.get_mut(&user.id)?.flows.get_mut(&id)?;
            if let Some(n) = name {
                flow.name = n;
            }
            if let Some(d) = descriptor {
                flow.flow = d;
            }
            if let Some(c) = custom_fields {
                flow.custom_fields = c;
            }
            if let Some(s) = shared_with {
                flow.shared_with = s;
            }
            flow.mtime = later_than(flow.mtime);
            Some(flow.to_json())
        })
        .map(Json)
        .ok_or_else(flow_not_found)
}

async fn delete_flow(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| db.data.get_mut(&user.id)?.flows.remove(&id))
        .map(|f| Json(json!({ "flowId": f.flow_id })))
        .ok_or_else(flow_not_found)
}

async fn coordinator(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = parse_json_object(&body)?;
    let start = match body.get("command").and_then(Value::as_str) {
        Some("start") => true,
        Some("stop") => false,
        Some(other) => {
            return Err(Boom::bad_request(format!(
                "Invalid command \"{other}\" (expected \"start\" or \"stop\")"
            )))
        }
        None => return Err(Boom::bad_request("\"command\" is required")),
    };
    let perm = if start { "start" } else { "stop" };
    state
        .db(|db| {
            let (owner, flow_id) = {
                let f = find_flow(db, &user, &id, Some(perm))?;
                (f.user_id.clone(), f.flow_id.clone())
            };
            let flow = db.data.get_mut(&owner)?.flows.get_mut(&flow_id)?;
            let now = later_than(flow.mtime);
            if start && !flow.running {
                flow.started = Some(now);
            }
            if !start {
                flow.started = None;
            }
            flow.running = start;
            flow.mtime = now;
            if !start {
                return Some(flow_id);
            }
            // Starting writes one log entry per component (to the owner's logs)
            // and creates a pending people task per RequestApproval component.
            let mut entries = crate::routes::logs::start_entries(flow, now);
            let owner_email = db.users.get(&owner).map(|u| u.email.clone());
            let flow = db.data.get(&owner)?.flows.get(&flow_id)?;
            let started = owner_email
                .map(|email| crate::routes::tasks::start_tasks(flow, &email, now))
                .unwrap_or_default();
            for s in started {
                if let Some(e) = entries
                    .iter_mut()
                    .find(|e| e.component_id == s.component_id)
                {
                    e.message = format!("{}: approval requested from {}", s.label, s.task.approver);
                    if let Value::Object(msg) = &mut e.msg {
                        msg.insert("taskId".into(), json!(s.task.task_id));
                        msg.insert("title".into(), json!(s.task.title));
                        msg.insert("approver".into(), json!(s.task.approver));
                        msg.insert("requester".into(), json!(s.task.requester));
                    }
                }
                let mut task = s.task;
                task.seq = db.next_seq();
                db.tasks.insert(task.task_id.clone(), task);
            }
            db.user_data(&owner).push_logs(entries);
            Some(flow_id)
        })
        .map(|flow_id| Json(json!({ "flowId": flow_id })))
        .ok_or_else(flow_not_found)
}

async fn clone_flow(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    // Options such as {connectAccounts: false} are accepted; they change nothing here.
    let _options = parse_json_object(&body)?;
    state
        .db(|db| {
            let original = db.data.get(&user.id)?.flows.get(&id)?.clone();
            let now = tick();
            let copy = Flow {
                flow_id: uuid_v4(),
                user_id: user.id.clone(),
                name: format!("Copy of {}", original.name),
                flow: original.flow,
                running: false,
                btime: now,
                mtime: now,
                started: None,
                custom_fields: original.custom_fields,
                shared_with: Vec::new(),
                seq: 0,
            };
            Some(db.insert_flow(copy))
        })
        .map(|clone_id| Json(json!({ "cloneId": clone_id })))
        .ok_or_else(flow_not_found)
}

// ---------------------------------------------------------------------------
// Flow authentication (getFlowAuthentication)

/// Tickets kept per user; older ones are dropped past this.
const MAX_TICKETS: usize = 1_000;

async fn auth_poll(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| {
            let flow_id = find_flow(db, &user, &id, Some("read"))?.flow_id.clone();
            let ticket = uuid_v4().replace('-', "");
            let tickets = &mut db.user_data(&user.id).auth_tickets;
            if tickets.len() >= MAX_TICKETS {
                tickets.clear();
            }
            tickets.insert(
                ticket.clone(),
                AuthTicket {
                    flow_id,
                    status_calls: 0,
                },
            );
            Some(ticket)
        })
        .map(|ticket| Json(json!({ "ticket": ticket })))
        .ok_or_else(flow_not_found)
}

async fn auth_status(
    State(state): State<AppState>,
    user: AuthUser,
    Path(ticket): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| {
            let t = db.data.get_mut(&user.id)?.auth_tickets.get_mut(&ticket)?;
            t.status_calls = t.status_calls.saturating_add(1);
            if t.status_calls == 1 {
                return Some(json!({ "status": "pending" }));
            }
            let flow_id = t.flow_id.clone();
            let Some(flow) = find_flow(db, &user, &flow_id, Some("read")) else {
                return Some(json!({ "status": "error", "message": "Flow not found." }));
            };
            let accounts: Vec<_> = db
                .data
                .get(&user.id)
                .map(|d| d.accounts.values().collect())
                .unwrap_or_default();
            let mut out = Map::new();
            out.insert("status".into(), json!("done"));
            for (component_id, component) in flow.flow.as_object().into_iter().flatten() {
                let Some(ctype) = component.get("type").and_then(Value::as_str) else {
                    continue;
                };
                let Some(service) = crate::catalog::service_for(ctype) else {
                    continue;
                };
                let configured = crate::routes::accounts::configured_account(component);
                let mut list = Map::new();
                for a in accounts.iter().filter(|a| a.service == service) {
                    let assigned = configured == Some(a.account_id.as_str());
                    list.insert(
                        a.account_id.clone(),
                        crate::routes::accounts::auth_entry(a, Some(assigned)),
                    );
                }
                out.insert(
                    component_id.clone(),
                    json!({ "componentType": ctype, "auth": { "accounts": list } }),
                );
            }
            Some(Value::Object(out))
        })
        .map(Json)
        .ok_or_else(|| Boom::not_found("Ticket not found."))
}
