//! In-process test harness: drives the emulator's router with `oneshot`.
#![allow(dead_code)]

use appmixer_emulator::{app, AppState, Config};
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

pub struct Emu {
    pub state: AppState,
    pub router: Router,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Bytes,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// Asserts a Boom error body with this status and returns its message.
    #[track_caller]
    pub fn assert_boom(&self, status: u16) -> String {
        assert_eq!(
            self.status.as_u16(),
            status,
            "body: {}",
            String::from_utf8_lossy(&self.bytes)
        );
        assert!(
            self.header("content-type")
                .unwrap_or("")
                .starts_with("application/json"),
            "content-type {:?}",
            self.header("content-type")
        );
        let body = self.json();
        assert_eq!(body["statusCode"], json!(status), "{body}");
        assert!(body["error"].is_string(), "{body}");
        body["message"].as_str().expect("message").to_string()
    }
}

impl Emu {
    pub fn new() -> Self {
        Self::with(Config {
            token_ttl: 3600,
            test_hooks: true,
        })
    }

    pub fn with(config: Config) -> Self {
        let state = AppState::new(config);
        let router = app(state.clone());
        Emu { state, router }
    }

    pub fn seeded() -> Self {
        let emu = Self::new();
        appmixer_emulator::seed::demo(&emu.state);
        emu
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let (parts, body) = resp.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes();
        Resp {
            status: parts.status,
            headers: parts.headers,
            bytes,
        }
    }

    /// A request with an optional bearer token and an optional JSON body.
    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        let mut b = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(uri);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                b = b.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(b.body(body).unwrap()).await
    }

    pub async fn get(&self, uri: &str, token: &str) -> Resp {
        self.call("GET", uri, Some(token), None).await
    }

    /// Signs up `username` and returns (id, token).
    pub async fn signup(&self, username: &str) -> (String, String) {
        let r = self
            .call(
                "POST",
                "/user",
                None,
                Some(json!({"username": username, "password": "pw-123456", "email": username})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
        let b = r.json();
        (
            b["id"].as_str().unwrap().to_string(),
            b["token"].as_str().unwrap().to_string(),
        )
    }

    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self
            .call(
                "POST",
                "/user/auth",
                None,
                Some(json!({"username": username, "password": password})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
        r.json()["token"].as_str().unwrap().to_string()
    }

    /// Creates a flow and returns its ID.
    pub async fn create_flow(&self, token: &str, body: Value) -> String {
        let r = self.call("POST", "/flows", Some(token), Some(body)).await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
        r.json()["flowId"].as_str().unwrap().to_string()
    }

    /// Creates a data store and returns its ID.
    pub async fn create_store(&self, token: &str, name: &str) -> String {
        let r = self
            .call("POST", "/stores", Some(token), Some(json!({"name": name})))
            .await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
        r.json()["storeId"].as_str().unwrap().to_string()
    }

    /// Stores a record through `POST /store/:storeId/:key` with a text body.
    pub async fn put_record(&self, token: &str, store_id: &str, key: &str, value: &str) -> Resp {
        let req = Request::builder()
            .method("POST")
            .uri(format!("/store/{}/{}", encode(store_id), encode(key)))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "text/plain")
            .body(Body::from(value.to_string()))
            .unwrap();
        self.send(req).await
    }
}

/// `encodeURIComponent`.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Names of a JSON array of objects.
pub fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|f| f["name"].as_str().unwrap_or("").to_string())
        .collect()
}

impl Emu {
    /// Creates an account through `POST /accounts` and returns it.
    pub async fn create_account(&self, token: &str, body: Value) -> Value {
        let r = self
            .call("POST", "/accounts", Some(token), Some(body))
            .await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
        r.json()
    }

    /// Starts a flow through the coordinator.
    pub async fn start_flow(&self, token: &str, flow_id: &str) {
        let r = self
            .call(
                "POST",
                &format!("/flows/{}/coordinator", encode(flow_id)),
                Some(token),
                Some(json!({"command": "start"})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    }

    /// The user ID of a username.
    pub fn user_id(&self, username: &str) -> String {
        self.state
            .db(|db| db.user_by_name(username).map(|u| u.id.clone()))
            .expect("user exists")
    }
}

/// The array items of a JSON value.
pub fn items(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}
