//! `appmixer-emulator`: a local, in-memory emulation of the Appmixer engine's
//! REST API, for offline frontend development and the SDK's browser tests.
//!
//! [`app`] builds the axum router; `main.rs` wraps it in a CLI.

pub mod auth;
pub mod boom;
pub mod catalog;
pub mod fault;
pub mod persist;
pub mod record;
pub mod routes;
pub mod seed;
pub mod server;
pub mod state;
pub mod util;

pub use server::serve;
pub use state::{AppState, Config};

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use boom::Boom;
use http_body_util::{BodyExt, Limited};

/// What `GET /` reports.
pub const VERSION: &str = "6.5.0-emulator";
/// Largest request body in general.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;
/// Largest request body on `/flows` routes (a flow descriptor).
pub const FLOW_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The emulator's routes, without the outer layer (see [`app`]). Later
/// resources merge their routers here.
pub fn routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new()
        .route("/", get(root))
        .merge(routes::user::router())
        .merge(routes::flows::router())
        .merge(routes::stores::router())
        .merge(routes::accounts::router())
        .merge(routes::logs::router())
        .merge(routes::tasks::router())
        .merge(routes::charts::router())
        .merge(routes::app_events::router());
    if state.config().test_hooks {
        router = router.merge(routes::hooks::router());
    }
    router.fallback(not_found)
}

/// The emulator's service. The outer layer (CORS, Boom errors, body limits,
/// the request recorder, preflights) runs *before* routing, so it sees every
/// request, including unknown routes and `OPTIONS` preflights.
pub fn app(state: AppState) -> Router {
    let inner = routes(&state)
        .layer(DefaultBodyLimit::disable())
        .with_state(state.clone());
    Router::new()
        .fallback_service(inner)
        .layer(middleware::from_fn_with_state(state, pipeline))
}

async fn root() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "version": VERSION }))
}

async fn not_found() -> Boom {
    Boom::not_found("Not Found")
}

fn body_limit(path: &str) -> usize {
    if path == "/flows" || path.starts_with("/flows/") {
        FLOW_BODY_LIMIT
    } else {
        BODY_LIMIT
    }
}

/// The outermost layer: buffers the body (enforcing the limit), records the
/// request, answers preflights, turns non-JSON errors into Boom bodies and adds
/// CORS headers to every response.
async fn pipeline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let preflight = req.method() == Method::OPTIONS;
    let requested_headers = req
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .filter(|v| !v.is_empty())
        .cloned();
    let mutating = !matches!(
        req.method(),
        &Method::GET | &Method::HEAD | &Method::OPTIONS
    ) && !req.uri().path().starts_with("/_emulator/");
    let mut resp = match handle(&state, req, next).await {
        Handled::Normal(resp) => boomify(resp).await,
        Handled::Injected(resp) => resp,
    };
    add_cors(resp.headers_mut(), preflight, requested_headers);
    if mutating && resp.status().is_success() {
        state.mark_changed();
    }
    resp
}

enum Handled {
    /// The routes' answer (non-JSON errors still become Boom bodies).
    Normal(Response),
    /// An injected fault's answer, sent exactly as built.
    Injected(Response),
}

/// Flags the request's record as aborted if the request future is dropped
/// before it produced an answer (hyper drops it when the client closes the
/// connection, or when a `drop` fault closes it).
struct AbortGuard<'a> {
    state: &'a AppState,
    seq: Option<u64>,
}

impl AbortGuard<'_> {
    fn finish(mut self) {
        self.seq = None;
    }
}

impl Drop for AbortGuard<'_> {
    fn drop(&mut self) {
        if let Some(seq) = self.seq {
            self.state.recorder(|r| r.mark_aborted(seq));
        }
    }
}

enum BodyError {
    TooLarge,
    Unreadable,
}

/// Past this much, an oversized body is no longer drained before the 413.
const DRAIN_CAP: usize = 64 * 1024 * 1024;

/// Buffers the body up to `limit`. An oversized body is still read (and
/// dropped) up to `DRAIN_CAP`, so the client gets the 413 instead of a reset
/// connection while it is still sending.
async fn read_body(parts: &Parts, body: Body, limit: usize) -> Result<Bytes, BodyError> {
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let mut too_large = declared.is_some_and(|n| n > limit as u64);
    let mut buf = Vec::new();
    let mut seen = 0usize;
    let mut body = body;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(BodyError::Unreadable);
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        if seen > limit {
            too_large = true;
        }
        if too_large {
            buf = Vec::new();
            if seen > DRAIN_CAP {
                break;
            }
        } else {
            buf.extend_from_slice(&data);
        }
    }
    if too_large {
        Err(BodyError::TooLarge)
    } else {
        Ok(Bytes::from(buf))
    }
}

async fn handle(state: &AppState, req: Request, next: Next) -> Handled {
    let (parts, body) = req.into_parts();
    let limit = body_limit(parts.uri.path());
    let body = read_body(&parts, body, limit).await;
    let mut guard = AbortGuard { state, seq: None };
    if state.config().test_hooks && !is_recorder_route(&parts) {
        guard.seq = Some(record(state, &parts, body.as_ref().ok()));
    }
    let out = respond(state, parts, body, limit, next).await;
    guard.finish();
    out
}

async fn respond(
    state: &AppState,
    parts: Parts,
    body: Result<Bytes, BodyError>,
    limit: usize,
    next: Next,
) -> Handled {
    let bytes = match body {
        Ok(b) => b,
        Err(BodyError::TooLarge) => return Handled::Normal(Boom::too_large(limit).into_response()),
        Err(BodyError::Unreadable) => {
            return Handled::Normal(Boom::bad_request("Invalid request payload").into_response())
        }
    };
    if parts.method == Method::OPTIONS {
        return Handled::Normal(StatusCode::NO_CONTENT.into_response());
    }
    if state.config().test_hooks && !parts.uri.path().starts_with("/_emulator/") {
        let fault = state.faults(|f| f.take(&parts.method, parts.uri.path()));
        match fault.map(|f| f.action()) {
            None => {}
            Some(fault::Action::Respond(resp)) => return Handled::Injected(resp),
            Some(fault::Action::Delay(d)) => tokio::time::sleep(d).await,
            Some(fault::Action::Hang) => std::future::pending::<()>().await,
            Some(fault::Action::Drop) => match parts.extensions.get::<server::ConnectionHandle>() {
                Some(conn) => {
                    conn.close();
                    std::future::pending::<()>().await
                }
                None => return Handled::Injected(fault::broken_response()),
            },
        }
    }
    Handled::Normal(
        next.run(Request::from_parts(parts, Body::from(bytes)))
            .await,
    )
}

/// `GET`/`DELETE /_emulator/requests` are not themselves recorded.
fn is_recorder_route(parts: &Parts) -> bool {
    parts.uri.path() == "/_emulator/requests"
        && matches!(parts.method, Method::GET | Method::HEAD | Method::DELETE)
}

fn record(state: &AppState, parts: &Parts, body: Option<&Bytes>) -> u64 {
    let user_id = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(auth::bearer_token)
        .and_then(|t| state.verify_token(t).ok());
    let rec = record::RequestRecord {
        seq: 0,
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: record::redacted_headers(&parts.headers),
        body: body
            .filter(|b| !b.is_empty())
            .map(|b| String::from_utf8_lossy(b).into_owned()),
        user_id,
        aborted: false,
    };
    state.recorder(|r| r.push(rec))
}

/// Error responses that are not already JSON (axum's own rejections, 405s)
/// become Boom bodies with the same status.
async fn boomify(resp: Response) -> Response {
    let status = resp.status();
    if status.as_u16() < 400 {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let text = match Limited::new(body, 64 * 1024).collect().await {
        Ok(c) => String::from_utf8_lossy(&c.to_bytes()).trim().to_string(),
        Err(_) => String::new(),
    };
    let message = if text.is_empty() {
        boom::error_name(status).to_string()
    } else {
        text
    };
    let mut out = Boom::new(status, message).into_response();
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

fn add_cors(h: &mut HeaderMap, preflight: bool, requested_headers: Option<HeaderValue>) {
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("*"),
    );
    if preflight {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET,POST,PUT,DELETE,PATCH,OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            requested_headers
                .unwrap_or_else(|| HeaderValue::from_static("Authorization, Content-Type")),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
    }
}
