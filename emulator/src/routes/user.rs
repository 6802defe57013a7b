//! `POST /user` (sign up), `POST /user/auth` (log in), `GET /user`.

use crate::auth::{self, AuthUser};
use crate::boom::{ApiResult, Boom};
use crate::state::AppState;
use crate::util::{iso, parse_json_object};
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/user", get(get_user).post(signup))
        .route("/user/auth", post(login))
}

fn required_string<'a>(body: &'a Map<String, Value>, key: &str) -> ApiResult<&'a str> {
    match body.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) => Err(Boom::bad_request(format!(
            "\"{key}\" is not allowed to be empty"
        ))),
        Some(_) => Err(Boom::bad_request(format!("\"{key}\" must be a string"))),
        None => Err(Boom::bad_request(format!("\"{key}\" is required"))),
    }
}

async fn signup(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<Value>> {
    let body = parse_json_object(&body)?;
    let username = required_string(&body, "username")?;
    let password = required_string(&body, "password")?;
    let email = match body.get("email") {
        None | Some(Value::Null) => username,
        Some(Value::String(s)) if !s.trim().is_empty() => s.as_str(),
        Some(_) => return Err(Boom::bad_request("\"email\" must be a non-empty string")),
    };
    if state.db(|db| db.user_by_name(username).is_some()) {
        return Err(Boom::bad_request("User already exists"));
    }
    let user = state
        .create_user(username, email, password)
        .ok_or_else(|| Boom::bad_request("User already exists"))?;
    let token = state.issue_token(&user.id);
    Ok(Json(json!({
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "token": token,
    })))
}

/// A hash compared against when the username is unknown, so that unknown users
/// and wrong passwords take about the same time.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| auth::hash_password("not the password"))
}

async fn login(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<Value>> {
    let body = parse_json_object(&body)?;
    let username = match body.get("username") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(Boom::bad_request("\"username\" must be a string")),
        None => return Err(Boom::bad_request("\"username\" is required")),
    };
    let password = match body.get("password") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(Boom::bad_request("\"password\" must be a string")),
        None => return Err(Boom::bad_request("\"password\" is required")),
    };
    let user = state.db(|db| db.user_by_name(username).cloned());
    let hash = user
        .as_ref()
        .map_or(dummy_hash(), |u| u.password_hash.as_str());
    let ok = auth::verify_password(password, hash);
    match user {
        Some(user) if ok => {
            let token = state.issue_token(&user.id);
            Ok(Json(json!({ "user": user.public_json(), "token": token })))
        }
        _ => Err(Boom::forbidden("Invalid username or password.")),
    }
}

async fn get_user(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<Value>> {
    let created = state
        .db(|db| db.users.get(&user.id).map(|u| u.created))
        .ok_or_else(|| Boom::unauthorized("Invalid token"))?;
    Ok(Json(json!({
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "scope": ["user"],
        "plan": "free",
        "vendor": [],
        "created": iso(created),
    })))
}
