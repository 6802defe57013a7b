//! Flows: CRUD, listing options, start/stop, clone, flow authentication, isolation.

mod common;

use appmixer_emulator::state::Account;
use axum::body::Body;
use axum::http::Request;
use common::{encode, names, Emu};
use serde_json::{json, Value};

fn slack_descriptor() -> Value {
    json!({
        "timer": {"type": "appmixer.utils.timers.Timer", "label": "Timer", "source": {}, "x": 0, "y": 0, "config": {}},
        "send": {"type": "appmixer.slack.list.SendChannelMessage", "label": "Send", "source": {"in": {"timer": ["out"]}}, "x": 200, "y": 0, "config": {}},
        "mail": {"type": "appmixer.google.gmail.SendEmail", "label": "Mail", "source": {"in": {"timer": ["out"]}}, "x": 200, "y": 200, "config": {}}
    })
}

fn is_iso_ms(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 24
        && b[4] == b'-'
        && b[10] == b'T'
        && b[19] == b'.'
        && s.ends_with('Z')
        && s.chars().filter(|c| c.is_ascii_digit()).count() == 17
}

#[tokio::test]
async fn create_get_update_delete() {
    let emu = Emu::new();
    let (uid, t) = emu.signup("flows@example.com").await;
    let id = emu
        .create_flow(&t, json!({"name": "My flow", "flow": slack_descriptor(), "customFields": {"category": "crm"}}))
        .await;
    // UUID v4.
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4");

    let f = emu.get(&format!("/flows/{id}"), &t).await;
    assert_eq!(f.status, 200);
    let f = f.json();
    assert_eq!(f["flowId"], id.as_str());
    assert_eq!(f["userId"], uid.as_str());
    assert_eq!(f["name"], "My flow");
    assert_eq!(f["flow"], slack_descriptor());
    assert_eq!(f["stage"], "stopped");
    assert_eq!(f["customFields"], json!({"category": "crm"}));
    assert_eq!(f["sharedWith"], json!([]));
    assert!(f["thumbnail"]
        .as_str()
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    assert!(is_iso_ms(f["btime"].as_str().unwrap()), "{}", f["btime"]);
    assert!(is_iso_ms(f["mtime"].as_str().unwrap()));
    assert!(f.get("started").is_none());

    // Defaults.
    let id2 = emu.create_flow(&t, json!({"name": "Bare"})).await;
    let f2 = emu.get(&format!("/flows/{id2}"), &t).await.json();
    assert_eq!(f2["flow"], json!({}));
    assert_eq!(f2["customFields"], json!({}));

    // Update bumps mtime and returns the flow.
    let r = emu
        .call(
            "PUT",
            &format!("/flows/{id}"),
            Some(&t),
            Some(json!({"name": "Renamed", "customFields": {"category": "sales"}})),
        )
        .await;
    assert_eq!(r.status, 200);
    let u = r.json();
    assert_eq!(u["name"], "Renamed");
    assert_eq!(u["customFields"], json!({"category": "sales"}));
    assert_eq!(u["flow"], slack_descriptor(), "descriptor untouched");
    assert!(u["mtime"].as_str().unwrap() > f["mtime"].as_str().unwrap());
    assert_eq!(u["btime"], f["btime"]);
    let r = emu
        .call(
            "PUT",
            &format!("/flows/{id}"),
            Some(&t),
            Some(json!({"flow": {}})),
        )
        .await;
    assert_eq!(r.json()["flow"], json!({}));
    assert_eq!(
        emu.get(&format!("/flows/{id}"), &t).await.json()["name"],
        "Renamed"
    );
    emu.call(
        "PUT",
        &format!("/flows/{id}"),
        Some(&t),
        Some(json!({"name": ""})),
    )
    .await
    .assert_boom(400);
    emu.call(
        "PUT",
        &format!("/flows/{id}"),
        Some(&t),
        Some(json!({"flow": "x"})),
    )
    .await
    .assert_boom(400);

    // Delete.
    let r = emu
        .call("DELETE", &format!("/flows/{id}"), Some(&t), None)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["flowId"], id.as_str());
    emu.get(&format!("/flows/{id}"), &t).await.assert_boom(404);
    emu.call("DELETE", &format!("/flows/{id}"), Some(&t), None)
        .await
        .assert_boom(404);
}

#[tokio::test]
async fn create_validates_body() {
    let emu = Emu::new();
    let (_, t) = emu.signup("v@example.com").await;
    for body in [
        json!({}),
        json!({"flow": {}}),
        json!({"name": ""}),
        json!({"name": 3}),
        json!({"name": "x", "flow": [1]}),
        json!({"name": "x", "customFields": "crm"}),
    ] {
        emu.call("POST", "/flows", Some(&t), Some(body))
            .await
            .assert_boom(400);
    }
    // Over 2 MiB → 413.
    let big = "x".repeat(appmixer_emulator::FLOW_BODY_LIMIT);
    let r = emu
        .call(
            "POST",
            "/flows",
            Some(&t),
            Some(json!({"name": "big", "flow": {"a": {"type": "t", "config": {"blob": big}}}})),
        )
        .await;
    r.assert_boom(413);
    assert_eq!(
        emu.get("/flows/count", &t).await.json(),
        json!({"count": 0})
    );
}

#[tokio::test]
async fn path_ids_are_not_traversable() {
    let emu = Emu::new();
    let (_, t) = emu.signup("trav@example.com").await;
    // getFlow("../user") requests /flows/..%2Fuser: a flow lookup, never /user.
    let r = emu.get(&format!("/flows/{}", encode("../user")), &t).await;
    r.assert_boom(404);
    assert!(r.json().get("username").is_none());
}

async fn setup_list(emu: &Emu, t: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (name, cf) in [
        ("Alpha report", json!({"category": "crm", "tier": 1})),
        ("beta Sync", json!({"category": "ops"})),
        ("Gamma REPORT", json!({"category": "crm", "tier": 2})),
        ("delta", json!({})),
    ] {
        ids.push(
            emu.create_flow(
                t,
                json!({"name": name, "customFields": cf, "flow": slack_descriptor()}),
            )
            .await,
        );
    }
    ids
}

#[tokio::test]
async fn list_supports_pattern_sort_limit_offset_projection() {
    let emu = Emu::new();
    let (_, t) = emu.signup("list@example.com").await;
    let ids = setup_list(&emu, &t).await;

    // Default: all, creation order.
    let all = emu.get("/flows", &t).await.json();
    assert_eq!(
        names(&all),
        ["Alpha report", "beta Sync", "Gamma REPORT", "delta"]
    );

    // Pattern: case-insensitive substring, or exact flowId.
    let r = emu.get("/flows?pattern=report", &t).await.json();
    assert_eq!(names(&r), ["Alpha report", "Gamma REPORT"]);
    let r = emu.get("/flows?pattern=Alpha+rep", &t).await.json();
    assert_eq!(names(&r), ["Alpha report"]);
    let r = emu.get("/flows?pattern=alpha%20REP", &t).await.json();
    assert_eq!(names(&r), ["Alpha report"]);
    let r = emu
        .get(&format!("/flows?pattern={}", ids[3]), &t)
        .await
        .json();
    assert_eq!(names(&r), ["delta"]);

    // Sort.
    let r = emu.get("/flows?sort=name:1", &t).await.json();
    assert_eq!(
        names(&r),
        ["Alpha report", "Gamma REPORT", "beta Sync", "delta"]
    );
    let r = emu.get("/flows?sort=name%3A-1", &t).await.json();
    assert_eq!(
        names(&r),
        ["delta", "beta Sync", "Gamma REPORT", "Alpha report"]
    );
    // Touch "beta Sync" so it has the newest mtime.
    emu.call(
        "PUT",
        &format!("/flows/{}", ids[1]),
        Some(&t),
        Some(json!({"name": "beta Sync"})),
    )
    .await;
    let r = emu.get("/flows?sort=mtime:-1", &t).await.json();
    assert_eq!(names(&r)[0], "beta Sync");
    let r = emu.get("/flows?sort=mtime:1", &t).await.json();
    assert_eq!(names(&r)[3], "beta Sync");
    emu.get("/flows?sort=name:up", &t).await.assert_boom(400);

    // Limit / offset.
    let r = emu
        .get("/flows?sort=name:1&limit=2&offset=1", &t)
        .await
        .json();
    assert_eq!(names(&r), ["Gamma REPORT", "beta Sync"]);
    let r = emu.get("/flows?limit=1", &t).await.json();
    assert_eq!(r.as_array().unwrap().len(), 1);
    let r = emu.get("/flows?offset=10", &t).await.json();
    assert_eq!(r, json!([]));
    emu.get("/flows?limit=abc", &t).await.assert_boom(400);
    emu.get("/flows?offset=-1", &t).await.assert_boom(400);

    // Projection.
    let r = emu
        .get("/flows?projection=-flow,-thumbnail", &t)
        .await
        .json();
    for f in r.as_array().unwrap() {
        assert!(
            f.get("flow").is_none() && f.get("thumbnail").is_none(),
            "{f}"
        );
        assert!(f.get("name").is_some() && f.get("flowId").is_some() && f.get("stage").is_some());
    }
    let r = emu
        .get("/flows?projection=-flow%2C-thumbnail", &t)
        .await
        .json();
    assert!(r[0].get("flow").is_none() && r[0].get("thumbnail").is_none());
}

#[tokio::test]
async fn list_filters_and_count() {
    let emu = Emu::new();
    let (_, t) = emu.signup("filter@example.com").await;
    let ids = setup_list(&emu, &t).await;
    let r = emu
        .call(
            "POST",
            &format!("/flows/{}/coordinator", ids[0]),
            Some(&t),
            Some(json!({"command": "start"})),
        )
        .await;
    assert_eq!(r.status, 200);

    let r = emu
        .get("/flows?filter=customFields.category:crm", &t)
        .await
        .json();
    assert_eq!(names(&r), ["Alpha report", "Gamma REPORT"]);
    let r = emu
        .get("/flows?filter=customFields.category%3Acrm", &t)
        .await
        .json();
    assert_eq!(names(&r), ["Alpha report", "Gamma REPORT"]);
    let r = emu.get("/flows?filter=stage:running", &t).await.json();
    assert_eq!(names(&r), ["Alpha report"]);
    // Negation, both spellings.
    let r = emu.get("/flows?filter=stage:!running", &t).await.json();
    assert_eq!(names(&r), ["beta Sync", "Gamma REPORT", "delta"]);
    let r = emu.get("/flows?filter=!stage:running", &t).await.json();
    assert_eq!(names(&r), ["beta Sync", "Gamma REPORT", "delta"]);
    let r = emu
        .get("/flows?filter=customFields.category:!crm", &t)
        .await
        .json();
    assert_eq!(names(&r), ["beta Sync", "delta"]);
    // Repeated filters AND together.
    let r = emu
        .get(
            "/flows?filter=customFields.category:crm&filter=stage:!running",
            &t,
        )
        .await
        .json();
    assert_eq!(names(&r), ["Gamma REPORT"]);
    // Numbers compare by their text.
    let r = emu
        .get("/flows?filter=customFields.tier:2", &t)
        .await
        .json();
    assert_eq!(names(&r), ["Gamma REPORT"]);
    // Combined with a pattern.
    let r = emu
        .get("/flows?filter=customFields.category:crm&pattern=gamma", &t)
        .await
        .json();
    assert_eq!(names(&r), ["Gamma REPORT"]);
    emu.get("/flows?filter=nocolon", &t).await.assert_boom(400);

    // Count applies pattern and filters, not limit.
    assert_eq!(
        emu.get("/flows/count", &t).await.json(),
        json!({"count": 4})
    );
    assert_eq!(
        emu.get("/flows/count?pattern=REPORT", &t).await.json(),
        json!({"count": 2})
    );
    assert_eq!(
        emu.get(
            "/flows/count?filter=customFields.category:crm&filter=stage:running",
            &t
        )
        .await
        .json(),
        json!({"count": 1})
    );
    assert_eq!(
        emu.get("/flows/count?limit=1", &t).await.json(),
        json!({"count": 4})
    );
}

#[tokio::test]
async fn start_stop_sets_stage_started_and_mtime() {
    let emu = Emu::new();
    let (_, t) = emu.signup("coord@example.com").await;
    let id = emu.create_flow(&t, json!({"name": "F"})).await;
    let before = emu.get(&format!("/flows/{id}"), &t).await.json();

    let r = emu
        .call(
            "POST",
            &format!("/flows/{id}/coordinator"),
            Some(&t),
            Some(json!({"command": "start"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"flowId": id}));
    let running = emu.get(&format!("/flows/{id}"), &t).await.json();
    assert_eq!(running["stage"], "running");
    assert!(is_iso_ms(running["started"].as_str().unwrap()));
    assert!(running["mtime"].as_str().unwrap() > before["mtime"].as_str().unwrap());

    let r = emu
        .call(
            "POST",
            &format!("/flows/{id}/coordinator"),
            Some(&t),
            Some(json!({"command": "stop"})),
        )
        .await;
    assert_eq!(r.json(), json!({"flowId": id}));
    let stopped = emu.get(&format!("/flows/{id}"), &t).await.json();
    assert_eq!(stopped["stage"], "stopped");
    assert!(stopped.get("started").is_none());
    assert!(stopped["mtime"].as_str().unwrap() > running["mtime"].as_str().unwrap());

    for body in [
        json!({"command": "restart"}),
        json!({}),
        json!({"command": 1}),
    ] {
        emu.call(
            "POST",
            &format!("/flows/{id}/coordinator"),
            Some(&t),
            Some(body),
        )
        .await
        .assert_boom(400);
    }
    emu.call(
        "POST",
        "/flows/nope/coordinator",
        Some(&t),
        Some(json!({"command": "start"})),
    )
    .await
    .assert_boom(404);
}

#[tokio::test]
async fn clone_makes_a_stopped_copy() {
    let emu = Emu::new();
    let (_, t) = emu.signup("clone@example.com").await;
    let id = emu
        .create_flow(&t, json!({"name": "Orig", "flow": slack_descriptor(), "customFields": {"a": 1}, "sharedWith": [{"email": "x@example.com", "permissions": ["read"]}]}))
        .await;
    emu.call(
        "POST",
        &format!("/flows/{id}/coordinator"),
        Some(&t),
        Some(json!({"command": "start"})),
    )
    .await;
    let r = emu
        .call(
            "POST",
            &format!("/flows/{id}/clone"),
            Some(&t),
            Some(json!({"connectAccounts": false})),
        )
        .await;
    assert_eq!(r.status, 200);
    let clone_id = r.json()["cloneId"].as_str().unwrap().to_string();
    assert_ne!(clone_id, id);
    let c = emu.get(&format!("/flows/{clone_id}"), &t).await.json();
    assert_eq!(c["name"], "Copy of Orig");
    assert_eq!(c["stage"], "stopped");
    assert_eq!(c["flow"], slack_descriptor());
    assert_eq!(c["customFields"], json!({"a": 1}));
    assert_eq!(c["sharedWith"], json!([]));
    // Without a body too.
    let r = emu
        .call("POST", &format!("/flows/{id}/clone"), Some(&t), None)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(emu.get("/flows/count", &t).await.json()["count"], 3);
    emu.call("POST", "/flows/unknown/clone", Some(&t), None)
        .await
        .assert_boom(404);
}

#[tokio::test]
async fn other_users_flows_are_invisible() {
    let emu = Emu::new();
    let (_, a) = emu.signup("a@example.com").await;
    let (_, b) = emu.signup("b@example.com").await;
    let id = emu
        .create_flow(
            &a,
            json!({"name": "A's secret", "flow": slack_descriptor()}),
        )
        .await;

    let unknown = emu
        .get("/flows/00000000-0000-4000-8000-000000000000", &b)
        .await;
    unknown.assert_boom(404);
    let theirs = emu.get(&format!("/flows/{id}"), &b).await;
    theirs.assert_boom(404);
    assert_eq!(
        theirs.json(),
        unknown.json(),
        "404 for another user's flow looks like unknown"
    );

    assert_eq!(emu.get("/flows", &b).await.json(), json!([]));
    assert_eq!(
        emu.get(&format!("/flows?pattern={id}"), &b).await.json(),
        json!([])
    );
    assert_eq!(
        emu.get("/flows/count", &b).await.json(),
        json!({"count": 0})
    );
    assert_eq!(
        emu.get("/flows?sharedWithPermissions=read", &b)
            .await
            .json(),
        json!([])
    );
    emu.call(
        "PUT",
        &format!("/flows/{id}"),
        Some(&b),
        Some(json!({"name": "pwned"})),
    )
    .await
    .assert_boom(404);
    emu.call("DELETE", &format!("/flows/{id}"), Some(&b), None)
        .await
        .assert_boom(404);
    emu.call(
        "POST",
        &format!("/flows/{id}/coordinator"),
        Some(&b),
        Some(json!({"command": "start"})),
    )
    .await
    .assert_boom(404);
    emu.call("POST", &format!("/flows/{id}/clone"), Some(&b), None)
        .await
        .assert_boom(404);
    emu.get(&format!("/auth/flow/{id}/poll"), &b)
        .await
        .assert_boom(404);

    let f = emu.get(&format!("/flows/{id}"), &a).await.json();
    assert_eq!(f["name"], "A's secret");
    assert_eq!(f["stage"], "stopped");
}

#[tokio::test]
async fn shared_flows_appear_with_matching_permissions() {
    let emu = Emu::new();
    let (_, a) = emu.signup("owner@example.com").await;
    let (_, b) = emu.signup("Friend@Example.com").await;
    emu.create_flow(&b, json!({"name": "B own"})).await;
    let shared = emu
        .create_flow(&a, json!({"name": "Shared one", "sharedWith": [{"email": "friend@example.com", "permissions": ["read", "start"]}]}))
        .await;
    emu.create_flow(&a, json!({"name": "Not shared"})).await;

    assert_eq!(names(&emu.get("/flows", &b).await.json()), ["B own"]);
    let r = emu
        .get("/flows?sharedWithPermissions=read,start", &b)
        .await
        .json();
    assert_eq!(names(&r), ["B own", "Shared one"]);
    let r = emu
        .get("/flows?sharedWithPermissions=read%2Cstart", &b)
        .await
        .json();
    assert_eq!(names(&r), ["B own", "Shared one"]);
    let r = emu
        .get("/flows?sharedWithPermissions=read,start,stop", &b)
        .await
        .json();
    assert_eq!(names(&r), ["B own"]);
    assert_eq!(
        emu.get("/flows/count?sharedWithPermissions=read", &b)
            .await
            .json(),
        json!({"count": 2})
    );

    // Shared with read: readable; with start: startable; never editable.
    assert_eq!(
        emu.get(&format!("/flows/{shared}"), &b).await.json()["name"],
        "Shared one"
    );
    let r = emu
        .call(
            "POST",
            &format!("/flows/{shared}/coordinator"),
            Some(&b),
            Some(json!({"command": "start"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        emu.get(&format!("/flows/{shared}"), &a).await.json()["stage"],
        "running"
    );
    emu.call(
        "POST",
        &format!("/flows/{shared}/coordinator"),
        Some(&b),
        Some(json!({"command": "stop"})),
    )
    .await
    .assert_boom(404);
    emu.call(
        "PUT",
        &format!("/flows/{shared}"),
        Some(&b),
        Some(json!({"name": "x"})),
    )
    .await
    .assert_boom(404);
    emu.call("DELETE", &format!("/flows/{shared}"), Some(&b), None)
        .await
        .assert_boom(404);
}

#[tokio::test]
async fn flow_authentication_polling() {
    let emu = Emu::new();
    let (uid, t) = emu.signup("fa@example.com").await;
    let (_, other) = emu.signup("fa2@example.com").await;
    emu.state.db(|db| {
        let d = db.user_data(&uid);
        for (id, service, name) in [
            ("aaaaaaaaaaaaaaaaaaaaaaaa", "appmixer:slack", "ws-one"),
            ("bbbbbbbbbbbbbbbbbbbbbbbb", "appmixer:slack", "ws-two"),
            ("cccccccccccccccccccccccc", "appmixer:github", "gh"),
        ] {
            d.accounts.insert(
                id.to_string(),
                Account {
                    account_id: id.to_string(),
                    name: name.to_string(),
                    display_name: Some(format!("{name} display")),
                    service: service.to_string(),
                    user_id: uid.clone(),
                    profile_info: json!({}),
                    icon: String::new(),
                    ..Default::default()
                },
            );
        }
    });
    let id = emu
        .create_flow(&t, json!({"name": "F", "flow": slack_descriptor()}))
        .await;

    let r = emu.get(&format!("/auth/flow/{id}/poll"), &t).await;
    assert_eq!(r.status, 200);
    let ticket = r.json()["ticket"].as_str().unwrap().to_string();
    assert!(!ticket.is_empty());

    // Another user cannot read the ticket.
    emu.get(&format!("/auth/flow/status/{ticket}"), &other)
        .await
        .assert_boom(404);

    let first = emu
        .get(&format!("/auth/flow/status/{ticket}"), &t)
        .await
        .json();
    assert_eq!(first, json!({"status": "pending"}));
    let done = emu
        .get(&format!("/auth/flow/status/{ticket}"), &t)
        .await
        .json();
    assert_eq!(done["status"], "done");
    assert!(
        done.get("timer").is_none(),
        "utils components need no account: {done}"
    );
    assert_eq!(
        done["send"]["componentType"],
        "appmixer.slack.list.SendChannelMessage"
    );
    let accounts = done["send"]["auth"]["accounts"].as_object().unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(
        accounts["aaaaaaaaaaaaaaaaaaaaaaaa"],
        json!({"accountId": "aaaaaaaaaaaaaaaaaaaaaaaa", "name": "ws-one", "displayName": "ws-one display", "accessTokenValid": true, "componentAssigned": false, "service": "appmixer:slack", "icon": ""})
    );
    // A component whose service has no account lists none.
    assert_eq!(
        done["mail"]["componentType"],
        "appmixer.google.gmail.SendEmail"
    );
    assert_eq!(done["mail"]["auth"]["accounts"], json!({}));
    // Stays done.
    assert_eq!(
        emu.get(&format!("/auth/flow/status/{ticket}"), &t)
            .await
            .json()["status"],
        "done"
    );

    emu.get("/auth/flow/status/nope", &t).await.assert_boom(404);
    emu.get("/auth/flow/unknown/poll", &t)
        .await
        .assert_boom(404);
}

#[tokio::test]
async fn seed_has_demo_flows_and_a_shared_one() {
    let emu = Emu::seeded();
    let t = emu.login("demo@example.com", "demo1234").await;
    let own = emu
        .get("/flows?projection=-flow,-thumbnail", &t)
        .await
        .json();
    let own = own.as_array().unwrap();
    assert!(own.len() >= 3);
    assert!(own.iter().any(|f| f["stage"] == "running"));
    assert!(own.iter().any(|f| f["customFields"]["category"] == "crm"));
    let slack = emu.get("/flows?pattern=slack", &t).await.json();
    assert!(slack
        .as_array()
        .unwrap()
        .iter()
        .any(
            |f| f["flow"].as_object().unwrap().values().any(|c| c["type"]
                .as_str()
                .unwrap_or("")
                .starts_with("appmixer.slack."))
        ));
    let with_shared = emu
        .get("/flows?sharedWithPermissions=read,start", &t)
        .await
        .json();
    assert_eq!(with_shared.as_array().unwrap().len(), own.len() + 1);
    let alice_id = emu
        .state
        .db(|db| db.user_by_name("alice@example.com").map(|u| u.id.clone()))
        .unwrap();
    assert!(with_shared
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["userId"] == alice_id.as_str()));

    // The demo user's Slack account shows up in the flow authentication.
    let slack_flow = slack.as_array().unwrap()[0]["flowId"]
        .as_str()
        .unwrap()
        .to_string();
    let ticket = emu
        .get(&format!("/auth/flow/{slack_flow}/poll"), &t)
        .await
        .json()["ticket"]
        .as_str()
        .unwrap()
        .to_string();
    emu.get(&format!("/auth/flow/status/{ticket}"), &t).await;
    let done = emu
        .get(&format!("/auth/flow/status/{ticket}"), &t)
        .await
        .json();
    let slack_entry = done
        .as_object()
        .unwrap()
        .values()
        .find(|v| {
            v["componentType"]
                .as_str()
                .is_some_and(|s| s.starts_with("appmixer.slack."))
        })
        .expect("slack component");
    assert_eq!(
        slack_entry["auth"]["accounts"].as_object().unwrap().len(),
        1
    );

    // Alice cannot see the demo user's flows.
    let alice = emu.login("alice@example.com", "alice1234").await;
    let r = emu.get("/flows", &alice).await.json();
    assert!(r
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["userId"] == alice_id.as_str()));
}

#[tokio::test]
async fn raw_requests_with_encoded_query_work() {
    // Exercise the exact bytes a browser sends for getFlows({filter: [...], sort}).
    let emu = Emu::new();
    let (_, t) = emu.signup("raw@example.com").await;
    setup_list(&emu, &t).await;
    let req = Request::builder()
        .uri("/flows?filter=customFields.category%3Acrm&filter=customFields.tier%3A1&sort=name%3A-1&projection=-flow%2C-thumbnail")
        .header("authorization", format!("Bearer {t}"))
        .body(Body::empty())
        .unwrap();
    let r = emu.send(req).await.json();
    assert_eq!(names(&r), ["Alpha report"]);
}
