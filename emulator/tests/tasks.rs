//! People tasks (under both prefixes) and charts.

mod common;

use common::{items, Emu};
use serde_json::{json, Value};

const PREFIXES: [&str; 2] = ["/people-task", "/plugins/appmixer/utils/tasks"];

fn titles(v: &Value) -> Vec<String> {
    items(v)
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect()
}

async fn create_task(emu: &Emu, token: &str, body: Value) -> Value {
    let r = emu
        .call("POST", "/people-task/tasks", Some(token), Some(body))
        .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    r.json()
}

#[tokio::test]
async fn create_list_count_and_read() {
    let emu = Emu::new();
    let (_, req_t) = emu.signup("req@example.com").await;
    let (_, app_t) = emu.signup("app@example.com").await;
    let (_, other_t) = emu.signup("other@example.com").await;

    for bad in [
        json!({"approver": "app@example.com", "requester": "req@example.com"}),
        json!({"title": "", "approver": "app@example.com", "requester": "req@example.com"}),
        json!({"title": "x", "approver": "nope", "requester": "req@example.com"}),
        json!({"title": "x", "approver": "app@example.com"}),
        json!({"title": "x", "approver": "app@example.com", "requester": "req@example.com", "decisionBy": "tomorrow"}),
    ] {
        emu.call("POST", "/people-task/tasks", Some(&req_t), Some(bad))
            .await
            .assert_boom(400);
    }

    let created = create_task(
        &emu,
        &req_t,
        json!({"title": "Buy laptop", "description": "A new one", "approver": "app@example.com",
               "requester": "req@example.com", "flowId": "f-1", "decisionBy": "2099-01-01T00:00:00.000Z"}),
    )
    .await;
    let id = created["taskId"].as_str().unwrap().to_string();
    assert!(appmixer_emulator::util::is_object_id(&id));
    assert_eq!(created["status"], "pending");
    assert_eq!(created["flowId"], "f-1");
    assert_eq!(created["decisionBy"], "2099-01-01T00:00:00.000Z");
    assert_eq!(created["decisionMade"], Value::Null);
    let approver_secret = created["approverSecret"].as_str().unwrap().to_string();
    let requester_secret = created["requesterSecret"].as_str().unwrap().to_string();
    assert_ne!(approver_secret, requester_secret);
    for key in [
        "title",
        "description",
        "approver",
        "requester",
        "created",
        "mtime",
    ] {
        assert!(created.get(key).is_some(), "{key}");
    }
    let due = create_task(
        &emu,
        &req_t,
        json!({"title": "Old request", "approver": "app@example.com", "requester": "req@example.com",
               "decisionBy": "2001-01-01"}),
    )
    .await;
    assert_eq!(due["status"], "due", "pending past decisionBy reads as due");
    create_task(
        &emu,
        &app_t,
        json!({"title": "Reverse", "approver": "req@example.com", "requester": "app@example.com"}),
    )
    .await;

    for p in PREFIXES {
        // Secrets are never returned after creation.
        let r = emu.get(&format!("{p}/tasks"), &app_t).await;
        let text = String::from_utf8_lossy(&r.bytes).to_string();
        assert!(
            !text.contains(&approver_secret) && !text.contains("Secret"),
            "{text}"
        );
        assert_eq!(
            titles(&r.json()),
            ["Reverse", "Old request", "Buy laptop"],
            "{p}: newest first"
        );
        assert_eq!(
            titles(
                &emu.get(&format!("{p}/tasks?role=approver"), &app_t)
                    .await
                    .json()
            ),
            ["Old request", "Buy laptop"]
        );
        assert_eq!(
            titles(
                &emu.get(&format!("{p}/tasks?role=requester"), &app_t)
                    .await
                    .json()
            ),
            ["Reverse"]
        );
        assert_eq!(
            emu.get(&format!("{p}/tasks-count?role=approver"), &app_t)
                .await
                .json(),
            json!({"count": 2})
        );
        assert_eq!(
            titles(
                &emu.get(&format!("{p}/tasks?pattern=LAPTOP"), &app_t)
                    .await
                    .json()
            ),
            ["Buy laptop"]
        );
        assert_eq!(
            titles(
                &emu.get(&format!("{p}/tasks?sort=title:1"), &app_t)
                    .await
                    .json()
            ),
            ["Buy laptop", "Old request", "Reverse"]
        );
        assert_eq!(
            titles(
                &emu.get(
                    &format!("{p}/tasks?sort=created:1&limit=1&offset=1"),
                    &app_t
                )
                .await
                .json()
            ),
            ["Old request"]
        );
        assert_eq!(
            titles(
                &emu.get(&format!("{p}/tasks?filter=status:due"), &app_t)
                    .await
                    .json()
            ),
            ["Old request"]
        );
        assert_eq!(
            titles(
                &emu.get(
                    &format!("{p}/tasks?filter=status:pending&filter=approver:app@example.com"),
                    &app_t
                )
                .await
                .json()
            ),
            ["Buy laptop"]
        );
        assert_eq!(
            emu.get(&format!("{p}/tasks-count?filter=status%3A!pending"), &app_t)
                .await
                .json(),
            json!({"count": 1})
        );
        emu.get(&format!("{p}/tasks?role=boss"), &app_t)
            .await
            .assert_boom(400);

        // Someone else sees nothing, unless they hold a secret.
        assert!(items(&emu.get(&format!("{p}/tasks"), &other_t).await.json()).is_empty());
        assert_eq!(
            titles(
                &emu.get(&format!("{p}/tasks?secret={requester_secret}"), &other_t)
                    .await
                    .json()
            ),
            ["Buy laptop"]
        );
        emu.get(&format!("{p}/tasks/{id}"), &other_t)
            .await
            .assert_boom(404);
        let r = emu
            .get(
                &format!("{p}/tasks/{id}?secret={approver_secret}"),
                &other_t,
            )
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["taskId"], id.as_str());

        let t = emu.get(&format!("{p}/tasks/{id}"), &req_t).await.json();
        assert_eq!(t["title"], "Buy laptop");
        assert!(t.get("approverSecret").is_none() && t.get("requesterSecret").is_none());
        emu.get(&format!("{p}/tasks/000000000000000000000000"), &req_t)
            .await
            .assert_boom(404);
    }
}

#[tokio::test]
async fn approve_and_reject_rules() {
    let emu = Emu::new();
    let (_, req_t) = emu.signup("r@example.com").await;
    let (_, app_t) = emu.signup("a@example.com").await;
    let (_, other_t) = emu.signup("o@example.com").await;
    let new_task = |title: &'static str| {
        let emu = &emu;
        let req_t = req_t.clone();
        async move {
            create_task(
                emu,
                &req_t,
                json!({"title": title, "approver": "a@example.com", "requester": "r@example.com"}),
            )
            .await
        }
    };

    let t1 = new_task("one").await;
    let id1 = t1["taskId"].as_str().unwrap();
    // The requester may see but not decide: 403. A stranger: 404.
    for p in PREFIXES {
        emu.call(
            "PUT",
            &format!("{p}/tasks/{id1}/approve"),
            Some(&req_t),
            None,
        )
        .await
        .assert_boom(403);
        emu.call(
            "PUT",
            &format!("{p}/tasks/{id1}/reject"),
            Some(&other_t),
            Some(json!({})),
        )
        .await
        .assert_boom(404);
        // Holding only the requester secret is not enough.
        emu.call(
            "PUT",
            &format!("{p}/tasks/{id1}/approve"),
            Some(&other_t),
            Some(json!({"secret": t1["requesterSecret"]})),
        )
        .await
        .assert_boom(403);
    }
    let before = emu
        .get(&format!("/people-task/tasks/{id1}"), &app_t)
        .await
        .json();
    let r = emu
        .call(
            "PUT",
            &format!("/people-task/tasks/{id1}/approve"),
            Some(&app_t),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    let approved = r.json();
    assert_eq!(approved["status"], "approved");
    assert!(approved["decisionMade"].is_string());
    assert!(approved["mtime"].as_str() > before["mtime"].as_str());
    assert!(approved.get("approverSecret").is_none());
    // Already decided → 400 (either way, either prefix).
    for action in ["approve", "reject"] {
        for p in PREFIXES {
            emu.call(
                "PUT",
                &format!("{p}/tasks/{id1}/{action}"),
                Some(&app_t),
                None,
            )
            .await
            .assert_boom(400);
        }
    }

    // The approver secret lets anyone decide, through either prefix.
    let t2 = new_task("two").await;
    let id2 = t2["taskId"].as_str().unwrap();
    let r = emu
        .call(
            "PUT",
            &format!("/plugins/appmixer/utils/tasks/tasks/{id2}/reject"),
            Some(&other_t),
            Some(json!({"secret": t2["approverSecret"]})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "rejected");
    assert_eq!(
        emu.get(&format!("/people-task/tasks/{id2}"), &req_t)
            .await
            .json()["status"],
        "rejected"
    );

    emu.call(
        "PUT",
        "/people-task/tasks/000000000000000000000000/approve",
        Some(&app_t),
        None,
    )
    .await
    .assert_boom(404);
    let t3 = new_task("three").await;
    let id3 = t3["taskId"].as_str().unwrap();
    emu.call(
        "PUT",
        &format!("/people-task/tasks/{id3}/approve"),
        Some(&app_t),
        Some(json!({"secret": 5})),
    )
    .await
    .assert_boom(400);
}

#[tokio::test]
async fn seeded_tasks() {
    let emu = Emu::seeded();
    let demo = emu.login("demo@example.com", "demo1234").await;
    let alice = emu.login("alice@example.com", "alice1234").await;
    let mine = emu
        .get("/people-task/tasks?role=approver", &demo)
        .await
        .json();
    let statuses: Vec<&str> = items(&mine)
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert!(
        statuses.iter().filter(|s| **s == "pending").count() >= 2,
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&"approved") && statuses.contains(&"due"),
        "{statuses:?}"
    );
    assert!(items(&mine)
        .iter()
        .all(|t| t["approver"] == "demo@example.com"));
    let requested = emu
        .get("/people-task/tasks?role=requester", &demo)
        .await
        .json();
    assert!(!items(&requested).is_empty());
    assert!(items(&requested)
        .iter()
        .all(|t| t["approver"] == "alice@example.com"));
    // Alice is the approver of demo's requests.
    let alice_count = emu
        .get(
            "/plugins/appmixer/utils/tasks/tasks-count?role=approver",
            &alice,
        )
        .await
        .json();
    assert_eq!(
        alice_count["count"].as_u64().unwrap() as usize,
        items(&requested).len()
    );
    // Deciding a pending seeded task works.
    let pending = items(&mine)
        .iter()
        .find(|t| t["status"] == "pending")
        .unwrap();
    let r = emu
        .call(
            "PUT",
            &format!(
                "/people-task/tasks/{}/approve",
                pending["taskId"].as_str().unwrap()
            ),
            Some(&demo),
            None,
        )
        .await;
    assert_eq!(r.json()["status"], "approved");
}

#[tokio::test]
async fn charts_crud_and_isolation() {
    let emu = Emu::new();
    let (uid, t) = emu.signup("ch@example.com").await;
    let (_, other) = emu.signup("ch2@example.com").await;
    assert_eq!(emu.get("/charts", &t).await.json(), json!([]));
    for bad in [
        json!({"type": "bar"}),
        json!({"name": "x"}),
        json!({"name": "x", "type": "donut"}),
        json!({"name": "x", "type": "bar", "query": "q"}),
    ] {
        emu.call("POST", "/charts", Some(&t), Some(bad))
            .await
            .assert_boom(400);
    }
    let r = emu
        .call(
            "POST",
            "/charts",
            Some(&t),
            Some(
                json!({"name": "Per day", "type": "bar", "query": {"match_all": {}},
                        "options": {"layout": {}}, "traces": {"a": {"type": "bar"}}}),
            ),
        )
        .await;
    assert_eq!(r.status, 200);
    let c = r.json();
    let id = c["chartId"].as_str().unwrap().to_string();
    assert_eq!(c["userId"], uid.as_str());
    assert_eq!(c["index"], "appmixer-*");
    assert_eq!(c["type"], "bar");
    assert_eq!(c["query"], json!({"match_all": {}}));
    assert_eq!(c["traces"]["a"]["type"], "bar");
    assert!(c["mtime"].is_string());
    let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 9, "{keys:?}");
    emu.call(
        "POST",
        "/charts",
        Some(&t),
        Some(json!({"name": "Pie", "type": "pie"})),
    )
    .await;

    assert_eq!(
        common::names(&emu.get("/charts", &t).await.json()),
        ["Per day", "Pie"]
    );
    assert_eq!(emu.get(&format!("/charts/{id}"), &t).await.json(), c);

    let r = emu
        .call(
            "PUT",
            &format!("/charts/{id}"),
            Some(&t),
            Some(json!({"name": "Renamed", "type": "line"})),
        )
        .await;
    let u = r.json();
    assert_eq!(
        (u["name"].as_str(), u["type"].as_str()),
        (Some("Renamed"), Some("line"))
    );
    assert_eq!(u["query"], c["query"], "unchanged fields stay");
    assert!(u["mtime"].as_str() > c["mtime"].as_str());
    emu.call(
        "PUT",
        &format!("/charts/{id}"),
        Some(&t),
        Some(json!({"type": "x"})),
    )
    .await
    .assert_boom(400);

    // Another user's chart is unknown to them.
    assert_eq!(emu.get("/charts", &other).await.json(), json!([]));
    emu.get(&format!("/charts/{id}"), &other)
        .await
        .assert_boom(404);
    emu.call(
        "PUT",
        &format!("/charts/{id}"),
        Some(&other),
        Some(json!({"name": "x"})),
    )
    .await
    .assert_boom(404);
    emu.call("DELETE", &format!("/charts/{id}"), Some(&other), None)
        .await
        .assert_boom(404);

    let r = emu
        .call("DELETE", &format!("/charts/{id}"), Some(&t), None)
        .await;
    assert_eq!(r.json(), json!({"chartId": id}));
    emu.get(&format!("/charts/{id}"), &t).await.assert_boom(404);
    emu.call("DELETE", &format!("/charts/{id}"), Some(&t), None)
        .await
        .assert_boom(404);
    assert_eq!(common::names(&emu.get("/charts", &t).await.json()), ["Pie"]);
}

#[tokio::test]
async fn seeded_charts() {
    let emu = Emu::seeded();
    let demo = emu.login("demo@example.com", "demo1234").await;
    let charts = emu.get("/charts", &demo).await.json();
    assert!((2..=3).contains(&items(&charts).len()));
    for c in items(&charts) {
        assert!(["bar", "line", "scatter", "area", "pie"].contains(&c["type"].as_str().unwrap()));
    }
    let alice = emu.login("alice@example.com", "alice1234").await;
    assert_eq!(emu.get("/charts", &alice).await.json(), json!([]));
}

fn approval_flow(config: Value) -> Value {
    json!({
        "trigger": {"type": "appmixer.utils.http.Webhook", "label": "Hook", "source": {}, "config": {}},
        "approve": {"type": "appmixer.utils.tasks.RequestApproval", "label": "Ask the boss",
                    "source": {"in": {"trigger": ["out"]}}, "config": config},
    })
}

#[tokio::test]
async fn starting_a_flow_creates_a_task_per_request_approval_component() {
    let emu = Emu::new();
    let (_, owner) = emu.signup("owner@example.com").await;
    let (_, boss) = emu.signup("boss@example.com").await;
    let flow_id = emu
        .create_flow(
            &owner,
            json!({"name": "Expenses", "flow": approval_flow(json!({
                "title": "Approve expenses", "description": "Q4", "approver": "boss@example.com",
                "decisionBy": "2099-01-01T00:00:00Z"}))}),
        )
        .await;
    let q = format!("/people-task/tasks?filter=flowId:{flow_id}");
    assert_eq!(
        emu.get(&q, &boss).await.json(),
        json!([]),
        "none before a start"
    );

    emu.start_flow(&owner, &flow_id).await;
    let seen = emu.get(&format!("{q}&role=approver"), &boss).await.json();
    assert_eq!(items(&seen).len(), 1, "{seen}");
    let task = &seen[0];
    assert_eq!(task["title"], "Approve expenses");
    assert_eq!(task["description"], "Q4");
    assert_eq!(task["status"], "pending");
    assert_eq!(task["flowId"], flow_id.as_str());
    assert_eq!(task["approver"], "boss@example.com");
    assert_eq!(task["requester"], "owner@example.com");
    assert_eq!(task["decisionBy"], "2099-01-01T00:00:00.000Z");
    assert_eq!(task["decisionMade"], Value::Null);
    assert!(
        task.get("approverSecret").is_none(),
        "secrets are never listed"
    );
    // The owner sees it as the requester, and cannot decide it.
    let mine = emu.get(&format!("{q}&role=requester"), &owner).await.json();
    assert_eq!(mine, seen);
    let id = task["taskId"].as_str().unwrap();
    emu.call(
        "PUT",
        &format!("/people-task/tasks/{id}/reject"),
        Some(&owner),
        None,
    )
    .await
    .assert_boom(403);
    // The start wrote a log entry for the component naming the task.
    let logs = emu
        .get(
            &format!(
                "/logs?query={}",
                common::encode(&format!("+flowId:{flow_id} +componentId:approve"))
            ),
            &owner,
        )
        .await
        .json();
    assert_eq!(logs["total"], 1, "{logs}");
    let entry = &logs["hits"][0];
    assert_eq!(
        entry["componentType"],
        "appmixer.utils.tasks.RequestApproval"
    );
    assert_eq!(entry["msg"]["taskId"], task["taskId"]);
    assert_eq!(entry["msg"]["approver"], "boss@example.com");
    assert!(entry["message"]
        .as_str()
        .unwrap()
        .contains("approval requested from boss@example.com"));

    // Every start creates another task; a stop creates none.
    emu.start_flow(&owner, &flow_id).await;
    emu.call(
        "POST",
        &format!("/flows/{flow_id}/coordinator"),
        Some(&owner),
        Some(json!({"command": "stop"})),
    )
    .await;
    let count = emu
        .get(
            &format!("/people-task/tasks-count?role=approver&filter=flowId:{flow_id}"),
            &boss,
        )
        .await
        .json();
    assert_eq!(count["count"], 2);
    let ids: std::collections::HashSet<Value> = items(&emu.get(&q, &boss).await.json())
        .iter()
        .map(|t| t["taskId"].clone())
        .collect();
    assert_eq!(ids.len(), 2, "two distinct tasks");
}

#[tokio::test]
async fn request_approval_settings_nested_and_defaults() {
    let emu = Emu::new();
    let (_, owner) = emu.signup("owner@example.com").await;
    let (_, boss) = emu.signup("boss@example.com").await;
    let (_, starter) = emu.signup("starter@example.com").await;
    // `config.properties` works like `config`.
    let nested = emu
        .create_flow(
            &owner,
            json!({"name": "Nested", "flow": approval_flow(json!({"properties": {
                "title": "Nested title", "approver": "boss@example.com"}}))}),
        )
        .await;
    emu.start_flow(&owner, &nested).await;
    let t = emu
        .get(&format!("/people-task/tasks?filter=flowId:{nested}"), &boss)
        .await
        .json();
    assert_eq!(titles(&t), ["Nested title"]);
    assert_eq!(t[0]["requester"], "owner@example.com");
    assert_eq!(t[0]["description"], "");
    assert_eq!(t[0]["decisionBy"], Value::Null);

    // No settings: titled after the flow, the owner approves and requests.
    // Started by a user it is shared with: the owner is still the requester.
    let bare = emu
        .create_flow(
            &owner,
            json!({"name": "Bare flow", "flow": approval_flow(json!({})),
                   "sharedWith": [{"email": "starter@example.com", "permissions": ["read", "start"]}]}),
        )
        .await;
    emu.start_flow(&starter, &bare).await;
    let t = emu
        .get(&format!("/people-task/tasks?filter=flowId:{bare}"), &owner)
        .await
        .json();
    assert_eq!(titles(&t), ["Approve: Bare flow"]);
    assert_eq!(t[0]["approver"], "owner@example.com");
    assert_eq!(t[0]["requester"], "owner@example.com");
    assert_eq!(
        emu.get("/people-task/tasks", &starter).await.json(),
        json!([]),
        "the starter is not involved"
    );
}

#[tokio::test]
async fn seeded_crm_sync_asks_alice_to_approve() {
    let emu = Emu::seeded();
    let demo = emu.login("demo@example.com", "demo1234").await;
    let alice = emu.login("alice@example.com", "alice1234").await;
    let crm = emu.get("/flows?filter=name:CRM%20sync", &demo).await.json();
    let flow_id = crm[0]["flowId"].as_str().unwrap().to_string();
    let before = emu
        .get("/people-task/tasks-count?role=approver", &alice)
        .await
        .json()["count"]
        .as_u64()
        .unwrap();
    emu.start_flow(&demo, &flow_id).await;
    let q = format!("/people-task/tasks?filter=flowId:{flow_id}&filter=status:pending");
    let for_alice = emu.get(&format!("{q}&role=approver"), &alice).await.json();
    assert_eq!(titles(&for_alice), ["Approve new CRM lead"]);
    assert_eq!(for_alice[0]["requester"], "demo@example.com");
    let demo_sees = emu.get(&format!("{q}&role=requester"), &demo).await.json();
    assert_eq!(demo_sees, for_alice);
    assert_eq!(
        emu.get("/people-task/tasks-count?role=approver", &alice)
            .await
            .json()["count"]
            .as_u64()
            .unwrap(),
        before + 1
    );
    // Alice can approve it.
    let r = emu
        .call(
            "PUT",
            &format!(
                "/people-task/tasks/{}/approve",
                for_alice[0]["taskId"].as_str().unwrap()
            ),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(r.json()["status"], "approved");
}
