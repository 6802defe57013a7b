//! `--seed demo`: two users with flows, an account, a shared flow and a store.

use crate::state::{Account, AppState, DataStore, Flow, Share, StoreRecord};
use crate::util::{now_ms, object_id, uuid_v4};
use serde_json::{json, Map, Value};

pub const DEMO_EMAIL: &str = "demo@example.com";
pub const DEMO_PASSWORD: &str = "demo1234";
pub const ALICE_EMAIL: &str = "alice@example.com";
pub const ALICE_PASSWORD: &str = "alice1234";

/// A descriptor from `(componentId, type, label, source component)` rows,
/// laid out left to right.
fn descriptor(components: &[(&str, &str, &str, Option<&str>)]) -> Value {
    let mut m = Map::new();
    for (i, (id, ctype, label, source)) in components.iter().enumerate() {
        let source = match source {
            Some(s) => json!({ "in": { *s: ["out"] } }),
            None => json!({}),
        };
        m.insert(
            id.to_string(),
            json!({
                "type": ctype,
                "label": label,
                "source": source,
                "x": 100 + 200 * i as i64,
                "y": 120,
                "config": {},
            }),
        );
    }
    Value::Object(m)
}

struct FlowSeed<'a> {
    name: &'a str,
    components: &'a [(&'a str, &'a str, &'a str, Option<&'a str>)],
    running: bool,
    custom_fields: Value,
    shared_with: Vec<Share>,
    age_minutes: i64,
}

fn make_flow(user_id: &str, s: FlowSeed<'_>) -> Flow {
    let now = now_ms();
    let btime = now - s.age_minutes * 60_000;
    let mtime = btime + 5 * 60_000;
    Flow {
        flow_id: uuid_v4(),
        user_id: user_id.to_string(),
        name: s.name.to_string(),
        flow: descriptor(s.components),
        running: s.running,
        btime,
        mtime,
        started: s.running.then_some(mtime),
        custom_fields: s.custom_fields.as_object().cloned().unwrap_or_default(),
        shared_with: s.shared_with,
        seq: 0,
    }
}

fn slack_icon() -> String {
    use base64::Engine;
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" rx="6" fill="#4a154b"/><text x="9" y="23" font-size="18" fill="#fff">#</text></svg>"##;
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

const FIRST: &[&str] = &[
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Margaret",
    "Dennis",
    "Barbara",
    "Ken",
    "Frances",
    "Edsger",
    "Radia",
    "John",
    "Hedy",
    "Tim",
    "Katherine",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Ritchie",
    "Liskov",
    "Thompson",
    "Allen",
    "Dijkstra",
    "Perlman",
    "McCarthy",
    "Lamarr",
    "Berners-Lee",
    "Johnson",
    "Knuth",
    "Wirth",
];
const COMPANIES: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark Industries",
];

/// Seeds the demo data; returns the lines to print (credentials).
pub fn demo(state: &AppState) -> Vec<String> {
    let demo = state.create_user(DEMO_EMAIL, DEMO_EMAIL, DEMO_PASSWORD);
    let alice = state.create_user(ALICE_EMAIL, ALICE_EMAIL, ALICE_PASSWORD);
    let (Some(demo), Some(alice)) = (demo, alice) else {
        return vec!["demo users already exist".to_string()];
    };

    let demo_flows = vec![
        make_flow(
            &demo.id,
            FlowSeed {
                name: "Daily report",
                components: &[
                    ("timer", "appmixer.utils.timers.Timer", "Every day", None),
                    (
                        "http",
                        "appmixer.utils.http.SendRequest",
                        "Post report",
                        Some("timer"),
                    ),
                ],
                running: true,
                custom_fields: json!({}),
                shared_with: vec![],
                age_minutes: 60 * 24 * 3,
            },
        ),
        make_flow(
            &demo.id,
            FlowSeed {
                name: "CRM sync",
                components: &[
                    ("webhook", "appmixer.utils.http.Webhook", "New lead", None),
                    (
                        "transform",
                        "appmixer.utils.json.Transform",
                        "Map fields",
                        Some("webhook"),
                    ),
                ],
                running: false,
                custom_fields: json!({ "category": "crm" }),
                shared_with: vec![],
                age_minutes: 60 * 24 * 2,
            },
        ),
        make_flow(
            &demo.id,
            FlowSeed {
                name: "Slack alerts",
                components: &[
                    ("timer", "appmixer.utils.timers.Timer", "Every hour", None),
                    (
                        "message",
                        "appmixer.slack.list.SendChannelMessage",
                        "Post to #alerts",
                        Some("timer"),
                    ),
                ],
                running: false,
                custom_fields: json!({ "category": "notifications" }),
                shared_with: vec![],
                age_minutes: 60 * 24,
            },
        ),
        make_flow(
            &demo.id,
            FlowSeed {
                name: "Gmail to Slack",
                components: &[
                    ("email", "appmixer.google.gmail.NewEmail", "New email", None),
                    (
                        "message",
                        "appmixer.slack.list.SendChannelMessage",
                        "Forward to Slack",
                        Some("email"),
                    ),
                ],
                running: false,
                custom_fields: json!({}),
                shared_with: vec![],
                age_minutes: 60,
            },
        ),
    ];
    let alice_flows = vec![
        make_flow(
            &alice.id,
            FlowSeed {
                name: "Team standup reminder",
                components: &[
                    (
                        "timer",
                        "appmixer.utils.timers.Timer",
                        "Weekdays 9:00",
                        None,
                    ),
                    (
                        "message",
                        "appmixer.slack.list.SendChannelMessage",
                        "Remind #team",
                        Some("timer"),
                    ),
                ],
                running: false,
                custom_fields: json!({ "category": "team" }),
                shared_with: vec![Share {
                    email: DEMO_EMAIL.to_string(),
                    permissions: vec!["read".to_string(), "start".to_string()],
                }],
                age_minutes: 90,
            },
        ),
        make_flow(
            &alice.id,
            FlowSeed {
                name: "Alice private flow",
                components: &[("timer", "appmixer.utils.timers.Timer", "Every day", None)],
                running: false,
                custom_fields: json!({}),
                shared_with: vec![],
                age_minutes: 30,
            },
        ),
    ];

    let slack = Account {
        account_id: object_id(),
        name: "demo-workspace".to_string(),
        display_name: Some("Demo Slack workspace".to_string()),
        service: "appmixer:slack".to_string(),
        user_id: demo.id.clone(),
        profile_info: json!({ "team": "Demo", "user": "demo", "email": DEMO_EMAIL }),
        icon: slack_icon(),
    };

    let now = now_ms();
    state.db(|db| {
        let seq = db.next_seq();
        let store = DataStore {
            store_id: object_id(),
            name: "Contacts".to_string(),
            created: now,
            seq,
        };
        let mut records = std::collections::HashMap::new();
        for i in 0..300usize {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len()) % LAST.len()];
            let email = format!(
                "{}.{}{}@example.com",
                first.to_lowercase(),
                last.to_lowercase(),
                i + 1
            );
            let value = json!({
                "name": format!("{first} {last}"),
                "email": email,
                "company": COMPANIES[i % COMPANIES.len()],
                "phone": format!("+1-555-{:04}", 1000 + i),
            })
            .to_string();
            let t = now - (300 - i as i64) * 60_000;
            let seq = db.next_seq();
            records.insert(
                email.clone(),
                StoreRecord {
                    key: email,
                    value,
                    created_at: t,
                    updated_at: t + (i as i64 % 7) * 1000,
                    seq,
                },
            );
        }
        for f in demo_flows.into_iter().chain(alice_flows) {
            db.insert_flow(f);
        }
        let d = db.user_data(&demo.id);
        d.accounts.insert(slack.account_id.clone(), slack);
        d.records.insert(store.store_id.clone(), records);
        d.stores.insert(store.store_id.clone(), store);
    });

    vec![
        format!("demo user: {DEMO_EMAIL} / {DEMO_PASSWORD}"),
        format!("second user: {ALICE_EMAIL} / {ALICE_PASSWORD}"),
    ]
}
