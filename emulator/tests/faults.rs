//! Fault injection (`/_emulator/faults`): in-process for the answers, over a
//! real TCP connection (`appmixer_emulator::serve`) for hang, drop and
//! client aborts.

mod common;

use appmixer_emulator::{AppState, Config};
use axum::body::Body;
use axum::http::Request;
use common::{items, Emu};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

async fn arm(emu: &Emu, rule: Value) -> String {
    let r = emu
        .call("POST", "/_emulator/faults", None, Some(rule))
        .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    r.json()["faultId"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn fault_routes_need_test_hooks() {
    let emu = Emu::with(Config {
        token_ttl: 60,
        test_hooks: false,
    });
    let r = emu
        .call(
            "POST",
            "/_emulator/faults",
            None,
            Some(json!({"path": "/user", "fault": {"status": 500}})),
        )
        .await;
    r.assert_boom(404);
}

#[tokio::test]
async fn status_faults_are_consumed_and_keep_cors() {
    let emu = Emu::new();
    let (_, t) = emu.signup("f@example.com").await;
    let id = arm(
        &emu,
        json!({"path": "/user", "times": 2, "fault": {"status": 503}}),
    )
    .await;
    assert_eq!(id.len(), 24);
    let listed = emu
        .call("GET", "/_emulator/faults", None, None)
        .await
        .json();
    assert_eq!(
        listed,
        json!([{"faultId": id, "method": null, "path": "/user", "times": 2, "fault": {"status": 503}}])
    );
    for _ in 0..2 {
        let r = emu.get("/user", &t).await;
        let msg = r.assert_boom(503);
        assert_eq!(msg, "Injected fault");
        assert_eq!(r.header("retry-after"), Some("1"));
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    }
    assert_eq!(emu.get("/user", &t).await.status, 200, "consumed");
    assert_eq!(
        emu.call("GET", "/_emulator/faults", None, None)
            .await
            .json(),
        json!([])
    );

    // Custom body and headers.
    arm(
        &emu,
        json!({"path": "/user", "fault": {"status": 429, "body": {"custom": true},
               "headers": {"Retry-After": "7", "X-Test": 1}}}),
    )
    .await;
    let r = emu.get("/user", &t).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.json(), json!({"custom": true}));
    assert_eq!(r.header("retry-after"), Some("7"));
    assert_eq!(r.header("x-test"), Some("1"));
    assert_eq!(r.header("content-type"), Some("application/json"));

    // 401 as if the token were bad.
    arm(&emu, json!({"path": "/user", "fault": {"status": 401}})).await;
    emu.get("/user", &t).await.assert_boom(401);
}

#[tokio::test]
async fn method_prefix_and_preflights() {
    let emu = Emu::new();
    let (_, t) = emu.signup("m@example.com").await;
    arm(
        &emu,
        json!({"method": "post", "path": "/flows*", "fault": {"status": 500}}),
    )
    .await;
    assert_eq!(emu.get("/flows", &t).await.status, 200, "GET not matched");
    // Preflights are never faulted (and do not consume the fault).
    let pre = Request::builder()
        .method("OPTIONS")
        .uri("/flows")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    assert_eq!(emu.send(pre).await.status, 204);
    emu.call("POST", "/flows/x/coordinator", Some(&t), Some(json!({})))
        .await
        .assert_boom(500);
    assert_eq!(
        emu.call("POST", "/flows", Some(&t), Some(json!({"name": "ok"})))
            .await
            .status,
        200
    );

    // `/_emulator/*` is never faulted, so a catch-all can always be cleared.
    arm(
        &emu,
        json!({"path": "/*", "times": 100, "fault": {"status": 500}}),
    )
    .await;
    emu.get("/user", &t).await.assert_boom(500);
    let r = emu.call("DELETE", "/_emulator/faults", None, None).await;
    assert_eq!(r.json(), json!({"cleared": 1}));
    assert_eq!(emu.get("/user", &t).await.status, 200);

    // Faulted requests are recorded as usual.
    arm(&emu, json!({"path": "/user", "fault": {"status": 500}})).await;
    let since = emu
        .call("GET", "/_emulator/requests", None, None)
        .await
        .json();
    let last = items(&since).last().unwrap()["seq"].as_u64().unwrap();
    emu.get("/user", &t).await;
    let recs = emu
        .call(
            "GET",
            &format!("/_emulator/requests?since={last}"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(items(&recs).len(), 1);
    assert_eq!(recs[0]["path"], "/user");
}

#[tokio::test]
async fn invalid_rules_are_400() {
    let emu = Emu::new();
    for bad in [
        json!({"fault": {"status": 500}}),
        json!({"path": "user", "fault": {"status": 500}}),
        json!({"path": "/u"}),
        json!({"path": "/u", "fault": {"status": 99}}),
        json!({"path": "/u", "fault": {"kind": "explode"}}),
        json!({"path": "/u", "fault": {"kind": "delay", "ms": -1}}),
        json!({"path": "/u", "times": 0, "fault": {"status": 500}}),
        json!({"path": "/u", "method": "OPTIONS", "fault": {"status": 500}}),
    ] {
        emu.call("POST", "/_emulator/faults", None, Some(bad))
            .await
            .assert_boom(400);
    }
    let req = Request::builder()
        .method("POST")
        .uri("/_emulator/faults")
        .header("content-type", "application/json")
        .body(Body::from("{nope"))
        .unwrap();
    emu.send(req).await.assert_boom(400);
}

#[tokio::test]
async fn body_faults() {
    let emu = Emu::new();
    let (_, t) = emu.signup("b@example.com").await;

    arm(&emu, json!({"path": "/user", "fault": {"kind": "html"}})).await;
    let r = emu.get("/user", &t).await;
    assert_eq!(r.status, 502);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&r.bytes).contains("502 Bad Gateway"));
    assert!(serde_json::from_slice::<Value>(&r.bytes).is_err());
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));

    arm(
        &emu,
        json!({"path": "/user", "fault": {"kind": "malformed-json"}}),
    )
    .await;
    let r = emu.get("/user", &t).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(&r.bytes[..], b"{\"broken\":");

    arm(&emu, json!({"path": "/user", "fault": {"kind": "empty"}})).await;
    let r = emu.get("/user", &t).await;
    assert_eq!(r.status, 200);
    assert!(r.bytes.is_empty());
    assert_eq!(r.header("content-type"), None);

    arm(
        &emu,
        json!({"path": "/user", "fault": {"kind": "wrong-content-type"}}),
    )
    .await;
    let r = emu.get("/user", &t).await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(serde_json::from_slice::<Value>(&r.bytes).is_err());

    arm(
        &emu,
        json!({"path": "/user", "fault": {"kind": "delay", "ms": 150}}),
    )
    .await;
    let start = Instant::now();
    let r = emu.get("/user", &t).await;
    assert!(start.elapsed() >= Duration::from_millis(150));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["username"], "b@example.com");

    // In-process there is no connection to close: `drop` answers a body
    // that fails to read.
    arm(&emu, json!({"path": "/user", "fault": {"kind": "drop"}})).await;
    let req = Request::builder()
        .uri("/user")
        .header("authorization", format!("Bearer {t}"))
        .body(Body::empty())
        .unwrap();
    let resp = emu.router.clone().oneshot(req).await.unwrap();
    assert!(resp.into_body().collect().await.is_err());
}

// ---------------------------------------------------------------------------
// Over TCP

struct Server {
    port: u16,
    state: AppState,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    async fn start() -> Server {
        let state = AppState::new(Config {
            token_ttl: 3600,
            test_hooks: true,
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let s = state.clone();
        tokio::spawn(async move {
            let _ = appmixer_emulator::serve(listener, s, async {
                let _ = rx.await;
            })
            .await;
        });
        Server {
            port,
            state,
            stop: Some(tx),
        }
    }

    fn arm(&self, rule: Value) {
        let rule = appmixer_emulator::fault::parse_rule(rule.as_object().unwrap()).unwrap();
        self.state.faults(|f| f.add(rule)).unwrap();
    }

    async fn send(&self, path: &str) -> TcpStream {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).await.unwrap();
        s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        s
    }

    fn records(&self, path: &str) -> Vec<Value> {
        let all = self.state.recorder(|r| r.list(0, None));
        all.into_iter()
            .filter(|r| r.path == path)
            .map(|r| serde_json::to_value(r).unwrap())
            .collect()
    }

    /// Waits until the last record of `path` is flagged aborted.
    async fn wait_aborted(&self, path: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let recs = self.records(path);
            if recs.last().is_some_and(|r| r["aborted"] == true) {
                return;
            }
            assert!(Instant::now() < deadline, "not flagged aborted: {recs:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// Reads until EOF or error; `None` when nothing arrives within `wait`.
async fn read_all(s: &mut TcpStream, wait: Duration) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(wait, s.read(&mut buf)).await {
            Err(_) => return if out.is_empty() { None } else { Some(out) },
            Ok(Ok(0)) | Ok(Err(_)) => return Some(out),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_normal_request_over_tcp_is_not_aborted() {
    let server = Server::start().await;
    let mut s = server.send("/").await;
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
        .await
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    drop(s);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let recs = server.records("/");
    assert!(recs[0].get("aborted").is_none(), "{recs:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hang_never_answers_and_a_client_abort_is_recorded() {
    let server = Server::start().await;
    server.arm(json!({"path": "/hang", "fault": {"kind": "hang"}}));
    let mut s = server.send("/hang").await;
    assert_eq!(
        read_all(&mut s, Duration::from_millis(300)).await,
        None,
        "no answer"
    );
    assert!(server.records("/hang")[0].get("aborted").is_none());
    drop(s); // the client gives up
    server.wait_aborted("/hang").await;
    // The server still answers others.
    let mut s = server.send("/").await;
    let out = read_all(&mut s, Duration::from_millis(500)).await.unwrap();
    assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_closes_the_connection_without_an_answer() {
    let server = Server::start().await;
    server.arm(json!({"path": "/user", "times": 2, "fault": {"kind": "drop"}}));
    for _ in 0..2 {
        let mut s = server.send("/user").await;
        let out = read_all(&mut s, Duration::from_secs(5))
            .await
            .expect("the connection is closed, not left open");
        assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
        server.wait_aborted("/user").await;
    }
    let mut s = server.send("/user").await;
    let out = read_all(&mut s, Duration::from_millis(500)).await.unwrap();
    assert!(
        String::from_utf8_lossy(&out).starts_with("HTTP/1.1 401"),
        "consumed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborting_during_a_delay_is_recorded() {
    let server = Server::start().await;
    server.arm(json!({"path": "/", "fault": {"kind": "delay", "ms": 5000}}));
    let mut s = server.send("/").await;
    assert_eq!(read_all(&mut s, Duration::from_millis(200)).await, None);
    drop(s);
    server.wait_aborted("/").await;
}
