//! Test hooks (only with `--test-hooks`): the request recorder, token
//! minting, fault injection and the received app events.

use crate::boom::{ApiResult, Boom};
use crate::record::RequestRecord;
use crate::state::AppState;
use crate::util::{parse_json_object, query_get, query_pairs};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/_emulator/requests",
            get(list_requests).delete(clear_requests),
        )
        .route("/_emulator/token", post(mint_token))
        .route(
            "/_emulator/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/_emulator/app-events", get(list_app_events))
}

async fn add_fault(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<Value>> {
    let rule = crate::fault::parse_rule(&parse_json_object(&body)?)?;
    let id = state.faults(|f| f.add(rule))?;
    Ok(Json(json!({ "faultId": id })))
}

async fn list_faults(State(state): State<AppState>) -> Json<Vec<Value>> {
    Json(state.faults(|f| f.list()))
}

async fn clear_faults(State(state): State<AppState>) -> Json<Value> {
    let cleared = state.faults(|f| f.clear());
    Json(json!({ "cleared": cleared }))
}

/// Every user's received app events, oldest first.
async fn list_app_events(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Json<Vec<Value>> {
    let pairs = query_pairs(query.as_deref());
    let only = query_get(&pairs, "userId").filter(|s| !s.is_empty());
    let mut events: Vec<(i64, Value)> = state.db(|db| {
        db.data
            .iter()
            .filter(|(uid, _)| only.is_none_or(|u| u == uid.as_str()))
            .flat_map(|(uid, d)| {
                d.app_events.iter().map(move |e| {
                    let mut v = e.to_json();
                    if let Value::Object(m) = &mut v {
                        m.insert("userId".into(), json!(uid));
                        m.insert("data".into(), e.data.clone());
                        m.insert("query".into(), json!(e.query));
                    }
                    (e.received, v)
                })
            })
            .collect()
    });
    events.sort_by_key(|(t, _)| *t);
    Json(events.into_iter().map(|(_, v)| v).collect())
}

async fn list_requests(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Vec<RequestRecord>>> {
    let pairs = query_pairs(query.as_deref());
    let since = match query_get(&pairs, "since") {
        None | Some("") => 0,
        Some(s) => s
            .trim()
            .parse::<u64>()
            .map_err(|_| Boom::bad_request("\"since\" must be a non-negative integer"))?,
    };
    let user_id = query_get(&pairs, "userId").filter(|s| !s.is_empty());
    Ok(Json(state.recorder(|r| r.list(since, user_id))))
}

async fn clear_requests(State(state): State<AppState>) -> Json<Value> {
    state.recorder(|r| r.clear());
    Json(json!({}))
}

async fn mint_token(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<Value>> {
    let body = parse_json_object(&body)?;
    let user_id = match body.get("userId") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(Boom::bad_request("\"userId\" must be a non-empty string")),
    };
    let ttl = match body.get("expiresIn") {
        None | Some(Value::Null) => state.config().token_ttl,
        Some(v) => v
            .as_f64()
            .filter(|f| f.is_finite())
            .map(|f| f.round() as i64)
            .ok_or_else(|| Boom::bad_request("\"expiresIn\" must be a number of seconds"))?,
    };
    Ok(Json(json!({ "token": state.mint_token(&user_id, ttl) })))
}
