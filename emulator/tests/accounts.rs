//! Accounts: create, list with filters, rename, flows using one, and the
//! auth views `/auth/:componentType` and `/auth/:service`.

mod common;

use common::{encode, items, Emu};
use serde_json::{json, Value};

const TOKEN_TEXT: &str = "xoxp-secret-token-value";

fn slack_flow(component_config: Value) -> Value {
    json!({
        "timer": {"type": "appmixer.utils.timers.Timer", "label": "T", "source": {}, "x": 0, "y": 0, "config": {}},
        "send": {"type": "appmixer.slack.list.SendChannelMessage", "label": "S",
                 "source": {"in": {"timer": ["out"]}}, "x": 1, "y": 0, "config": component_config},
    })
}

#[tokio::test]
async fn create_validates_and_answers_the_account_without_its_token() {
    let emu = Emu::new();
    let (uid, t) = emu.signup("acc@example.com").await;

    for (body, what) in [
        (json!({"token": "x"}), "missing service"),
        (json!({"service": "slack", "token": "x"}), "no vendor"),
        (json!({"service": "appmixer:", "token": "x"}), "empty name"),
        (json!({"service": 42}), "not a string"),
        (
            json!({"service": "appmixer:slack", "profileInfo": "x"}),
            "profileInfo",
        ),
        (
            json!({"service": "appmixer:slack", "displayName": 5}),
            "displayName",
        ),
    ] {
        emu.call("POST", "/accounts", Some(&t), Some(body))
            .await
            .assert_boom(400);
        let _ = what;
    }
    emu.call("POST", "/accounts", Some(&t), Some(json!([1])))
        .await
        .assert_boom(400);

    // Query parameters (validateScope, ...) are accepted and ignored.
    let r = emu
        .call(
            "POST",
            "/accounts?validateScope=false&requestProfileInfo=true",
            Some(&t),
            Some(json!({
                "service": "appmixer:slack",
                "token": {"accessToken": TOKEN_TEXT},
                "profileInfo": {"email": "me@slack.example", "team": "T1"},
            })),
        )
        .await;
    assert_eq!(r.status, 200);
    let text = String::from_utf8_lossy(&r.bytes).to_string();
    assert!(!text.contains(TOKEN_TEXT), "{text}");
    let a = r.json();
    let id = a["accountId"].as_str().unwrap();
    assert!(appmixer_emulator::util::is_object_id(id), "{id}");
    assert_eq!(a["name"], "me@slack.example", "name from profileInfo");
    assert_eq!(a["displayName"], Value::Null);
    assert_eq!(a["service"], "appmixer:slack");
    assert_eq!(a["userId"], uid.as_str());
    assert_eq!(a["profileInfo"]["team"], "T1");
    assert!(a["icon"]
        .as_str()
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    let keys: Vec<&String> = a.as_object().unwrap().keys().collect();
    assert_eq!(
        keys.len(),
        7,
        "accountId, name, displayName, service, userId, profileInfo, icon: {keys:?}"
    );
    // The token is stored.
    let stored = emu.state.db(|db| db.data[&uid].accounts[id].token.clone());
    assert_eq!(stored["accessToken"], TOKEN_TEXT);

    // Name and display name given; no profile → name from the service.
    let b = emu
        .create_account(
            &t,
            json!({"service": "appmixer:google", "token": "g", "displayName": "Work Google"}),
        )
        .await;
    assert_eq!(b["name"], "Google account");
    assert_eq!(b["displayName"], "Work Google");
    let c = emu
        .create_account(
            &t,
            json!({"service": "acme:crm", "name": "Custom", "token": "c"}),
        )
        .await;
    assert_eq!(c["name"], "Custom");
    assert_ne!(c["accountId"], a["accountId"]);
}

#[tokio::test]
async fn list_filters_and_never_shows_tokens() {
    let emu = Emu::new();
    let (_, t) = emu.signup("list@example.com").await;
    let (_, other) = emu.signup("list2@example.com").await;
    for (service, name) in [
        ("appmixer:slack", "s1"),
        ("appmixer:google", "g1"),
        ("appmixer:slack", "s2"),
    ] {
        emu.create_account(
            &t,
            json!({"service": service, "name": name, "token": TOKEN_TEXT}),
        )
        .await;
    }
    emu.create_account(
        &other,
        json!({"service": "appmixer:slack", "name": "theirs", "token": "x"}),
    )
    .await;

    let all = emu.get("/accounts", &t).await;
    assert!(!String::from_utf8_lossy(&all.bytes).contains(TOKEN_TEXT));
    assert_eq!(
        common::names(&all.json()),
        ["s1", "g1", "s2"],
        "creation order, own only"
    );

    for (q, expected) in [
        ("filter=service:appmixer:slack", vec!["s1", "s2"]),
        ("filter=service%3Aappmixer%3Aslack", vec!["s1", "s2"]),
        ("filter=service:!appmixer:slack", vec!["g1"]),
        ("filter=service%3A!appmixer%3Aslack", vec!["g1"]),
        ("filter=service:appmixer:slack&filter=name:s2", vec!["s2"]),
        ("filter=service:nope:nope", vec![]),
    ] {
        let r = emu.get(&format!("/accounts?{q}"), &t).await.json();
        assert_eq!(common::names(&r), expected, "{q}");
    }
    emu.get("/accounts?filter=noColon", &t)
        .await
        .assert_boom(400);
}

#[tokio::test]
async fn rename_and_isolation() {
    let emu = Emu::new();
    let (_, t) = emu.signup("ren@example.com").await;
    let (_, other) = emu.signup("ren2@example.com").await;
    let a = emu
        .create_account(&t, json!({"service": "appmixer:slack", "token": "x"}))
        .await;
    let id = a["accountId"].as_str().unwrap();
    let path = format!("/accounts/{id}");

    let r = emu
        .call(
            "PUT",
            &path,
            Some(&t),
            Some(json!({"displayName": "My workspace"})),
        )
        .await;
    assert_eq!(r.status, 200);
    let updated = r.json();
    assert_eq!(updated["displayName"], "My workspace");
    assert_eq!(updated["accountId"], id);
    assert_eq!(updated["name"], a["name"]);
    assert_eq!(
        emu.get(&path, &t).await.json()["displayName"],
        "My workspace"
    );
    assert_eq!(
        emu.get("/accounts", &t).await.json()[0]["displayName"],
        "My workspace"
    );
    emu.call("PUT", &path, Some(&t), Some(json!({})))
        .await
        .assert_boom(400);
    emu.call("PUT", &path, Some(&t), Some(json!({"displayName": 3})))
        .await
        .assert_boom(400);

    // Another user's account is unknown to them.
    emu.get(&path, &other).await.assert_boom(404);
    emu.call(
        "PUT",
        &path,
        Some(&other),
        Some(json!({"displayName": "hijack"})),
    )
    .await
    .assert_boom(404);
    emu.get(&format!("{path}/flows"), &other)
        .await
        .assert_boom(404);
    emu.get("/accounts/000000000000000000000000", &t)
        .await
        .assert_boom(404);
    assert_eq!(
        emu.get(&path, &t).await.json()["displayName"],
        "My workspace"
    );
    assert!(items(&emu.get("/accounts", &other).await.json()).is_empty());
}

#[tokio::test]
async fn account_flows_follow_config_or_the_sole_account_of_a_service() {
    let emu = Emu::new();
    let (_, t) = emu.signup("af@example.com").await;
    let (_, other) = emu.signup("af2@example.com").await;
    let s1 = emu
        .create_account(
            &t,
            json!({"service": "appmixer:slack", "name": "s1", "token": "x"}),
        )
        .await["accountId"]
        .as_str()
        .unwrap()
        .to_string();
    let google = emu
        .create_account(
            &t,
            json!({"service": "appmixer:google", "name": "g", "token": "x"}),
        )
        .await["accountId"]
        .as_str()
        .unwrap()
        .to_string();

    // While s1 is the only Slack account, unconfigured Slack components use it.
    let implicit = emu
        .create_flow(
            &t,
            json!({"name": "Implicit", "flow": slack_flow(json!({}))}),
        )
        .await;
    let r = emu.get(&format!("/accounts/{s1}/flows"), &t).await.json();
    assert_eq!(r, json!([{"flowId": implicit, "name": "Implicit"}]));

    let s2 = emu
        .create_account(
            &t,
            json!({"service": "appmixer:slack", "name": "s2", "token": "x"}),
        )
        .await["accountId"]
        .as_str()
        .unwrap()
        .to_string();
    let explicit = emu
        .create_flow(
            &t,
            json!({"name": "Explicit", "flow": slack_flow(json!({"accountId": s2}))}),
        )
        .await;
    // Another user's flow naming the account does not count.
    emu.create_flow(
        &other,
        json!({"name": "Theirs", "flow": slack_flow(json!({"accountId": s2}))}),
    )
    .await;
    let gmail = emu
        .create_flow(
            &t,
            json!({"name": "Mail", "flow": {"m": {"type": "appmixer.google.gmail.NewEmail", "config": {}}}}),
        )
        .await;

    assert_eq!(
        emu.get(&format!("/accounts/{s1}/flows"), &t).await.json(),
        json!([]),
        "two Slack accounts now: nothing is implied"
    );
    assert_eq!(
        emu.get(&format!("/accounts/{s2}/flows"), &t).await.json(),
        json!([{"flowId": explicit, "name": "Explicit"}])
    );
    assert_eq!(
        emu.get(&format!("/accounts/{google}/flows"), &t)
            .await
            .json(),
        json!([{"flowId": gmail, "name": "Mail"}])
    );
}

#[tokio::test]
async fn auth_by_component_type_marks_the_assigned_account() {
    let emu = Emu::new();
    let (_, t) = emu.signup("auth@example.com").await;
    let (_, other) = emu.signup("auth2@example.com").await;
    let s1 = emu
        .create_account(
            &t,
            json!({"service": "appmixer:slack", "name": "s1", "displayName": "One", "token": "x"}),
        )
        .await;
    let s2 = emu
        .create_account(
            &t,
            json!({"service": "appmixer:slack", "name": "s2", "token": "x"}),
        )
        .await;
    emu.create_account(
        &t,
        json!({"service": "appmixer:google", "name": "g", "token": "x"}),
    )
    .await;
    emu.create_account(
        &other,
        json!({"service": "appmixer:slack", "name": "theirs", "token": "x"}),
    )
    .await;
    let (id1, id2) = (
        s1["accountId"].as_str().unwrap(),
        s2["accountId"].as_str().unwrap(),
    );
    emu.create_flow(
        &t,
        json!({"name": "F", "flow": slack_flow(json!({"accountId": id2}))}),
    )
    .await;

    let ctype = "appmixer.slack.list.SendChannelMessage";
    let r = emu
        .get(&format!("/auth/{ctype}?componentId=send"), &t)
        .await;
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(body["componentType"], ctype);
    let accounts = body["auth"]["accounts"].as_object().unwrap();
    assert_eq!(accounts.len(), 2, "own Slack accounts only: {body}");
    assert_eq!(
        accounts[id1],
        json!({
            "accountId": id1, "name": "s1", "displayName": "One", "accessTokenValid": true,
            "componentAssigned": false, "service": "appmixer:slack", "icon": s1["icon"],
        })
    );
    assert_eq!(accounts[id2]["componentAssigned"], true);

    // Without a componentId (or an unknown one) nothing is assigned.
    for q in ["", "?componentId=nope"] {
        let b = emu.get(&format!("/auth/{ctype}{q}"), &t).await.json();
        assert!(b["auth"]["accounts"]
            .as_object()
            .unwrap()
            .values()
            .all(|a| a["componentAssigned"] == false));
    }
    // Percent-encoded type.
    let b = emu
        .get(&format!("/auth/{}?componentId=send", encode(ctype)), &t)
        .await
        .json();
    assert_eq!(b["auth"]["accounts"][id2]["componentAssigned"], true);

    // Types that need no account answer without `auth`.
    let b = emu
        .get("/auth/appmixer.utils.timers.Timer?componentId=timer", &t)
        .await
        .json();
    assert_eq!(b, json!({"componentType": "appmixer.utils.timers.Timer"}));
    // A type whose service has no accounts lists none.
    let b = emu.get("/auth/appmixer.github.Issue.New", &t).await.json();
    assert_eq!(b["auth"], json!({"accounts": {}}));
}

#[tokio::test]
async fn auth_by_service_with_dots_or_colon() {
    let emu = Emu::new();
    let (_, t) = emu.signup("svc@example.com").await;
    let (_, other) = emu.signup("svc2@example.com").await;
    let s = emu
        .create_account(
            &t,
            json!({"service": "appmixer:slack", "name": "s", "token": "x"}),
        )
        .await;
    emu.create_account(
        &t,
        json!({"service": "appmixer:google", "name": "g", "token": "x"}),
    )
    .await;
    let id = s["accountId"].as_str().unwrap();
    for path in [
        "/auth/appmixer.slack",
        "/auth/appmixer:slack",
        "/auth/appmixer%3Aslack",
    ] {
        let b = emu.get(path, &t).await.json();
        let accounts = b["auth"]["accounts"].as_object().unwrap();
        assert_eq!(accounts.len(), 1, "{path}: {b}");
        assert_eq!(accounts[id]["name"], "s");
        assert_eq!(accounts[id]["accessTokenValid"], true);
        assert_eq!(accounts[id]["service"], "appmixer:slack");
        assert!(accounts[id].get("componentAssigned").is_none());
        assert!(!String::from_utf8_lossy(&emu.get(path, &t).await.bytes).contains("token"));
    }
    let b = emu.get("/auth/appmixer.slack", &other).await.json();
    assert_eq!(b["auth"], json!({"accounts": {}}));
    emu.get("/auth/appmixer", &t).await.assert_boom(400);
    emu.get("/auth/appmixer..x", &t).await.assert_boom(400);
    emu.call("GET", "/auth/appmixer.slack", None, None)
        .await
        .assert_boom(401);
}

#[tokio::test]
async fn seeded_slack_account_is_used_by_the_slack_flows() {
    let emu = Emu::seeded();
    let t = emu.login("demo@example.com", "demo1234").await;
    let accounts = emu
        .get("/accounts?filter=service:appmixer:slack", &t)
        .await
        .json();
    assert_eq!(items(&accounts).len(), 1);
    let id = accounts[0]["accountId"].as_str().unwrap();
    let flows = emu.get(&format!("/accounts/{id}/flows"), &t).await.json();
    let mut names = common::names(&flows);
    names.sort();
    assert_eq!(names, ["Gmail to Slack", "Slack alerts"]);
    let b = emu.get("/auth/appmixer.slack", &t).await.json();
    assert!(b["auth"]["accounts"][id].is_object());
}
