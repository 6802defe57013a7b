//! Test hooks (only with `--test-hooks`): the request recorder and token minting.

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
