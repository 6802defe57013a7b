//! Accounts (connected services): create, list, rename, the flows that use
//! one, and the auth views of a component type (`/auth/:componentType`) or a
//! service (`/auth/:service`).
//!
//! Which flows use an account (`GET /accounts/:id/flows`, and
//! `componentAssigned`): a component uses the account named by its
//! `config.accountId`. A component without `config.accountId` whose type
//! needs the account's service (see `catalog.rs`) uses it when it is the
//! user's only account of that service (the engine would pick it).

use crate::auth::AuthUser;
use crate::boom::{ApiResult, Boom};
use crate::catalog;
use crate::state::{Account, AppState, Flow};
use crate::util::{json_path, parse_json_object, query_get, query_pairs, tick, FieldFilter};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts", get(list_accounts).post(create_account))
        .route("/accounts/{id}", get(get_account).put(update_account))
        .route("/accounts/{id}/flows", get(account_flows))
        .route("/auth/{target}", get(auth_target))
}

fn account_not_found() -> Boom {
    Boom::not_found("Account not found.")
}

/// An account as listed in an auth view.
pub fn auth_entry(a: &Account, assigned: Option<bool>) -> Value {
    let mut m = Map::new();
    m.insert("accountId".into(), json!(a.account_id));
    m.insert("name".into(), json!(a.name));
    m.insert("displayName".into(), json!(a.display_name));
    m.insert("accessTokenValid".into(), json!(true));
    if let Some(assigned) = assigned {
        m.insert("componentAssigned".into(), json!(assigned));
    }
    m.insert("service".into(), json!(a.service));
    m.insert("icon".into(), json!(a.icon));
    Value::Object(m)
}

/// The account ID a component names in `config.accountId`, if any.
pub fn configured_account(component: &Value) -> Option<&str> {
    json_path(component, "config.accountId").and_then(Value::as_str)
}

/// Whether `component` uses `account` (see the module docs); `sole` says
/// whether it is the user's only account of its service.
fn component_uses(component: &Value, account: &Account, sole: bool) -> bool {
    match configured_account(component) {
        Some(id) => id == account.account_id,
        None => {
            sole && component
                .get("type")
                .and_then(Value::as_str)
                .and_then(catalog::service_for)
                == Some(account.service.as_str())
        }
    }
}

fn flow_uses(flow: &Flow, account: &Account, sole: bool) -> bool {
    flow.flow
        .as_object()
        .is_some_and(|m| m.values().any(|c| component_uses(c, account, sole)))
}

fn user_accounts(state: &AppState, user: &AuthUser) -> Vec<Account> {
    let mut accounts: Vec<Account> = state.db(|db| {
        db.data
            .get(&user.id)
            .map(|d| d.accounts.values().cloned().collect())
            .unwrap_or_default()
    });
    accounts.sort_by_key(|a| (a.seq, a.created));
    accounts
}

fn optional_string(body: &Map<String, Value>, key: &str) -> ApiResult<Option<String>> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Boom::bad_request(format!("\"{key}\" must be a string"))),
    }
}

/// The default name: the profile's e-mail, name or username, else "<Service> account".
fn default_name(service: &str, profile: &Value) -> String {
    for key in ["email", "name", "username", "login", "user"] {
        if let Some(s) = profile.get(key).and_then(Value::as_str) {
            if !s.trim().is_empty() {
                return s.to_string();
            }
        }
    }
    let short = service.rsplit(':').next().unwrap_or(service);
    let mut chars = short.chars();
    match chars.next() {
        Some(c) => format!("{}{} account", c.to_uppercase(), chars.as_str()),
        None => "Account".to_string(),
    }
}

async fn create_account(
    State(state): State<AppState>,
    user: AuthUser,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    // Query parameters (validateScope, requestProfileInfo, ...) are accepted and ignored.
    let body = parse_json_object(&body)?;
    let service = match body.get("service") {
        Some(Value::String(s)) if catalog::is_service_id(s) => s.clone(),
        Some(Value::String(_)) => {
            return Err(Boom::bad_request(
                "\"service\" must be a service ID like \"appmixer:slack\"",
            ))
        }
        Some(_) => return Err(Boom::bad_request("\"service\" must be a string")),
        None => return Err(Boom::bad_request("\"service\" is required")),
    };
    let profile_info = match body.get("profileInfo") {
        None | Some(Value::Null) => json!({}),
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return Err(Boom::bad_request("\"profileInfo\" must be of type object")),
    };
    let name = match optional_string(&body, "name")? {
        Some(n) if !n.trim().is_empty() => n,
        _ => default_name(&service, &profile_info),
    };
    let display_name = optional_string(&body, "displayName")?;
    let token = body.get("token").cloned().unwrap_or(Value::Null);
    let account = state.db(|db| {
        let seq = db.next_seq();
        let account = Account {
            account_id: crate::util::object_id(),
            name,
            display_name,
            icon: catalog::icon_for(&service),
            service,
            user_id: user.id.clone(),
            profile_info,
            token,
            created: tick(),
            seq,
        };
        db.user_data(&user.id)
            .accounts
            .insert(account.account_id.clone(), account.clone());
        account
    });
    Ok(Json(account.to_json()))
}

async fn list_accounts(
    State(state): State<AppState>,
    user: AuthUser,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Vec<Value>>> {
    let filters = FieldFilter::all(&query_pairs(query.as_deref()))?;
    Ok(Json(
        user_accounts(&state, &user)
            .iter()
            .map(Account::to_json)
            .filter(|a| filters.iter().all(|f| f.matches(a)))
            .collect(),
    ))
}

async fn get_account(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| {
            db.data
                .get(&user.id)?
                .accounts
                .get(&id)
                .map(Account::to_json)
        })
        .map(Json)
        .ok_or_else(account_not_found)
}

async fn update_account(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let body = parse_json_object(&body)?;
    if !body.contains_key("displayName") {
        return Err(Boom::bad_request("\"displayName\" is required"));
    }
    let display_name = optional_string(&body, "displayName")?;
    state
        .db(|db| {
            let account = db.data.get_mut(&user.id)?.accounts.get_mut(&id)?;
            account.display_name = display_name;
            Some(account.to_json())
        })
        .map(Json)
        .ok_or_else(account_not_found)
}

async fn account_flows(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Value>>> {
    let (account, sole, mut flows) = state
        .db(|db| {
            let data = db.data.get(&user.id)?;
            let account = data.accounts.get(&id)?.clone();
            let sole = data
                .accounts
                .values()
                .filter(|a| a.service == account.service)
                .count()
                == 1;
            let flows: Vec<Flow> = data.flows.values().cloned().collect();
            Some((account, sole, flows))
        })
        .ok_or_else(account_not_found)?;
    flows.sort_by_key(|f| (f.btime, f.seq));
    Ok(Json(
        flows
            .iter()
            .filter(|f| flow_uses(f, &account, sole))
            .map(|f| json!({ "flowId": f.flow_id, "name": f.name }))
            .collect(),
    ))
}

/// `GET /auth/:target`: a component type has three or more dot-separated
/// parts (`appmixer.slack.list.SendChannelMessage`); a service is
/// `vendor:service` or `vendor.service`.
async fn auth_target(
    State(state): State<AppState>,
    user: AuthUser,
    Path(target): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let parts: Vec<&str> = target.split('.').collect();
    if target.contains(':') || parts.len() == 2 {
        let service = if target.contains(':') {
            target.clone()
        } else {
            parts.join(":")
        };
        if !catalog::is_service_id(&service) {
            return Err(Boom::bad_request(format!(
                "Invalid service \"{target}\" (use vendor.service or vendor:service)"
            )));
        }
        let accounts: Map<String, Value> = user_accounts(&state, &user)
            .iter()
            .filter(|a| a.service == service)
            .map(|a| (a.account_id.clone(), auth_entry(a, None)))
            .collect();
        return Ok(Json(
            json!({ "service": service, "auth": { "accounts": accounts } }),
        ));
    }
    if parts.len() < 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(Boom::bad_request(format!(
            "Invalid component type or service \"{target}\""
        )));
    }
    let Some(service) = catalog::service_for(&target) else {
        return Ok(Json(json!({ "componentType": target })));
    };
    let pairs = query_pairs(query.as_deref());
    let component_id = query_get(&pairs, "componentId").filter(|s| !s.is_empty());
    let flow_id = query_get(&pairs, "flowId").filter(|s| !s.is_empty());
    // The accounts the component's config names (in any of the user's flows,
    // or only in `flowId` when given).
    let assigned: Vec<String> = match component_id {
        None => Vec::new(),
        Some(cid) => state.db(|db| {
            db.data
                .get(&user.id)
                .map(|d| {
                    d.flows
                        .values()
                        .filter(|f| flow_id.is_none_or(|id| f.flow_id == id))
                        .filter_map(|f| f.flow.get(cid))
                        .filter_map(configured_account)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        }),
    };
    let accounts: Map<String, Value> = user_accounts(&state, &user)
        .iter()
        .filter(|a| a.service == service)
        .map(|a| {
            let is_assigned = assigned.contains(&a.account_id);
            (a.account_id.clone(), auth_entry(a, Some(is_assigned)))
        })
        .collect();
    Ok(Json(json!({
        "componentType": target,
        "auth": { "accounts": accounts },
    })))
}
