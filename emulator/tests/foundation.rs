//! Foundation: version, CORS, Boom errors, body limits, users, tokens, test hooks.

mod common;

use appmixer_emulator::{AppState, Config};
use axum::body::Body;
use axum::http::Request;
use base64::Engine;
use common::{Emu, Resp};
use serde_json::{json, Value};

#[tokio::test]
async fn root_reports_version_without_auth() {
    let emu = Emu::new();
    let r = emu.call("GET", "/", None, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"version": "6.5.0-emulator"}));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn preflight_is_answered_with_cors_headers() {
    let emu = Emu::new();
    let req = Request::builder()
        .method("OPTIONS")
        .uri("/flows/abc")
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "PUT")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .body(Body::empty())
        .unwrap();
    let r = emu.send(req).await;
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let methods = r.header("access-control-allow-methods").unwrap();
    for m in ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        assert!(methods.contains(m), "{methods}");
    }
    let headers = r
        .header("access-control-allow-headers")
        .unwrap()
        .to_lowercase();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );
    assert_eq!(r.header("access-control-expose-headers"), Some("*"));
    assert!(
        r.header("access-control-max-age")
            .unwrap()
            .parse::<u32>()
            .unwrap()
            > 0
    );
    assert!(r.bytes.is_empty());

    // Without requested headers the defaults are announced.
    let req = Request::builder()
        .method("OPTIONS")
        .uri("/user/auth")
        .header("origin", "http://x")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let r = emu.send(req).await;
    assert_eq!(r.status, 204);
    let headers = r
        .header("access-control-allow-headers")
        .unwrap()
        .to_lowercase();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );
}

#[tokio::test]
async fn errors_are_boom_json_with_cors() {
    let emu = Emu::new();
    let r = emu.call("GET", "/no/such/route", None, None).await;
    let msg = r.assert_boom(404);
    assert_eq!(r.json()["error"], "Not Found");
    assert!(!msg.is_empty());
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));

    let r = emu.call("PATCH", "/user", None, None).await;
    r.assert_boom(405);
    assert_eq!(r.json()["error"], "Method Not Allowed");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));

    let r = emu.call("GET", "/user", None, None).await;
    r.assert_boom(401);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn invalid_json_is_400() {
    let emu = Emu::new();
    let req = Request::builder()
        .method("POST")
        .uri("/user")
        .header("content-type", "application/json")
        .body(Body::from("{\"username\": "))
        .unwrap();
    let r = emu.send(req).await;
    r.assert_boom(400);
    assert_eq!(r.json()["error"], "Bad Request");

    let (_, token) = emu.signup("json@example.com").await;
    let req = Request::builder()
        .method("POST")
        .uri("/flows")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from("not json"))
        .unwrap();
    emu.send(req).await.assert_boom(400);
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let emu = Emu::new();
    let big = vec![b'x'; appmixer_emulator::BODY_LIMIT + 1];
    let req = Request::builder()
        .method("POST")
        .uri("/user")
        .header("content-type", "application/json")
        .body(Body::from(big))
        .unwrap();
    let r = emu.send(req).await;
    r.assert_boom(413);
    assert_eq!(r.json()["error"], "Request Entity Too Large");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));

    // A body just under the limit is read (and here rejected as bad JSON, not 413).
    let ok = vec![b' '; appmixer_emulator::BODY_LIMIT - 10];
    let mut ok = ok;
    ok.extend_from_slice(b"[1]");
    let req = Request::builder()
        .method("POST")
        .uri("/user")
        .body(Body::from(ok))
        .unwrap();
    emu.send(req).await.assert_boom(400);
}

#[tokio::test]
async fn signup_returns_token_and_rejects_duplicates_case_insensitively() {
    let emu = Emu::new();
    let r = emu
        .call("POST", "/user", None, Some(json!({"username": "Ann@Example.com", "password": "secret1", "email": "Ann@Example.com"})))
        .await;
    assert_eq!(r.status, 200);
    let b = r.json();
    let id = b["id"].as_str().unwrap();
    assert!(
        id.len() == 24 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(b["username"], "Ann@Example.com");
    assert_eq!(b["email"], "Ann@Example.com");
    let token = b["token"].as_str().unwrap();
    assert_eq!(token.split('.').count(), 3);

    // The token works.
    let me = emu.get("/user", token).await;
    assert_eq!(me.status, 200);
    let me = me.json();
    assert_eq!(me["id"], id);
    assert_eq!(me["username"], "Ann@Example.com");
    assert_eq!(me["email"], "Ann@Example.com");
    assert_eq!(me["scope"], json!(["user"]));
    assert_eq!(me["plan"], "free");

    for name in ["Ann@Example.com", "ann@example.com", "ANN@EXAMPLE.COM"] {
        let r = emu
            .call(
                "POST",
                "/user",
                None,
                Some(json!({"username": name, "password": "other", "email": name})),
            )
            .await;
        let msg = r.assert_boom(400);
        assert!(msg.to_lowercase().contains("already exists"), "{msg}");
    }
}

#[tokio::test]
async fn signup_requires_username_and_password() {
    let emu = Emu::new();
    for body in [
        json!({"password": "x"}),
        json!({"username": "", "password": "x"}),
        json!({"username": "a@b.c"}),
        json!({"username": "a@b.c", "password": ""}),
        json!({"username": 5, "password": "x"}),
        json!([1, 2]),
    ] {
        emu.call("POST", "/user", None, Some(body.clone()))
            .await
            .assert_boom(400);
    }
    emu.call("POST", "/user", None, None).await.assert_boom(400);
    // Email defaults to the username.
    let r = emu
        .call(
            "POST",
            "/user",
            None,
            Some(json!({"username": "solo", "password": "pw"})),
        )
        .await;
    assert_eq!(r.json()["email"], "solo");
}

#[tokio::test]
async fn auth_logs_in_and_answers_403_for_bad_credentials() {
    let emu = Emu::new();
    let (id, _) = emu.signup("bob@example.com").await;
    let r = emu
        .call(
            "POST",
            "/user/auth",
            None,
            Some(json!({"username": "BOB@example.com", "password": "pw-123456"})),
        )
        .await;
    assert_eq!(r.status, 200);
    let b = r.json();
    assert_eq!(b["user"]["id"], id.as_str());
    assert_eq!(b["user"]["username"], "bob@example.com");
    assert_eq!(b["user"]["email"], "bob@example.com");
    assert_eq!(b["user"]["scope"], json!(["user"]));
    assert!(b["user"].get("password").is_none());
    let token = b["token"].as_str().unwrap();
    assert_eq!(emu.get("/user", token).await.json()["id"], id.as_str());

    let expected = json!({"statusCode": 403, "error": "Forbidden", "message": "Invalid username or password."});
    for body in [
        json!({"username": "bob@example.com", "password": "wrong"}),
        json!({"username": "nobody@example.com", "password": "pw-123456"}),
        json!({"username": "bob@example.com", "password": ""}),
    ] {
        let r = emu.call("POST", "/user/auth", None, Some(body)).await;
        r.assert_boom(403);
        assert_eq!(r.json(), expected);
    }
}

#[tokio::test]
async fn passwords_are_stored_hashed() {
    let emu = Emu::new();
    let (id, _) = emu.signup("hash@example.com").await;
    let stored = emu
        .state
        .db(|db| db.users.get(&id).map(|u| u.password_hash.clone()))
        .unwrap();
    assert!(!stored.contains("pw-123456"));
    assert!(stored.starts_with("pbkdf2-sha256$"));
    assert!(appmixer_emulator::auth::verify_password(
        "pw-123456",
        &stored
    ));
}

fn invalid_token_body() -> Value {
    json!({"statusCode": 401, "error": "Unauthorized", "message": "Invalid token"})
}

async fn get_user_with_header(emu: &Emu, value: &str) -> Resp {
    let req = Request::builder()
        .uri("/user")
        .header("authorization", value)
        .body(Body::empty())
        .unwrap();
    emu.send(req).await
}

#[tokio::test]
async fn protected_routes_answer_401_for_bad_tokens() {
    let emu = Emu::new();
    let (id, token) = emu.signup("tok@example.com").await;

    // Missing.
    let r = emu.call("GET", "/user", None, None).await;
    r.assert_boom(401);
    assert_eq!(r.json()["error"], "Unauthorized");
    for path in ["/flows", "/stores", "/flows/count", "/store?storeId=x"] {
        emu.call("GET", path, None, None).await.assert_boom(401);
    }

    // Malformed / wrong scheme.
    for value in [
        "Bearer",
        "Bearer not-a-jwt",
        "Bearer a.b.c",
        &format!("Basic {token}"),
        &token,
    ] {
        let r = get_user_with_header(&emu, value).await;
        r.assert_boom(401);
    }
    assert_eq!(
        get_user_with_header(&emu, "Bearer a.b.c").await.json(),
        invalid_token_body()
    );

    // Forged: signed by another emulator instance (another secret).
    let other = AppState::new(Config::default());
    let forged = other.mint_token(&id, 3600);
    let r = emu.get("/user", &forged).await;
    r.assert_boom(401);
    assert_eq!(r.json(), invalid_token_body());

    // Tampered payload with the original signature.
    let parts: Vec<&str> = token.split('.').collect();
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
        json!({"id": id, "scope": ["user"], "iat": 0, "exp": 9_999_999_999u64}).to_string(),
    );
    let tampered = format!("{}.{}.{}", parts[0], payload, parts[2]);
    assert_eq!(
        emu.get("/user", &tampered).await.json(),
        invalid_token_body()
    );

    // alg "none".
    let none_header =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{none_header}.{payload}.");
    emu.get("/user", &unsigned).await.assert_boom(401);

    // Expired (minted through the test hook).
    let r = emu
        .call(
            "POST",
            "/_emulator/token",
            None,
            Some(json!({"userId": id, "expiresIn": -10})),
        )
        .await;
    assert_eq!(r.status, 200);
    let expired = r.json()["token"].as_str().unwrap().to_string();
    let r = emu.get("/user", &expired).await;
    assert_eq!(r.json(), invalid_token_body());

    // A valid signature for a user that does not exist.
    let ghost = emu.state.mint_token("0123456789abcdef01234567", 3600);
    emu.get("/user", &ghost).await.assert_boom(401);

    // And the real token still works.
    assert_eq!(emu.get("/user", &token).await.status, 200);
}

#[tokio::test]
async fn token_payload_has_id_scope_iat_exp() {
    let emu = Emu::with(Config {
        token_ttl: 120,
        test_hooks: false,
    });
    let (id, token) = emu.signup("claims@example.com").await;
    let payload = token.split('.').nth(1).unwrap();
    let payload: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(payload["id"], id.as_str());
    assert_eq!(payload["scope"], json!(["user"]));
    let iat = payload["iat"].as_i64().unwrap();
    assert_eq!(payload["exp"].as_i64().unwrap() - iat, 120);
    let header = token.split('.').next().unwrap();
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "HS256");
}

#[tokio::test]
async fn test_hooks_are_404_unless_enabled() {
    let emu = Emu::with(Config {
        token_ttl: 3600,
        test_hooks: false,
    });
    emu.call("GET", "/_emulator/requests", None, None)
        .await
        .assert_boom(404);
    emu.call("DELETE", "/_emulator/requests", None, None)
        .await
        .assert_boom(404);
    emu.call(
        "POST",
        "/_emulator/token",
        None,
        Some(json!({"userId": "x", "expiresIn": 5})),
    )
    .await
    .assert_boom(404);
    // And nothing is recorded.
    assert!(emu.state.recorder(|r| r.list(0, None)).is_empty());
}

#[tokio::test]
async fn recorder_records_raw_requests_with_redaction() {
    let emu = Emu::new();
    let (id, token) = emu.signup("rec@example.com").await;
    emu.call("DELETE", "/_emulator/requests", None, None).await;

    let req = Request::builder()
        .method("GET")
        .uri("/flows/..%2Fuser?filter=a%3Ab&x=1+2")
        .header("authorization", format!("Bearer {token}"))
        .header("X-Custom", "Yes")
        .body(Body::empty())
        .unwrap();
    emu.send(req).await.assert_boom(404);

    let req = Request::builder()
        .method("POST")
        .uri("/user/auth")
        .header("authorization", "Basic dXNlcjpwYXNz")
        .header("content-type", "application/json")
        .body(Body::from(
            r#"{"username":"rec@example.com","password":"pw-123456"}"#,
        ))
        .unwrap();
    assert_eq!(emu.send(req).await.status, 200);

    let req = Request::builder()
        .method("OPTIONS")
        .uri("/stores")
        .header("origin", "http://x")
        .header("access-control-request-method", "GET")
        .body(Body::empty())
        .unwrap();
    emu.send(req).await;
    emu.get("/user", "garbage.token.here").await;

    let r = emu.call("GET", "/_emulator/requests", None, None).await;
    assert_eq!(r.status, 200);
    let recs = r.json();
    let recs = recs.as_array().unwrap();
    assert_eq!(recs.len(), 4, "{recs:#?}");

    let first = &recs[0];
    assert_eq!(first["method"], "GET");
    assert_eq!(first["path"], "/flows/..%2Fuser");
    assert_eq!(first["query"], "filter=a%3Ab&x=1+2");
    assert_eq!(first["headers"]["authorization"], "Bearer [REDACTED]");
    assert_eq!(first["headers"]["x-custom"], "Yes");
    assert_eq!(first["body"], Value::Null);
    assert_eq!(first["userId"], id.as_str());
    assert!(!first.to_string().contains(&token));

    let second = &recs[1];
    assert_eq!(second["method"], "POST");
    assert_eq!(second["query"], Value::Null);
    assert_eq!(second["headers"]["authorization"], "[REDACTED]");
    assert_eq!(second["headers"]["content-type"], "application/json");
    assert_eq!(
        second["body"],
        r#"{"username":"rec@example.com","password":"pw-123456"}"#
    );
    assert_eq!(second["userId"], Value::Null);

    assert_eq!(recs[2]["method"], "OPTIONS");
    assert_eq!(recs[2]["path"], "/stores");
    assert_eq!(
        recs[3]["userId"],
        Value::Null,
        "invalid token → null userId"
    );
    assert_eq!(recs[3]["headers"]["authorization"], "Bearer [REDACTED]");

    let seqs: Vec<u64> = recs.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");

    // since / userId filters.
    let since = seqs[1];
    let r = emu
        .call(
            "GET",
            &format!("/_emulator/requests?since={since}"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(r.as_array().unwrap().len(), 2);
    assert_eq!(r[0]["seq"], json!(seqs[2]));
    let r = emu
        .call(
            "GET",
            &format!("/_emulator/requests?userId={id}"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(r.as_array().unwrap().len(), 1);
    assert_eq!(r[0]["path"], "/flows/..%2Fuser");
    emu.call("GET", "/_emulator/requests?since=abc", None, None)
        .await
        .assert_boom(400);

    // The token hook is recorded; GET/DELETE of the recorder are not.
    emu.call(
        "POST",
        "/_emulator/token",
        None,
        Some(json!({"userId": id, "expiresIn": 60})),
    )
    .await;
    let r = emu
        .call(
            "GET",
            &format!("/_emulator/requests?since={}", seqs[3]),
            None,
            None,
        )
        .await
        .json();
    let r = r.as_array().unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["path"], "/_emulator/token");
    assert_eq!(r[0]["seq"], json!(seqs[3] + 1));

    // Clearing.
    let r = emu.call("DELETE", "/_emulator/requests", None, None).await;
    assert_eq!(r.status, 200);
    let r = emu
        .call("GET", "/_emulator/requests", None, None)
        .await
        .json();
    assert_eq!(r, json!([]));
    // seq keeps increasing after a clear.
    emu.call("GET", "/", None, None).await;
    let r = emu
        .call("GET", "/_emulator/requests", None, None)
        .await
        .json();
    assert_eq!(r[0]["seq"], json!(seqs[3] + 2));
}

#[test]
fn recorder_keeps_only_the_newest_records() {
    use appmixer_emulator::record::{Recorder, RequestRecord};
    let mut rec = Recorder::new(3);
    for i in 0..5 {
        rec.push(RequestRecord {
            seq: 0,
            method: "GET".into(),
            path: format!("/{i}"),
            query: None,
            headers: Default::default(),
            body: None,
            user_id: None,
            aborted: false,
        });
    }
    let all = rec.list(0, None);
    assert_eq!(all.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![3, 4, 5]);
    assert_eq!(appmixer_emulator::record::MAX_RECORDS, 10_000);
}

#[tokio::test]
async fn token_hook_validates_input_and_mints_usable_tokens() {
    let emu = Emu::new();
    let (id, _) = emu.signup("mint@example.com").await;
    emu.call(
        "POST",
        "/_emulator/token",
        None,
        Some(json!({"expiresIn": 5})),
    )
    .await
    .assert_boom(400);
    emu.call(
        "POST",
        "/_emulator/token",
        None,
        Some(json!({"userId": id, "expiresIn": "soon"})),
    )
    .await
    .assert_boom(400);
    let r = emu
        .call(
            "POST",
            "/_emulator/token",
            None,
            Some(json!({"userId": id, "expiresIn": 60})),
        )
        .await;
    let token = r.json()["token"].as_str().unwrap().to_string();
    assert_eq!(emu.get("/user", &token).await.json()["id"], id.as_str());
}

#[tokio::test]
async fn seed_creates_demo_users() {
    let emu = Emu::seeded();
    let demo = emu.login("demo@example.com", "demo1234").await;
    let alice = emu.login("alice@example.com", "alice1234").await;
    assert_eq!(
        emu.get("/user", &demo).await.json()["email"],
        "demo@example.com"
    );
    assert_eq!(
        emu.get("/user", &alice).await.json()["email"],
        "alice@example.com"
    );
}
