//! Logs (written by flow starts and app events; the demo history) and app events.

mod common;

use common::{encode, items, Emu};
use serde_json::{json, Value};

fn two_step_flow() -> Value {
    json!({
        "timer": {"type": "appmixer.utils.timers.Timer", "label": "Tick", "source": {}, "config": {}},
        "http": {"type": "appmixer.utils.http.SendRequest", "label": "Post",
                 "source": {"in": {"timer": ["out"]}}, "config": {}},
    })
}

fn q(s: &str) -> String {
    encode(s)
}

#[tokio::test]
async fn starting_a_flow_writes_one_entry_per_component() {
    let emu = Emu::new();
    let (uid, t) = emu.signup("logs@example.com").await;
    let (_, other) = emu.signup("logs2@example.com").await;
    let flow = emu
        .create_flow(&t, json!({"name": "L", "flow": two_step_flow()}))
        .await;
    assert_eq!(
        emu.get("/logs", &t).await.json(),
        json!({"buckets": [], "hits": [], "total": 0})
    );
    emu.start_flow(&t, &flow).await;

    let body = emu.get("/logs", &t).await.json();
    assert_eq!(body["total"], 2);
    let hits = items(&body["hits"]);
    assert_eq!(hits.len(), 2);
    for h in hits {
        for key in [
            "_id",
            "_index",
            "flowId",
            "componentId",
            "componentType",
            "portType",
            "severity",
            "@timestamp",
            "gridTimestamp",
            "userId",
            "message",
            "msg",
        ] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
        assert_eq!(h["flowId"], flow.as_str());
        assert_eq!(h["userId"], uid.as_str());
        assert_eq!(h["severity"], "info");
        let ts = h["@timestamp"].as_str().unwrap();
        assert_eq!(
            h["_index"],
            format!("appmixer-{}{}", &ts[0..4], &ts[5..7]).as_str()
        );
        assert!(
            appmixer_emulator::util::parse_date(h["gridTimestamp"].as_str().unwrap()).is_some()
        );
    }
    let by_component = |c: &str| hits.iter().find(|h| h["componentId"] == c).unwrap().clone();
    assert_eq!(by_component("timer")["portType"], "out");
    assert_eq!(by_component("http")["portType"], "in");
    assert_eq!(
        by_component("http")["componentType"],
        "appmixer.utils.http.SendRequest"
    );
    // Newest first by default.
    assert!(hits[0]["@timestamp"].as_str() >= hits[1]["@timestamp"].as_str());
    let buckets = items(&body["buckets"]);
    assert_eq!(buckets.len(), 1);
    assert_eq!(buckets[0]["doc_count"], 2);
    let day = buckets[0]["key_as_string"].as_str().unwrap();
    assert_eq!(day.len(), 10);
    assert_eq!(
        buckets[0]["key"].as_i64().unwrap(),
        appmixer_emulator::util::parse_date(day).unwrap().0
    );

    // One entry by index and ID, with its full message; not for others.
    let h = &hits[0];
    let path = format!(
        "/logs/{}/{}",
        h["_index"].as_str().unwrap(),
        h["_id"].as_str().unwrap()
    );
    assert_eq!(&emu.get(&path, &t).await.json(), h);
    emu.get(&path, &other).await.assert_boom(404);
    emu.get(
        &format!("/logs/appmixer-199001/{}", h["_id"].as_str().unwrap()),
        &t,
    )
    .await
    .assert_boom(404);
    assert_eq!(emu.get("/logs", &other).await.json()["total"], 0);

    // Starting again writes again; stopping writes nothing.
    emu.start_flow(&t, &flow).await;
    emu.call(
        "POST",
        &format!("/flows/{flow}/coordinator"),
        Some(&t),
        Some(json!({"command": "stop"})),
    )
    .await;
    assert_eq!(emu.get("/logs", &t).await.json()["total"], 4);
}

#[tokio::test]
async fn paging_sorting_and_queries() {
    let emu = Emu::seeded();
    let t = emu.login("demo@example.com", "demo1234").await;
    let all = emu.get("/logs?size=10000", &t).await.json();
    let total = all["total"].as_u64().unwrap() as usize;
    assert!(
        (200..2000).contains(&total),
        "a few hundred entries: {total}"
    );
    let hits = items(&all["hits"]);
    assert_eq!(hits.len(), total);
    let stamps: Vec<&str> = hits
        .iter()
        .map(|h| h["@timestamp"].as_str().unwrap())
        .collect();
    assert!(
        stamps.windows(2).all(|w| w[0] >= w[1]),
        "default @timestamp:desc"
    );
    let errors = hits.iter().filter(|h| h["severity"] == "error").count();
    assert!(errors > 0 && errors < total / 3, "some errors: {errors}");
    // ~60 days of history, bucketed per day (sums to the total).
    let buckets = items(&all["buckets"]);
    assert!((55..=62).contains(&buckets.len()), "{}", buckets.len());
    let sum: u64 = buckets
        .iter()
        .map(|b| b["doc_count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum as usize, total);
    let keys: Vec<i64> = buckets.iter().map(|b| b["key"].as_i64().unwrap()).collect();
    assert!(keys.windows(2).all(|w| w[1] - w[0] == 86_400_000));

    // Default size 50; from/size page.
    let page = emu.get("/logs", &t).await.json();
    assert_eq!(items(&page["hits"]).len(), 50);
    assert_eq!(page["total"].as_u64().unwrap() as usize, total);
    let p2 = emu.get("/logs?from=50&size=5", &t).await.json();
    assert_eq!(&p2["hits"].as_array().unwrap()[..], &hits[50..55]);
    let asc = emu.get("/logs?sort=@timestamp:asc&size=3", &t).await.json();
    assert_eq!(asc["hits"][0], hits[total - 1]);
    let asc2 = emu
        .get(&format!("/logs?sort={}&size=3", q("@timestamp:asc")), &t)
        .await
        .json();
    assert_eq!(asc, asc2);

    // Queries.
    let errs = emu
        .get(
            &format!("/logs?size=1000&query={}", q("severity:error")),
            &t,
        )
        .await
        .json();
    assert_eq!(errs["total"].as_u64().unwrap() as usize, errors);
    assert!(items(&errs["hits"])
        .iter()
        .all(|h| h["severity"] == "error"));
    let sum: u64 = items(&errs["buckets"])
        .iter()
        .map(|b| b["doc_count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum as usize, errors, "buckets count the matching entries");
    let not_errs = emu
        .get(&format!("/logs?size=0&query={}", q("-severity:error")), &t)
        .await
        .json();
    assert_eq!(not_errs["total"].as_u64().unwrap() as usize, total - errors);
    assert!(items(&not_errs["hits"]).is_empty());

    let flow_id = hits[0]["flowId"].as_str().unwrap().to_string();
    let of_flow = hits
        .iter()
        .filter(|h| h["flowId"] == flow_id.as_str())
        .count();
    let r = emu
        .get(
            &format!("/logs?size=1000&query={}", q(&format!("+flowId:{flow_id}"))),
            &t,
        )
        .await
        .json();
    assert_eq!(r["total"].as_u64().unwrap() as usize, of_flow);

    // A date range (bare dates: whole days, inclusive) AND a flow.
    let newest = &stamps[0][..10];
    let oldest = &stamps[total - 1][..10];
    let range = format!("@timestamp:[{oldest} TO {newest}] AND +flowId:{flow_id}");
    let r = emu
        .get(&format!("/logs?size=1000&query={}", q(&range)), &t)
        .await
        .json();
    assert_eq!(r["total"].as_u64().unwrap() as usize, of_flow, "{range}");
    let one_day = format!("@timestamp:[{newest} TO {newest}]");
    let r = emu
        .get(&format!("/logs?size=1000&query={}", q(&one_day)), &t)
        .await
        .json();
    let expected = stamps.iter().filter(|s| s.starts_with(newest)).count();
    assert_eq!(r["total"].as_u64().unwrap() as usize, expected);
    assert_eq!(items(&r["buckets"]).len(), 1);
    // Full ISO bounds, OR, parentheses, quotes.
    let r = emu
        .get(
            &format!(
                "/logs?size=0&query={}",
                q(&format!("@timestamp:[{} TO {}]", stamps[9], stamps[0]))
            ),
            &t,
        )
        .await
        .json();
    assert_eq!(r["total"], 10);
    let r = emu
        .get(
            &format!(
                "/logs?size=0&query={}",
                q("(severity:error OR severity:\"info\") AND portType:*")
            ),
            &t,
        )
        .await
        .json();
    assert_eq!(r["total"].as_u64().unwrap() as usize, total);
    // Form encoding: + is a space.
    let r = emu
        .get("/logs?size=0&query=severity:error+OR+severity:info", &t)
        .await
        .json();
    assert_eq!(r["total"].as_u64().unwrap() as usize, total);
    let r = emu
        .get(
            "/logs?size=0&query=@timestamp:[2018-01-01+TO+2018-01-31]",
            &t,
        )
        .await
        .json();
    assert_eq!(r, json!({"buckets": [], "hits": [], "total": 0}));

    // Malformed queries and parameters → 400.
    for bad in [
        "(severity:error",
        "severity:",
        "@timestamp:[2018-01-01 TO]",
        "@timestamp:[soon TO later]",
        "AND severity:error",
        "\"open",
    ] {
        emu.get(&format!("/logs?query={}", q(bad)), &t)
            .await
            .assert_boom(400);
    }
    for bad in [
        "from=-1",
        "size=x",
        "sort=@timestamp:sideways",
        "from=9990&size=20",
    ] {
        emu.get(&format!("/logs?{bad}"), &t).await.assert_boom(400);
    }

    // Alice sees none of the demo user's logs.
    let alice = emu.login("alice@example.com", "alice1234").await;
    let r = emu.get("/logs", &alice).await.json();
    assert!(items(&r["hits"])
        .iter()
        .all(|h| h["userId"] != hits[0]["userId"]));
    let h = &hits[0];
    emu.get(
        &format!(
            "/logs/{}/{}",
            h["_index"].as_str().unwrap(),
            h["_id"].as_str().unwrap()
        ),
        &alice,
    )
    .await
    .assert_boom(404);
}

#[tokio::test]
async fn a_shared_flow_started_by_another_user_logs_to_its_owner() {
    let emu = Emu::seeded();
    let demo = emu.login("demo@example.com", "demo1234").await;
    let alice = emu.login("alice@example.com", "alice1234").await;
    let shared = emu
        .get(
            "/flows?sharedWithPermissions=start&filter=name:Team%20standup%20reminder",
            &demo,
        )
        .await
        .json();
    let flow_id = shared[0]["flowId"].as_str().unwrap().to_string();
    let before = emu.get("/logs?size=0", &demo).await.json()["total"].clone();
    emu.start_flow(&demo, &flow_id).await;
    assert_eq!(emu.get("/logs?size=0", &demo).await.json()["total"], before);
    let r = emu
        .get(
            &format!("/logs?query={}", q(&format!("flowId:{flow_id}"))),
            &alice,
        )
        .await
        .json();
    assert_eq!(r["total"], 2);
}

fn event_flow(event: &str, nested: bool) -> Value {
    let config = if nested {
        json!({"properties": {"event": event}})
    } else {
        json!({"event": event})
    };
    json!({
        "on": {"type": "appmixer.utils.appevents.OnAppEvent", "label": "On event", "source": {}, "config": config},
        "log": {"type": "appmixer.utils.http.SendRequest", "source": {"in": {"on": ["out"]}}, "config": {}},
    })
}

#[tokio::test]
async fn app_events_trigger_running_listening_flows() {
    let emu = Emu::new();
    let (uid, t) = emu.signup("ev@example.com").await;
    let (_, other) = emu.signup("ev2@example.com").await;
    let a = emu
        .create_flow(
            &t,
            json!({"name": "A", "flow": event_flow("order created", false)}),
        )
        .await;
    let b = emu
        .create_flow(
            &t,
            json!({"name": "B", "flow": event_flow("order created", true)}),
        )
        .await;
    let stopped = emu
        .create_flow(
            &t,
            json!({"name": "Stopped", "flow": event_flow("order created", false)}),
        )
        .await;
    let elsewhere = emu
        .create_flow(
            &t,
            json!({"name": "Other event", "flow": event_flow("order shipped", false)}),
        )
        .await;
    let theirs = emu
        .create_flow(
            &other,
            json!({"name": "Theirs", "flow": event_flow("order created", false)}),
        )
        .await;
    for f in [&a, &b, &elsewhere] {
        emu.start_flow(&t, f).await;
    }
    emu.start_flow(&other, &theirs).await;
    let _ = stopped;

    let path = format!(
        "/plugins/appmixer/utils/appevents/events/{}?source=web",
        encode("order created")
    );
    let r = emu
        .call(
            "POST",
            &path,
            Some(&t),
            Some(json!({"orderId": 7, "total": 19.5})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    let body = r.json();
    assert_eq!(body["event"], "order created");
    assert!(!body["eventId"].as_str().unwrap().is_empty());
    assert!(appmixer_emulator::util::parse_date(body["received"].as_str().unwrap()).is_some());
    let mut triggered: Vec<String> = items(&body["triggered"])
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    triggered.sort();
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(triggered, expected);

    // Each triggered flow got a log entry carrying the data.
    let r = emu
        .get(
            &format!("/logs?query={}", q("componentType:appmixer.utils.appevents.OnAppEvent AND msg.event:\"order created\"")),
            &t,
        )
        .await
        .json();
    assert_eq!(r["total"], 2, "{r}");
    assert_eq!(r["hits"][0]["msg"]["data"]["orderId"], 7);
    assert_eq!(r["hits"][0]["componentId"], "on");

    // Recorded (test hook).
    let events = emu
        .call(
            "GET",
            &format!("/_emulator/app-events?userId={uid}"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(items(&events).len(), 1);
    assert_eq!(events[0]["data"]["total"], 19.5);
    assert_eq!(events[0]["query"], "source=web");
    assert_eq!(events[0]["eventId"], body["eventId"]);

    // Any JSON body; an empty body is {}; no listener → nothing triggered.
    for data in [json!([1, 2]), json!("text"), json!(null)] {
        let r = emu
            .call(
                "POST",
                "/plugins/appmixer/utils/appevents/events/nobody",
                Some(&t),
                Some(data),
            )
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["triggered"], json!([]));
    }
    let r = emu
        .call(
            "POST",
            "/plugins/appmixer/utils/appevents/events/nobody",
            Some(&t),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    // Malformed JSON → 400; no token → 401.
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/plugins/appmixer/utils/appevents/events/x")
        .header("authorization", format!("Bearer {t}"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{oops"))
        .unwrap();
    emu.send(req).await.assert_boom(400);
    emu.call(
        "POST",
        "/plugins/appmixer/utils/appevents/events/x",
        None,
        Some(json!({})),
    )
    .await
    .assert_boom(401);
}
