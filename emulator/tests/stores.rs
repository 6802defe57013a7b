//! Data stores and records, including isolation between users.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{encode, Emu};
use serde_json::{json, Value};

fn keys(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn store_crud() {
    let emu = Emu::new();
    let (_, t) = emu.signup("stores@example.com").await;
    assert_eq!(emu.get("/stores", &t).await.json(), json!([]));

    let r = emu
        .call("POST", "/stores", Some(&t), Some(json!({"name": "Leads"})))
        .await;
    assert_eq!(r.status, 200);
    let b = r.json();
    assert_eq!(b["name"], "Leads");
    let id = b["storeId"].as_str().unwrap().to_string();
    assert!(id.len() == 24 && id.chars().all(|c| c.is_ascii_hexdigit()));
    let id2 = emu.create_store(&t, "Second").await;

    assert_eq!(
        emu.get("/stores", &t).await.json(),
        json!([{"name": "Leads", "storeId": id}, {"name": "Second", "storeId": id2}])
    );
    assert_eq!(
        emu.get(&format!("/stores/{id}"), &t).await.json(),
        json!({"name": "Leads", "storeId": id})
    );

    let r = emu
        .call(
            "PUT",
            &format!("/stores/{id}"),
            Some(&t),
            Some(json!({"name": "Hot leads"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"oldName": "Leads", "storeId": id}));
    assert_eq!(
        emu.get(&format!("/stores/{id}"), &t).await.json()["name"],
        "Hot leads"
    );

    for body in [json!({}), json!({"name": ""}), json!({"name": 1})] {
        emu.call("POST", "/stores", Some(&t), Some(body.clone()))
            .await
            .assert_boom(400);
        emu.call("PUT", &format!("/stores/{id}"), Some(&t), Some(body))
            .await
            .assert_boom(400);
    }

    // Delete removes the store and its records.
    emu.put_record(&t, &id, "k", "v").await;
    let r = emu
        .call("DELETE", &format!("/stores/{id}"), Some(&t), None)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["storeId"], id.as_str());
    emu.get(&format!("/stores/{id}"), &t).await.assert_boom(404);
    emu.get(&format!("/store?storeId={id}"), &t)
        .await
        .assert_boom(404);
    emu.call("DELETE", &format!("/stores/{id}"), Some(&t), None)
        .await
        .assert_boom(404);
    assert_eq!(
        emu.get("/stores", &t).await.json(),
        json!([{"name": "Second", "storeId": id2}])
    );
}

#[tokio::test]
async fn records_upsert_keeps_created_at_and_raw_value() {
    let emu = Emu::new();
    let (uid, t) = emu.signup("rec@example.com").await;
    let s = emu.create_store(&t, "S").await;

    let r = emu
        .put_record(&t, &s, "greeting", "{\"not\": \"parsed\"}")
        .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    let first = r.json();
    assert_eq!(first["key"], "greeting");
    assert_eq!(first["value"], "{\"not\": \"parsed\"}");
    assert_eq!(first["storeId"], s.as_str());
    assert_eq!(first["createdAt"], first["updatedAt"]);
    assert!(first["createdAt"].as_str().unwrap().ends_with('Z'));

    let second = emu.put_record(&t, &s, "greeting", "hello").await.json();
    assert_eq!(second["value"], "hello");
    assert_eq!(second["createdAt"], first["createdAt"]);
    assert!(second["updatedAt"].as_str().unwrap() > first["updatedAt"].as_str().unwrap());

    let list = emu.get(&format!("/store?storeId={s}"), &t).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["value"], "hello");
    assert_eq!(list[0]["userId"], uid.as_str());
    assert_eq!(list[0]["storeId"], s.as_str());
    assert_eq!(list[0]["createdAt"], first["createdAt"]);

    // Values are kept byte-for-byte as text, including empty and unicode.
    emu.put_record(&t, &s, "empty", "").await;
    emu.put_record(&t, &s, "uni", "žluťoučký kůň 🐎\n  spaced ")
        .await;
    let list = emu
        .get(&format!("/store?storeId={s}&sort=key:1"), &t)
        .await
        .json();
    assert_eq!(keys(&list), ["empty", "greeting", "uni"]);
    assert_eq!(list[0]["value"], "");
    assert_eq!(list[2]["value"], "žluťoučký kůň 🐎\n  spaced ");

    // Unknown store → 404.
    emu.put_record(&t, "0123456789abcdef01234567", "k", "v")
        .await
        .assert_boom(404);
}

#[tokio::test]
async fn record_keys_may_contain_any_characters() {
    let emu = Emu::new();
    let (_, t) = emu.signup("keys@example.com").await;
    let s = emu.create_store(&t, "S").await;
    let long = "ключ/".repeat(2100); // > 10 KB of UTF-8
    assert!(long.len() > 10_000);
    let weird = [
        "a b",
        "a/b",
        "../etc",
        "q?x=1",
        "#hash",
        "100%",
        "+plus",
        "ünïcødé 🔑",
        "a%2Fb",
        &long,
    ];
    for k in weird {
        let r = emu.put_record(&t, &s, k, "v").await;
        assert_eq!(
            r.status,
            200,
            "key {k:?}: {}",
            String::from_utf8_lossy(&r.bytes)
        );
        assert_eq!(r.json()["key"], k);
    }
    let list = emu
        .get(&format!("/store?storeId={s}&limit=100"), &t)
        .await
        .json();
    let mut got = keys(&list);
    got.sort();
    let mut want: Vec<String> = weird.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want);

    // Delete them with a JSON body.
    let items: Vec<Value> = weird
        .iter()
        .map(|k| json!({"key": k, "storeId": s}))
        .collect();
    let r = emu
        .call("DELETE", "/store", Some(&t), Some(Value::Array(items)))
        .await;
    assert_eq!(r.json(), json!({"deletedCount": weird.len()}));
    assert_eq!(
        emu.get(&format!("/store/count?storeId={s}"), &t)
            .await
            .json(),
        json!({"count": 0})
    );
}

#[tokio::test]
async fn records_list_pattern_sort_limit_offset_and_count() {
    let emu = Emu::new();
    let (_, t) = emu.signup("q@example.com").await;
    let s = emu.create_store(&t, "S").await;
    for (k, v) in [
        ("banana", "yellow fruit"),
        ("apple", "Red FRUIT"),
        ("carrot", "orange vegetable"),
        ("date", "brown"),
    ] {
        emu.put_record(&t, &s, k, v).await;
    }
    // Insertion order by default.
    assert_eq!(
        keys(&emu.get(&format!("/store?storeId={s}"), &t).await.json()),
        ["banana", "apple", "carrot", "date"]
    );
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={s}&sort=key:1"), &t)
                .await
                .json()
        ),
        ["apple", "banana", "carrot", "date"]
    );
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={s}&sort=key%3A-1"), &t)
                .await
                .json()
        ),
        ["date", "carrot", "banana", "apple"]
    );
    // Update "apple" → newest updatedAt, createdAt order unchanged.
    emu.put_record(&t, &s, "apple", "green fruit").await;
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={s}&sort=updatedAt:-1"), &t)
                .await
                .json()
        )[0],
        "apple"
    );
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={s}&sort=createdAt:1"), &t)
                .await
                .json()
        ),
        ["banana", "apple", "carrot", "date"]
    );
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={s}&sort=createdAt:-1"), &t)
                .await
                .json()
        )[0],
        "date"
    );

    // Pattern on key or value, case-insensitive.
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={s}&pattern=FRUIT&sort=key:1"), &t)
                .await
                .json()
        ),
        ["apple", "banana"]
    );
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={s}&pattern=CAR"), &t)
                .await
                .json()
        ),
        ["carrot"]
    );
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={s}&pattern=orange+veg"), &t)
                .await
                .json()
        ),
        ["carrot"]
    );

    // Limit / offset.
    assert_eq!(
        keys(
            &emu.get(
                &format!("/store?storeId={s}&sort=key:1&limit=2&offset=1"),
                &t
            )
            .await
            .json()
        ),
        ["banana", "carrot"]
    );

    // Count.
    assert_eq!(
        emu.get(&format!("/store/count?storeId={s}"), &t)
            .await
            .json(),
        json!({"count": 4})
    );
    assert_eq!(
        emu.get(&format!("/store/count?storeId={s}&pattern=fruit"), &t)
            .await
            .json(),
        json!({"count": 2})
    );

    // Missing storeId → 400; bad sort → 400.
    emu.get("/store", &t).await.assert_boom(400);
    emu.get("/store/count", &t).await.assert_boom(400);
    emu.get(&format!("/store?storeId={s}&sort=colour:1"), &t)
        .await
        .assert_boom(400);
    emu.get(&format!("/store?storeId={s}&limit=x"), &t)
        .await
        .assert_boom(400);
}

#[tokio::test]
async fn delete_items_across_stores() {
    let emu = Emu::new();
    let (_, t) = emu.signup("del@example.com").await;
    let a = emu.create_store(&t, "A").await;
    let b = emu.create_store(&t, "B").await;
    for k in ["1", "2", "3"] {
        emu.put_record(&t, &a, k, "x").await;
        emu.put_record(&t, &b, k, "y").await;
    }
    let r = emu
        .call(
            "DELETE",
            "/store",
            Some(&t),
            Some(json!([
                {"key": "1", "storeId": a},
                {"key": "2", "storeId": b},
                {"key": "nope", "storeId": a},
                {"key": "1", "storeId": "0123456789abcdef01234567"}
            ])),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"deletedCount": 2}));
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={a}&sort=key:1"), &t)
                .await
                .json()
        ),
        ["2", "3"]
    );
    assert_eq!(
        keys(
            &emu.get(&format!("/store?storeId={b}&sort=key:1"), &t)
                .await
                .json()
        ),
        ["1", "3"]
    );

    for bad in [
        json!({"key": "1", "storeId": a}),
        json!([{"key": 1, "storeId": a}]),
        json!([{"key": "1"}]),
    ] {
        emu.call("DELETE", "/store", Some(&t), Some(bad))
            .await
            .assert_boom(400);
    }
    let req = Request::builder()
        .method("DELETE")
        .uri("/store")
        .header("authorization", format!("Bearer {t}"))
        .body(Body::from("[{"))
        .unwrap();
    emu.send(req).await.assert_boom(400);
}

#[tokio::test]
async fn stores_are_isolated_between_users() {
    let emu = Emu::new();
    let (_, a) = emu.signup("sa@example.com").await;
    let (_, b) = emu.signup("sb@example.com").await;
    let s = emu.create_store(&a, "Private").await;
    emu.put_record(&a, &s, "secret", "42").await;

    assert_eq!(emu.get("/stores", &b).await.json(), json!([]));
    let unknown = emu.get("/stores/0123456789abcdef01234567", &b).await;
    let theirs = emu.get(&format!("/stores/{s}"), &b).await;
    theirs.assert_boom(404);
    assert_eq!(theirs.json(), unknown.json());
    emu.get(&format!("/store?storeId={s}"), &b)
        .await
        .assert_boom(404);
    emu.get(&format!("/store/count?storeId={s}"), &b)
        .await
        .assert_boom(404);
    emu.put_record(&b, &s, "secret", "overwritten")
        .await
        .assert_boom(404);
    emu.call(
        "PUT",
        &format!("/stores/{s}"),
        Some(&b),
        Some(json!({"name": "x"})),
    )
    .await
    .assert_boom(404);
    emu.call("DELETE", &format!("/stores/{s}"), Some(&b), None)
        .await
        .assert_boom(404);
    let r = emu
        .call(
            "DELETE",
            "/store",
            Some(&b),
            Some(json!([{"key": "secret", "storeId": s}])),
        )
        .await;
    assert_eq!(r.json(), json!({"deletedCount": 0}));

    // A's data is intact.
    let list = emu.get(&format!("/store?storeId={s}"), &a).await.json();
    assert_eq!(list[0]["value"], "42");
    assert_eq!(
        emu.get(&format!("/stores/{s}"), &a).await.json()["name"],
        "Private"
    );
}

#[tokio::test]
async fn seeded_contacts_store() {
    let emu = Emu::seeded();
    let t = emu.login("demo@example.com", "demo1234").await;
    let stores = emu.get("/stores", &t).await.json();
    let contacts = stores
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Contacts")
        .expect("Contacts");
    let id = contacts["storeId"].as_str().unwrap();
    let count = emu
        .get(&format!("/store/count?storeId={id}"), &t)
        .await
        .json()["count"]
        .as_u64()
        .unwrap();
    assert!((250..=350).contains(&count), "{count}");
    let page = emu.get(&format!("/store?storeId={id}"), &t).await.json();
    assert_eq!(page.as_array().unwrap().len(), 100, "default limit");
    let page = emu
        .get(&format!("/store?storeId={id}&limit=0"), &t)
        .await
        .json();
    assert_eq!(
        page.as_array().unwrap().len() as u64,
        count,
        "limit=0 means no limit"
    );
    // Alice has none.
    let alice = emu.login("alice@example.com", "alice1234").await;
    assert_eq!(emu.get("/stores", &alice).await.json(), json!([]));
    emu.get(&format!("/store?storeId={id}"), &alice)
        .await
        .assert_boom(404);
    // Keys survive a round trip through percent-encoding.
    let key = page[0]["key"].as_str().unwrap();
    let r = emu.put_record(&t, id, key, "changed").await;
    assert_eq!(r.json()["key"], key);
    assert!(encode(key).contains("%40"));
}
