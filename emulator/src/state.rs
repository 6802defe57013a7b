//! The in-memory store: users and, per user, their flows, accounts, data
//! stores and records, logs, charts and app events; people tasks (which link
//! two users by e-mail) are kept globally. One user's data lives in that
//! user's [`UserData`] and handlers only reach it through the authenticated
//! user's ID.
//!
//! Everything here is `Serialize`/`Deserialize` for `--data FILE` (see
//! `persist.rs`); field names in that file are the Rust names.
//!
//! Locking: one `std::sync::Mutex` around [`Db`], held only for short,
//! panic-free closures ([`AppState::db`]); a poisoned lock is recovered
//! rather than propagated.

use crate::fault::FaultTable;
use crate::record::Recorder;
use crate::util::{iso, now_ms, now_secs};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex, MutexGuard};

/// Emulator configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Lifetime of the tokens `POST /user` and `POST /user/auth` issue, in seconds.
    pub token_ttl: i64,
    /// Serve the `/_emulator/*` routes and record requests.
    pub test_hooks: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            token_ttl: 86_400,
            test_hooks: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub username: String,
    pub email: String,
    pub password_hash: String,
    pub created: i64,
}

impl User {
    pub fn public_json(&self) -> Value {
        json!({
            "id": self.id,
            "username": self.username,
            "email": self.email,
            "scope": ["user"],
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub email: String,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flow {
    pub flow_id: String,
    pub user_id: String,
    pub name: String,
    /// The descriptor: component ID → `{type, label, source, x, y, config}`.
    pub flow: Value,
    pub running: bool,
    pub btime: i64,
    pub mtime: i64,
    pub started: Option<i64>,
    pub custom_fields: Map<String, Value>,
    pub shared_with: Vec<Share>,
    /// Insertion order (the default listing order).
    pub seq: u64,
}

impl Flow {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("flowId".into(), json!(self.flow_id));
        m.insert("userId".into(), json!(self.user_id));
        m.insert("name".into(), json!(self.name));
        m.insert("flow".into(), self.flow.clone());
        m.insert(
            "stage".into(),
            json!(if self.running { "running" } else { "stopped" }),
        );
        m.insert("btime".into(), json!(iso(self.btime)));
        m.insert("mtime".into(), json!(iso(self.mtime)));
        if let Some(started) = self.started {
            m.insert("started".into(), json!(iso(started)));
        }
        m.insert(
            "customFields".into(),
            Value::Object(self.custom_fields.clone()),
        );
        m.insert("thumbnail".into(), json!(thumbnail(&self.name, &self.flow)));
        m.insert(
            "sharedWith".into(),
            Value::Array(
                self.shared_with
                    .iter()
                    .map(|s| json!({"email": s.email, "permissions": s.permissions}))
                    .collect(),
            ),
        );
        Value::Object(m)
    }

    /// Whether this flow is shared with `email` granting every permission in `perms`.
    pub fn shared_with_grants(&self, email: &str, perms: &[&str]) -> bool {
        self.shared_with.iter().any(|s| {
            s.email.eq_ignore_ascii_case(email)
                && perms.iter().all(|p| s.permissions.iter().any(|q| q == p))
        })
    }
}

/// A small SVG picture of a flow (one box per component) as a data URI.
pub fn thumbnail(name: &str, flow: &Value) -> String {
    use base64::Engine;
    let n = flow.as_object().map_or(0, Map::len).min(8);
    let mut boxes = String::new();
    for i in 0..n {
        boxes.push_str(&format!(
            r##"<rect x="{}" y="40" width="28" height="28" rx="4" fill="#6b5cff"/>"##,
            10 + i * 36
        ));
    }
    let title: String = name
        .chars()
        .take(40)
        .map(|c| match c {
            '<' | '>' | '&' | '"' | '\'' => ' ',
            c => c,
        })
        .collect();
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100"><rect width="300" height="100" fill="#f4f4f8"/><text x="10" y="24" font-family="sans-serif" font-size="14" fill="#333">{title}</text>{boxes}</svg>"##
    );
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Account {
    pub account_id: String,
    pub name: String,
    pub display_name: Option<String>,
    pub service: String,
    pub user_id: String,
    pub profile_info: Value,
    pub icon: String,
    /// The token given at creation. Stored (and persisted), never answered.
    #[serde(default)]
    pub token: Value,
    #[serde(default)]
    pub created: i64,
    /// Insertion order (the listing order).
    #[serde(default)]
    pub seq: u64,
}

impl Account {
    /// The public view (never the token).
    pub fn to_json(&self) -> Value {
        json!({
            "accountId": self.account_id,
            "name": self.name,
            "displayName": self.display_name,
            "service": self.service,
            "userId": self.user_id,
            "profileInfo": self.profile_info,
            "icon": self.icon,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataStore {
    pub store_id: String,
    pub name: String,
    pub created: i64,
    /// Insertion order.
    pub seq: u64,
}

impl DataStore {
    pub fn to_json(&self) -> Value {
        json!({"name": self.name, "storeId": self.store_id})
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoreRecord {
    pub key: String,
    pub value: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Insertion order (kept when the value is replaced).
    pub seq: u64,
}

impl StoreRecord {
    pub fn to_json(&self, store_id: &str, user_id: &str) -> Value {
        json!({
            "key": self.key,
            "value": self.value,
            "storeId": store_id,
            "userId": user_id,
            "createdAt": iso(self.created_at),
            "updatedAt": iso(self.updated_at),
        })
    }
}

/// One log entry (the engine's Elasticsearch documents).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: String,
    /// `appmixer-YYYYMM` of the timestamp.
    pub index: String,
    pub flow_id: String,
    pub component_id: String,
    pub component_type: String,
    /// `in` or `out`.
    pub port_type: String,
    /// `info`, `warn`, `error`, ...
    pub severity: String,
    pub timestamp: i64,
    pub grid_timestamp: i64,
    pub user_id: String,
    /// A one-line description.
    pub message: String,
    /// The message payload (or the error).
    pub msg: Value,
}

impl LogEntry {
    /// The index name of a timestamp.
    pub fn index_for(ms: i64) -> String {
        let (y, m, _) = crate::util::ymd(ms);
        format!("appmixer-{y:04}{m:02}")
    }

    pub fn to_json(&self) -> Value {
        json!({
            "_id": self.id,
            "_index": self.index,
            "flowId": self.flow_id,
            "componentId": self.component_id,
            "componentType": self.component_type,
            "portType": self.port_type,
            "severity": self.severity,
            "@timestamp": iso(self.timestamp),
            "gridTimestamp": iso(self.grid_timestamp),
            "userId": self.user_id,
            "message": self.message,
            "msg": self.msg,
        })
    }
}

/// An Insights chart.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Chart {
    pub chart_id: String,
    pub user_id: String,
    pub name: String,
    pub index: String,
    /// `bar`, `line`, `scatter`, `area` or `pie`.
    pub chart_type: String,
    pub query: Value,
    pub options: Value,
    pub traces: Value,
    pub mtime: i64,
    pub seq: u64,
}

impl Chart {
    pub fn to_json(&self) -> Value {
        json!({
            "chartId": self.chart_id,
            "userId": self.user_id,
            "name": self.name,
            "index": self.index,
            "type": self.chart_type,
            "query": self.query,
            "options": self.options,
            "traces": self.traces,
            "mtime": iso(self.mtime),
        })
    }
}

/// A received app event (`sendAppEvent`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppEvent {
    pub event_id: String,
    pub event: String,
    pub data: Value,
    /// The raw query string it was sent with.
    pub query: Option<String>,
    pub received: i64,
    pub triggered: Vec<String>,
}

impl AppEvent {
    pub fn to_json(&self) -> Value {
        json!({
            "event": self.event,
            "eventId": self.event_id,
            "received": iso(self.received),
            "triggered": self.triggered,
        })
    }
}

/// A people task (an approval request from `requester` to `approver`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Task {
    pub task_id: String,
    pub title: String,
    pub description: String,
    /// Stored status: `pending`, `approved` or `rejected` (`due` is computed).
    pub status: String,
    pub flow_id: Option<String>,
    pub approver: String,
    pub requester: String,
    pub decision_by: Option<i64>,
    pub decision_made: Option<i64>,
    pub created: i64,
    pub mtime: i64,
    pub approver_secret: String,
    pub requester_secret: String,
    /// The user who created it.
    pub user_id: String,
    pub seq: u64,
}

impl Task {
    /// The status as answered: a pending task past its `decisionBy` is `due`.
    pub fn current_status(&self, now: i64) -> &str {
        match self.decision_by {
            Some(by) if self.status == "pending" && by < now => "due",
            _ => &self.status,
        }
    }

    /// Whether `email` is its approver or requester.
    pub fn involves(&self, email: &str) -> bool {
        self.approver.eq_ignore_ascii_case(email) || self.requester.eq_ignore_ascii_case(email)
    }

    /// Whether `secret` is one of its secrets (compared in constant time).
    pub fn has_secret(&self, secret: &str) -> bool {
        let a = crate::auth::constant_time_eq(secret.as_bytes(), self.approver_secret.as_bytes());
        let r = crate::auth::constant_time_eq(secret.as_bytes(), self.requester_secret.as_bytes());
        !secret.is_empty() && (a | r)
    }

    /// The public view (never the secrets).
    pub fn to_json(&self, now: i64) -> Value {
        json!({
            "taskId": self.task_id,
            "id": self.task_id,
            "title": self.title,
            "description": self.description,
            "status": self.current_status(now),
            "flowId": self.flow_id,
            "approver": self.approver,
            "requester": self.requester,
            "decisionBy": self.decision_by.map(iso),
            "decisionMade": self.decision_made.map(iso),
            "created": iso(self.created),
            "mtime": iso(self.mtime),
        })
    }
}

/// A `getFlowAuthentication` polling ticket.
#[derive(Debug, Clone, Default)]
pub struct AuthTicket {
    pub flow_id: String,
    pub status_calls: u32,
}

/// Log entries kept per user; the oldest are dropped past this.
pub const MAX_LOGS_PER_USER: usize = 50_000;
/// App events kept per user.
pub const MAX_APP_EVENTS_PER_USER: usize = 1_000;

/// Everything one user owns.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserData {
    /// Flows by flow ID.
    pub flows: HashMap<String, Flow>,
    /// Accounts (connected services) by account ID.
    pub accounts: HashMap<String, Account>,
    /// Data stores by store ID.
    pub stores: HashMap<String, DataStore>,
    /// Records by store ID, then key.
    pub records: HashMap<String, HashMap<String, StoreRecord>>,
    /// Log entries of the user's flows, oldest first.
    pub logs: Vec<LogEntry>,
    /// Charts by chart ID.
    pub charts: HashMap<String, Chart>,
    /// Received app events, oldest first.
    pub app_events: Vec<AppEvent>,
    /// Flow-authentication polling tickets by ticket (not persisted).
    #[serde(skip)]
    pub auth_tickets: HashMap<String, AuthTicket>,
}

impl UserData {
    /// Appends log entries, dropping the oldest past [`MAX_LOGS_PER_USER`].
    pub fn push_logs(&mut self, entries: impl IntoIterator<Item = LogEntry>) {
        self.logs.extend(entries);
        if self.logs.len() > MAX_LOGS_PER_USER {
            let excess = self.logs.len() - MAX_LOGS_PER_USER;
            self.logs.drain(..excess);
        }
    }
}

/// The whole database.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Db {
    pub users: HashMap<String, User>,
    /// Lower-cased username → user ID (rebuilt on load).
    #[serde(skip)]
    pub by_username: HashMap<String, String>,
    pub data: HashMap<String, UserData>,
    /// People tasks by task ID (they link two users by e-mail).
    pub tasks: HashMap<String, Task>,
    seq: u64,
}

impl Db {
    /// Rebuilds the derived indexes after loading.
    pub fn rebuild_indexes(&mut self) {
        self.by_username = self
            .users
            .values()
            .map(|u| (u.username.to_lowercase(), u.id.clone()))
            .collect();
        for id in self.users.keys() {
            self.data.entry(id.clone()).or_default();
        }
    }

    /// A process-wide increasing counter (insertion order of flows, stores, records).
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn user_by_name(&self, username: &str) -> Option<&User> {
        self.by_username
            .get(&username.to_lowercase())
            .and_then(|id| self.users.get(id))
    }

    /// Adds a user; `None` when the username (case-insensitive) is taken.
    pub fn insert_user(
        &mut self,
        username: &str,
        email: &str,
        password_hash: String,
    ) -> Option<User> {
        let lower = username.to_lowercase();
        if self.by_username.contains_key(&lower) {
            return None;
        }
        let mut id = crate::util::object_id();
        while self.users.contains_key(&id) {
            id = crate::util::object_id();
        }
        let user = User {
            id: id.clone(),
            username: username.to_string(),
            email: email.to_string(),
            password_hash,
            created: now_ms(),
        };
        self.by_username.insert(lower, id.clone());
        self.users.insert(id.clone(), user.clone());
        self.data.insert(id, UserData::default());
        Some(user)
    }

    /// The data of one user (created empty on first use).
    pub fn user_data(&mut self, user_id: &str) -> &mut UserData {
        self.data.entry(user_id.to_string()).or_default()
    }

    /// Stores a new flow under its owner, assigning its insertion order.
    pub fn insert_flow(&mut self, mut flow: Flow) -> String {
        flow.seq = self.next_seq();
        let id = flow.flow_id.clone();
        self.user_data(&flow.user_id.clone())
            .flows
            .insert(id.clone(), flow);
        id
    }

    /// Flows of other users shared with `email` granting all of `perms`.
    pub fn flows_shared_with<'a>(
        &'a self,
        user_id: &'a str,
        email: &'a str,
        perms: &'a [&'a str],
    ) -> impl Iterator<Item = &'a Flow> + 'a {
        self.data
            .iter()
            .filter(move |(owner, _)| owner.as_str() != user_id)
            .flat_map(|(_, d)| d.flows.values())
            .filter(move |f| f.shared_with_grants(email, perms))
    }
}

struct Inner {
    db: Mutex<Db>,
    recorder: Mutex<Recorder>,
    faults: Mutex<FaultTable>,
    secret: [u8; 32],
    config: Config,
    /// Bumped after every mutating request (the `--data` saver watches it).
    generation: AtomicU64,
    changed: tokio::sync::Notify,
}

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// A fresh, empty emulator with a random token secret.
    pub fn new(config: Config) -> Self {
        Self::from_parts(config, Db::default(), crate::util::random_bytes::<32>())
    }

    /// An emulator serving `db`, signing tokens with `secret` (a restart from `--data`).
    pub fn from_parts(config: Config, mut db: Db, secret: [u8; 32]) -> Self {
        db.rebuild_indexes();
        AppState {
            inner: Arc::new(Inner {
                db: Mutex::new(db),
                recorder: Mutex::new(Recorder::new(crate::record::MAX_RECORDS)),
                faults: Mutex::new(FaultTable::default()),
                secret,
                config,
                generation: AtomicU64::new(0),
                changed: tokio::sync::Notify::new(),
            }),
        }
    }

    /// The token-signing secret (persisted with `--data`).
    pub fn secret(&self) -> &[u8; 32] {
        &self.inner.secret
    }

    /// Notes that persisted data may have changed.
    pub fn mark_changed(&self) {
        self.inner.generation.fetch_add(1, AtomicOrdering::SeqCst);
        self.inner.changed.notify_one();
    }

    /// How many times [`mark_changed`](Self::mark_changed) was called.
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(AtomicOrdering::SeqCst)
    }

    /// Resolves after the next [`mark_changed`](Self::mark_changed) (or at
    /// once if one happened since the last wait).
    pub async fn changed(&self) {
        self.inner.changed.notified().await
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Runs `f` with the database locked. Keep `f` short and panic-free.
    pub fn db<R>(&self, f: impl FnOnce(&mut Db) -> R) -> R {
        f(&mut lock(&self.inner.db))
    }

    /// Runs `f` with the fault table locked.
    pub fn faults<R>(&self, f: impl FnOnce(&mut FaultTable) -> R) -> R {
        f(&mut lock(&self.inner.faults))
    }

    /// Runs `f` with the request recorder locked.
    pub fn recorder<R>(&self, f: impl FnOnce(&mut Recorder) -> R) -> R {
        f(&mut lock(&self.inner.recorder))
    }

    /// A token for `user_id` valid for `ttl_secs` from now.
    pub fn mint_token(&self, user_id: &str, ttl_secs: i64) -> String {
        crate::auth::sign_token(&self.inner.secret, user_id, now_secs(), ttl_secs)
    }

    /// A token with the configured lifetime.
    pub fn issue_token(&self, user_id: &str) -> String {
        self.mint_token(user_id, self.inner.config.token_ttl)
    }

    /// The user ID of a valid (well-signed, unexpired) token.
    pub fn verify_token(&self, token: &str) -> Result<String, crate::auth::TokenError> {
        crate::auth::verify_token(&self.inner.secret, token, now_secs())
    }

    /// Creates a user (hashing outside the lock). `None` if the username is taken.
    pub fn create_user(&self, username: &str, email: &str, password: &str) -> Option<User> {
        let hash = crate::auth::hash_password(password);
        self.db(|db| db.insert_user(username, email, hash))
    }
}
