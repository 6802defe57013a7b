//! Security tables over every protected route: missing, forged and expired
//! tokens → 401; user B can never read, change or delete user A's data;
//! malformed JSON → 400 and oversized bodies → 413 on every JSON route.
//!
//! `routes_table_covers_the_readme` keeps the table complete: every route
//! documented in emulator/README.md must be in it (or be public).

mod common;

use appmixer_emulator::{AppState, Config};
use axum::body::Body;
use axum::http::Request;
use base64::Engine;
use common::{encode, Emu, Resp};
use serde_json::{json, Value};

#[derive(Clone)]
enum B {
    None,
    Json(Value),
    Text(&'static str),
}

/// What user B gets when calling the route with A's IDs.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Cross {
    /// 404: A's resource does not exist for B.
    NotFound,
    /// 200, but nothing of A's in the answer (lists, creations, views).
    Clean,
}

#[derive(Clone)]
struct Route {
    /// `METHOD /path/:param` as in the README.
    template: &'static str,
    method: &'static str,
    path: String,
    body: B,
    cross: Cross,
}

fn r(template: &'static str, path: String, body: B, cross: Cross) -> Route {
    let method = template.split(' ').next().unwrap();
    Route {
        template,
        method,
        path,
        body,
        cross,
    }
}

/// Markers in A's data; none may show up in B's answers.
const MARK: &str = "ALPHA-PRIVATE";

struct World {
    emu: Emu,
    a_id: String,
    a: String,
    b: String,
    ids: Vec<String>,
    routes: Vec<Route>,
}

async fn world() -> World {
    let emu = Emu::new();
    let (a_id, a) = emu.signup("alpha@example.com").await;
    let (_, b) = emu.signup("bravo@example.com").await;

    let account = emu
        .create_account(
            &a,
            json!({"service": "appmixer:slack", "name": format!("{MARK} account"), "token": "tok"}),
        )
        .await;
    let account_id = account["accountId"].as_str().unwrap().to_string();
    let flow_id = emu
        .create_flow(
            &a,
            json!({"name": format!("{MARK} flow"), "flow": {
                "on": {"type": "appmixer.utils.appevents.OnAppEvent", "config": {"event": "alpha-event"}},
                "send": {"type": "appmixer.slack.list.SendChannelMessage", "source": {"in": {"on": ["out"]}},
                         "config": {"accountId": account_id}},
            }}),
        )
        .await;
    emu.start_flow(&a, &flow_id).await;
    let store_id = emu.create_store(&a, &format!("{MARK} store")).await;
    assert_eq!(
        emu.put_record(&a, &store_id, "alpha key", &format!("{MARK} value"))
            .await
            .status,
        200
    );
    let task = emu
        .call(
            "POST",
            "/people-task/tasks",
            Some(&a),
            Some(
                json!({"title": format!("{MARK} task"), "approver": "alpha@example.com",
                        "requester": "charlie@example.com"}),
            ),
        )
        .await
        .json();
    let task_id = task["taskId"].as_str().unwrap().to_string();
    let chart = emu
        .call(
            "POST",
            "/charts",
            Some(&a),
            Some(json!({"name": format!("{MARK} chart"), "type": "bar"})),
        )
        .await
        .json();
    let chart_id = chart["chartId"].as_str().unwrap().to_string();
    let logs = emu.get("/logs", &a).await.json();
    let log = &logs["hits"][0];
    let (log_index, log_id) = (
        log["_index"].as_str().unwrap().to_string(),
        log["_id"].as_str().unwrap().to_string(),
    );
    let ticket = emu
        .get(&format!("/auth/flow/{flow_id}/poll"), &a)
        .await
        .json()["ticket"]
        .as_str()
        .unwrap()
        .to_string();

    use Cross::*;
    let j = B::Json;
    let mut routes = vec![
        r("GET /user", "/user".into(), B::None, Clean),
        // Flows
        r(
            "GET /flows",
            "/flows?sharedWithPermissions=read".into(),
            B::None,
            Clean,
        ),
        r("GET /flows/count", "/flows/count".into(), B::None, Clean),
        r(
            "POST /flows",
            "/flows".into(),
            j(json!({"name": "b flow"})),
            Clean,
        ),
        r(
            "GET /flows/:id",
            format!("/flows/{flow_id}"),
            B::None,
            NotFound,
        ),
        r(
            "PUT /flows/:id",
            format!("/flows/{flow_id}"),
            j(json!({"name": "hijacked"})),
            NotFound,
        ),
        r(
            "DELETE /flows/:id",
            format!("/flows/{flow_id}"),
            B::None,
            NotFound,
        ),
        r(
            "POST /flows/:id/coordinator",
            format!("/flows/{flow_id}/coordinator"),
            j(json!({"command": "stop"})),
            NotFound,
        ),
        r(
            "POST /flows/:id/clone",
            format!("/flows/{flow_id}/clone"),
            j(json!({})),
            NotFound,
        ),
        r(
            "GET /auth/flow/:id/poll",
            format!("/auth/flow/{flow_id}/poll"),
            B::None,
            NotFound,
        ),
        r(
            "GET /auth/flow/status/:ticket",
            format!("/auth/flow/status/{ticket}"),
            B::None,
            NotFound,
        ),
        // Stores
        r("GET /stores", "/stores".into(), B::None, Clean),
        r(
            "POST /stores",
            "/stores".into(),
            j(json!({"name": "b store"})),
            Clean,
        ),
        r(
            "GET /stores/:id",
            format!("/stores/{store_id}"),
            B::None,
            NotFound,
        ),
        r(
            "PUT /stores/:id",
            format!("/stores/{store_id}"),
            j(json!({"name": "hijacked"})),
            NotFound,
        ),
        r(
            "DELETE /stores/:id",
            format!("/stores/{store_id}"),
            B::None,
            NotFound,
        ),
        r(
            "GET /store",
            format!("/store?storeId={store_id}"),
            B::None,
            NotFound,
        ),
        r(
            "GET /store/count",
            format!("/store/count?storeId={store_id}"),
            B::None,
            NotFound,
        ),
        r(
            "POST /store/:storeId/:key",
            format!("/store/{store_id}/{}", encode("alpha key")),
            B::Text("hijacked"),
            NotFound,
        ),
        r(
            "DELETE /store",
            "/store".into(),
            j(json!([{"key": "alpha key", "storeId": store_id}])),
            Clean,
        ),
        // Accounts
        r("GET /accounts", "/accounts".into(), B::None, Clean),
        r(
            "POST /accounts",
            "/accounts".into(),
            j(json!({"service": "appmixer:slack", "token": "b"})),
            Clean,
        ),
        r(
            "GET /accounts/:id",
            format!("/accounts/{account_id}"),
            B::None,
            NotFound,
        ),
        r(
            "PUT /accounts/:id",
            format!("/accounts/{account_id}"),
            j(json!({"displayName": "hijacked"})),
            NotFound,
        ),
        r(
            "GET /accounts/:id/flows",
            format!("/accounts/{account_id}/flows"),
            B::None,
            NotFound,
        ),
        r(
            "GET /auth/:componentType",
            "/auth/appmixer.slack.list.SendChannelMessage?componentId=send".into(),
            B::None,
            Clean,
        ),
        r(
            "GET /auth/:service",
            "/auth/appmixer.slack".into(),
            B::None,
            Clean,
        ),
        // Logs
        r("GET /logs", "/logs?size=1000".into(), B::None, Clean),
        r(
            "GET /logs/:index/:id",
            format!("/logs/{log_index}/{log_id}"),
            B::None,
            NotFound,
        ),
        // Charts
        r("GET /charts", "/charts".into(), B::None, Clean),
        r(
            "POST /charts",
            "/charts".into(),
            j(json!({"name": "b chart", "type": "pie"})),
            Clean,
        ),
        r(
            "GET /charts/:id",
            format!("/charts/{chart_id}"),
            B::None,
            NotFound,
        ),
        r(
            "PUT /charts/:id",
            format!("/charts/{chart_id}"),
            j(json!({"name": "hijacked"})),
            NotFound,
        ),
        r(
            "DELETE /charts/:id",
            format!("/charts/{chart_id}"),
            B::None,
            NotFound,
        ),
        // App events: B's event never triggers A's flows.
        r(
            "POST /plugins/appmixer/utils/appevents/events/:event",
            "/plugins/appmixer/utils/appevents/events/alpha-event".into(),
            j(json!({"x": 1})),
            Clean,
        ),
    ];
    for (p, templates) in [
        (
            "/people-task",
            [
                "GET /people-task/tasks",
                "GET /people-task/tasks-count",
                "POST /people-task/tasks",
                "GET /people-task/tasks/:id",
                "PUT /people-task/tasks/:id/approve",
                "PUT /people-task/tasks/:id/reject",
            ],
        ),
        (
            "/plugins/appmixer/utils/tasks",
            [
                "GET /plugins/appmixer/utils/tasks/tasks",
                "GET /plugins/appmixer/utils/tasks/tasks-count",
                "POST /plugins/appmixer/utils/tasks/tasks",
                "GET /plugins/appmixer/utils/tasks/tasks/:id",
                "PUT /plugins/appmixer/utils/tasks/tasks/:id/approve",
                "PUT /plugins/appmixer/utils/tasks/tasks/:id/reject",
            ],
        ),
    ] {
        routes.extend([
            r(templates[0], format!("{p}/tasks"), B::None, Clean),
            r(templates[1], format!("{p}/tasks-count"), B::None, Clean),
            r(
                templates[2],
                format!("{p}/tasks"),
                j(json!({"title": "b task", "approver": "bravo@example.com", "requester": "bravo@example.com"})),
                Clean,
            ),
            r(templates[3], format!("{p}/tasks/{task_id}"), B::None, NotFound),
            r(templates[4], format!("{p}/tasks/{task_id}/approve"), j(json!({})), NotFound),
            r(templates[5], format!("{p}/tasks/{task_id}/reject"), j(json!({})), NotFound),
        ]);
    }
    let ids = vec![
        flow_id,
        store_id,
        account_id,
        task_id,
        chart_id,
        log_id,
        ticket,
        a_id.clone(),
    ];
    World {
        emu,
        a_id,
        a,
        b,
        ids,
        routes,
    }
}

async fn send(emu: &Emu, route: &Route, auth: Option<&str>, body: Option<Body>) -> Resp {
    let mut req = Request::builder().method(route.method).uri(&route.path);
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    let body = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            b
        }
        None => match &route.body {
            B::None => Body::empty(),
            B::Json(v) => {
                req = req.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            B::Text(t) => {
                req = req.header("content-type", "text/plain");
                Body::from(*t)
            }
        },
    };
    emu.send(req.body(body).unwrap()).await
}

#[tokio::test]
async fn every_protected_route_refuses_missing_forged_and_expired_tokens() {
    let w = world().await;
    let forged = AppState::new(Config::default()).mint_token(&w.a_id, 3600);
    let expired = w.emu.state.mint_token(&w.a_id, -10);
    let ghost = w.emu.state.mint_token("0123456789abcdef01234567", 3600);
    let none_alg = {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "{}.{}.",
            enc(r#"{"alg":"none","typ":"JWT"}"#),
            enc(&format!(
                r#"{{"id":"{}","scope":["user"],"iat":0,"exp":99999999999}}"#,
                w.a_id
            ))
        )
    };
    let mut tampered = w.a.clone();
    tampered.pop();
    tampered.push(if w.a.ends_with('A') { 'B' } else { 'A' });
    let cases: Vec<(&str, Option<String>)> = vec![
        ("missing", None),
        ("forged (other secret)", Some(format!("Bearer {forged}"))),
        ("expired", Some(format!("Bearer {expired}"))),
        ("unknown user", Some(format!("Bearer {ghost}"))),
        ("alg none", Some(format!("Bearer {none_alg}"))),
        ("tampered signature", Some(format!("Bearer {tampered}"))),
        ("garbage", Some("Bearer abc.def".into())),
        ("not bearer", Some(format!("Basic {}", w.a))),
    ];
    assert!(w.routes.len() >= 45, "{}", w.routes.len());
    for route in &w.routes {
        for (what, auth) in &cases {
            let resp = send(&w.emu, route, auth.as_deref(), None).await;
            assert_eq!(
                resp.status.as_u16(),
                401,
                "{} {} with a {what} token: {}",
                route.method,
                route.path,
                String::from_utf8_lossy(&resp.bytes)
            );
            let msg = resp.assert_boom(401);
            if auth.is_none() {
                assert_eq!(msg, "Missing authentication");
            }
        }
    }
    println!(
        "token matrix: {} protected routes x {} bad-token kinds = {} cases, all 401",
        w.routes.len(),
        cases.len(),
        w.routes.len() * cases.len()
    );
    // And with A's real token none of them is a 401.
    for route in &w.routes {
        let resp = send(&w.emu, route, Some(&format!("Bearer {}", w.a)), None).await;
        assert_ne!(resp.status.as_u16(), 401, "{} {}", route.method, route.path);
    }
}

/// A's view of all of A's data (to compare before and after B's attempts).
async fn a_view(w: &World) -> Vec<Value> {
    let mut out = Vec::new();
    for route in w
        .routes
        .iter()
        .filter(|r| r.method == "GET" && !r.template.contains("/auth/flow/"))
    {
        let resp = send(&w.emu, route, Some(&format!("Bearer {}", w.a)), None).await;
        assert_eq!(resp.status, 200, "{} {}", route.method, route.path);
        let mut v = resp.json();
        // The user's own profile is stable; nothing else is volatile.
        if route.template == "GET /user" {
            v["created"] = Value::Null;
        }
        out.push(v);
    }
    out
}

#[tokio::test]
async fn user_b_never_reads_changes_or_deletes_user_a_data() {
    let w = world().await;
    let before = a_view(&w).await;
    assert!(before.iter().any(|v| v.to_string().contains(MARK)));
    let b_auth = format!("Bearer {}", w.b);
    for route in &w.routes {
        let resp = send(&w.emu, route, Some(&b_auth), None).await;
        let text = String::from_utf8_lossy(&resp.bytes).to_string();
        match route.cross {
            Cross::NotFound => {
                resp.assert_boom(404);
            }
            Cross::Clean => {
                assert_eq!(resp.status, 200, "{} {}: {text}", route.method, route.path);
            }
        }
        assert!(
            !text.contains(MARK),
            "{} {} leaked A's data: {text}",
            route.method,
            route.path
        );
        for id in &w.ids {
            assert!(
                !text.contains(id.as_str()),
                "{} {} leaked A's ID {id}: {text}",
                route.method,
                route.path
            );
        }
        if route
            .template
            .starts_with("POST /plugins/appmixer/utils/appevents")
        {
            assert_eq!(resp.json()["triggered"], json!([]));
        }
        if route.template == "DELETE /store" {
            assert_eq!(resp.json(), json!({"deletedCount": 0}));
        }
    }
    let after = a_view(&w).await;
    assert_eq!(before, after, "A's data changed");
    println!("isolation matrix: user B on {} routes against user A's data, nothing of A's read, changed or deleted", w.routes.len());
}

#[tokio::test]
async fn malformed_json_is_400_and_oversized_bodies_413_on_every_json_route() {
    let w = world().await;
    let a_auth = format!("Bearer {}", w.a);
    let mut json_routes: Vec<Route> = w
        .routes
        .iter()
        .filter(|r| matches!(r.body, B::Json(_)))
        .cloned()
        .collect();
    // Public and test-hook JSON routes too.
    for (t, p) in [
        ("POST /user", "/user"),
        ("POST /user/auth", "/user/auth"),
        ("POST /_emulator/token", "/_emulator/token"),
        ("POST /_emulator/faults", "/_emulator/faults"),
    ] {
        json_routes.push(r(t, p.into(), B::Json(json!({})), Cross::Clean));
    }
    assert!(json_routes.len() >= 22, "{}", json_routes.len());
    for route in &json_routes {
        for bad in ["{bad json", "{\"a\":", "[1,]", "nul"] {
            let resp = send(&w.emu, route, Some(&a_auth), Some(Body::from(bad))).await;
            let msg = resp.assert_boom(400);
            assert!(!msg.is_empty(), "{} {}", route.method, route.path);
        }
        let huge = vec![b' '; appmixer_emulator::BODY_LIMIT + 1];
        let resp = send(&w.emu, route, Some(&a_auth), Some(Body::from(huge))).await;
        resp.assert_boom(413);
    }
    println!(
        "body matrix: {} JSON routes x 4 malformed bodies (400) + 1 oversized (413) = {} cases",
        json_routes.len(),
        json_routes.len() * 5
    );
}

#[test]
fn routes_table_covers_the_readme() {
    let readme = include_str!("../README.md");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let w = rt.block_on(world());
    let normalize = |t: &str| -> String {
        let (method, path) = t.split_once(' ').unwrap();
        let path = path.split('?').next().unwrap();
        let segs: Vec<String> = path
            .split('/')
            .map(|s| {
                if s.starts_with(':') {
                    ":".to_string()
                } else {
                    s.to_string()
                }
            })
            .collect();
        format!("{method} {}", segs.join("/"))
    };
    let covered: Vec<String> = w.routes.iter().map(|r| normalize(r.template)).collect();
    let public = ["GET /", "POST /user", "POST /user/auth"];
    let mut documented = Vec::new();
    for line in readme.lines() {
        let Some(rest) = line.strip_prefix("| `") else {
            continue;
        };
        let Some(end) = rest.find('`') else { continue };
        let code = &rest[..end];
        let Some((method, path)) = code.split_once(' ') else {
            continue;
        };
        if !["GET", "POST", "PUT", "DELETE"].contains(&method) || !path.starts_with('/') {
            continue;
        }
        let path = path.split(' ').next().unwrap();
        documented.push(normalize(&format!("{method} {path}")));
    }
    assert!(documented.len() >= 40, "{documented:?}");
    for d in &documented {
        if d.starts_with("GET /_emulator")
            || d.starts_with("POST /_emulator")
            || d.starts_with("DELETE /_emulator")
        {
            continue;
        }
        assert!(
            public.contains(&d.as_str()) || covered.contains(d),
            "README route {d} is not in the security table"
        );
    }
}
