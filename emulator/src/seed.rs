//! `--seed demo`: two users with flows (one with an approval step), an
//! account, a shared flow, a store, a log history, people tasks and charts.

use crate::state::{Account, AppState, Chart, DataStore, Flow, LogEntry, Share, StoreRecord, Task};
use crate::util::{hex, now_ms, object_id, random_bytes, uuid_v4};
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
    let credentials = vec![
        format!("demo user: {DEMO_EMAIL} / {DEMO_PASSWORD}"),
        format!("second user: {ALICE_EMAIL} / {ALICE_PASSWORD}"),
    ];
    let (Some(demo), Some(alice)) = (demo, alice) else {
        // Loaded from a --data file that was seeded before: keep it as it is.
        let both = state.db(|db| {
            db.user_by_name(DEMO_EMAIL).is_some() && db.user_by_name(ALICE_EMAIL).is_some()
        });
        return if both {
            credentials
        } else {
            vec!["demo users already exist".to_string()]
        };
    };

    let mut demo_flows = vec![
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
                    (
                        "approval",
                        crate::routes::tasks::REQUEST_APPROVAL,
                        "Approve new lead",
                        Some("transform"),
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
    // Starting "CRM sync" asks alice to approve (a people task per start).
    if let Some(crm) = demo_flows.iter_mut().find(|f| f.name == "CRM sync") {
        if let Some(config) = crm.flow.pointer_mut("/approval/config") {
            *config = json!({
                "properties": {
                    "title": "Approve new CRM lead",
                    "description": "A new lead arrived through the CRM sync webhook.",
                    "approver": ALICE_EMAIL,
                }
            });
        }
    }
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
        icon: crate::catalog::icon_for("appmixer:slack"),
        token: json!({ "accessToken": "xoxp-demo-not-a-real-token" }),
        created: now_ms(),
        seq: 0,
    };
    let demo_logs = log_history(&demo.id, &demo_flows, now_ms());
    let tasks = demo_tasks(
        &demo.id,
        &alice.id,
        demo_flows.first().map(|f| f.flow_id.clone()),
    );
    let charts = demo_charts(&demo.id);

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
        let mut slack = slack;
        slack.seq = db.next_seq();
        for mut t in tasks {
            t.seq = db.next_seq();
            db.tasks.insert(t.task_id.clone(), t);
        }
        let mut charts = charts;
        for c in charts.iter_mut() {
            c.seq = db.next_seq();
        }
        let d = db.user_data(&demo.id);
        d.accounts.insert(slack.account_id.clone(), slack);
        d.records.insert(store.store_id.clone(), records);
        d.stores.insert(store.store_id.clone(), store);
        d.push_logs(demo_logs);
        for c in charts {
            d.charts.insert(c.chart_id.clone(), c);
        }
    });

    credentials
}

/// A small deterministic generator (xorshift), so the history has the same
/// shape on every start.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const ERRORS: &[&str] = &[
    "Request failed with status code 500",
    "ETIMEDOUT: connection timed out",
    "Invalid JSON in response body",
    "channel_not_found",
    "Rate limit exceeded (429)",
];

/// About 60 days of log entries for the demo user's flows (a few hundred,
/// some errors), oldest first.
fn log_history(user_id: &str, flows: &[Flow], now: i64) -> Vec<LogEntry> {
    const DAY: i64 = 86_400_000;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::new();
    for days_ago in (0..60i64).rev() {
        let runs = 2 + rng.below(5);
        for _ in 0..runs {
            let Some(flow) = flows.get(rng.below(flows.len() as u64) as usize) else {
                continue;
            };
            let ts = now - days_ago * DAY - rng.below(DAY as u64 - 3_600_000) as i64 - 60_000;
            let Some(components) = flow.flow.as_object() else {
                continue;
            };
            let mut ids: Vec<&String> = components.keys().collect();
            ids.sort();
            let failing = rng.below(100) < 8;
            for (i, id) in ids.iter().enumerate() {
                let c = &components[*id];
                let ctype = c.get("type").and_then(Value::as_str).unwrap_or("unknown");
                let label = c.get("label").and_then(Value::as_str).unwrap_or(id);
                let is_trigger = c
                    .get("source")
                    .and_then(Value::as_object)
                    .is_none_or(|s| s.is_empty());
                let t = ts + i as i64 * 250;
                let last = i + 1 == ids.len();
                let entry = if failing && last {
                    let err = ERRORS[rng.below(ERRORS.len() as u64) as usize];
                    crate::routes::logs::entry(
                        user_id,
                        &flow.flow_id,
                        id,
                        ctype,
                        "in",
                        "error",
                        t,
                        format!("{label}: {err}"),
                        json!({ "error": err, "componentLabel": label, "attempt": 1 + rng.below(3) }),
                    )
                } else {
                    let port = if is_trigger { "out" } else { "in" };
                    crate::routes::logs::entry(
                        user_id,
                        &flow.flow_id,
                        id,
                        ctype,
                        port,
                        "info",
                        t,
                        format!(
                            "{label}: message {}",
                            if is_trigger { "sent" } else { "received" }
                        ),
                        json!({
                            "componentLabel": label,
                            "content": { "run": rng.below(100_000), "items": rng.below(20) },
                        }),
                    )
                };
                out.push(entry);
            }
        }
    }
    out.sort_by_key(|e| e.timestamp);
    out
}

fn secret() -> String {
    hex(&random_bytes::<16>())
}

/// People tasks: several for the demo user to decide (pending, approved,
/// due), and some the demo user requested from alice.
fn demo_tasks(demo_id: &str, alice_id: &str, flow_id: Option<String>) -> Vec<Task> {
    const HOUR: i64 = 3_600_000;
    let now = now_ms();
    let task = |title: &str,
                description: &str,
                status: &str,
                approver: &str,
                requester: &str,
                creator: &str,
                age_hours: i64,
                decision_by_hours: Option<i64>,
                decided_hours_ago: Option<i64>| {
        let created = now - age_hours * HOUR;
        let decision_made = decided_hours_ago.map(|h| now - h * HOUR);
        Task {
            task_id: object_id(),
            title: title.to_string(),
            description: description.to_string(),
            status: status.to_string(),
            flow_id: flow_id.clone(),
            approver: approver.to_string(),
            requester: requester.to_string(),
            decision_by: decision_by_hours.map(|h| now + h * HOUR),
            decision_made,
            created,
            mtime: decision_made.unwrap_or(created),
            approver_secret: secret(),
            requester_secret: secret(),
            user_id: creator.to_string(),
            seq: 0,
        }
    };
    vec![
        task(
            "Approve Q3 marketing budget",
            "Alice asks for $12,000 for the Q3 campaign.",
            "pending",
            DEMO_EMAIL,
            ALICE_EMAIL,
            alice_id,
            30,
            Some(72),
            None,
        ),
        task(
            "Grant Salesforce access to Bob",
            "New sales hire needs CRM access.",
            "pending",
            DEMO_EMAIL,
            ALICE_EMAIL,
            alice_id,
            20,
            Some(48),
            None,
        ),
        task(
            "Publish release notes 2.4",
            "Draft is in the shared folder.",
            "pending",
            DEMO_EMAIL,
            ALICE_EMAIL,
            alice_id,
            5,
            None,
            None,
        ),
        task(
            "Refund order #1042",
            "Customer reported a damaged item.",
            "approved",
            DEMO_EMAIL,
            ALICE_EMAIL,
            alice_id,
            80,
            Some(-24),
            Some(60),
        ),
        task(
            "Renew SSL certificate",
            "Expires at the end of the month.",
            "pending",
            DEMO_EMAIL,
            ALICE_EMAIL,
            alice_id,
            100,
            Some(-2),
            None,
        ),
        task(
            "Time off 12-16 August",
            "Summer holiday.",
            "pending",
            ALICE_EMAIL,
            DEMO_EMAIL,
            demo_id,
            10,
            Some(96),
            None,
        ),
        task(
            "Buy a second monitor",
            "For the design work.",
            "rejected",
            ALICE_EMAIL,
            DEMO_EMAIL,
            demo_id,
            200,
            None,
            Some(150),
        ),
    ]
}

fn demo_charts(user_id: &str) -> Vec<Chart> {
    let now = now_ms();
    let chart = |name: &str,
                 chart_type: &str,
                 query: Value,
                 options: Value,
                 traces: Value,
                 age_min: i64| Chart {
        chart_id: object_id(),
        user_id: user_id.to_string(),
        name: name.to_string(),
        index: "appmixer-*".to_string(),
        chart_type: chart_type.to_string(),
        query,
        options,
        traces,
        mtime: now - age_min * 60_000,
        seq: 0,
    };
    vec![
        chart(
            "Messages per day",
            "bar",
            json!({ "range": { "@timestamp": { "gte": "now-30d/d", "lte": "now/d" } } }),
            json!({ "layout": { "title": "Messages per day" }, "showlegend": false }),
            json!({ "messages": { "agg": { "date_histogram": { "field": "@timestamp", "interval": "1d" } }, "type": "bar" } }),
            600,
        ),
        chart(
            "Errors over time",
            "line",
            json!({ "bool": { "must": [{ "term": { "severity": "error" } }] } }),
            json!({ "layout": { "title": "Errors" } }),
            json!({ "errors": { "agg": { "date_histogram": { "field": "@timestamp", "interval": "1d" } }, "type": "line" } }),
            300,
        ),
        chart(
            "Messages by component",
            "pie",
            json!({ "match_all": {} }),
            json!({ "layout": { "title": "By component type" } }),
            json!({ "components": { "agg": { "terms": { "field": "componentType" } }, "type": "pie" } }),
            60,
        ),
    ]
}
