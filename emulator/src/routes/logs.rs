//! Logs: `GET /logs` (paging, sorting, a Lucene query subset, per-day
//! buckets) and `GET /logs/:index/:id`. Entries are written when flows start
//! (see [`start_entries`]) and when app events trigger flows.

use crate::auth::AuthUser;
use crate::boom::{ApiResult, Boom};
use crate::state::{AppState, Flow, LogEntry};
use crate::util::{
    day_start, json_cmp, json_matches, json_path, object_id, parse_date, parse_sort, query_get,
    query_pairs, query_usize, ymd,
};
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::cmp::Ordering;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/logs", get(list_logs))
        .route("/logs/{index}/{id}", get(get_log))
}

/// Largest `from + size` (as Elasticsearch's default result window).
pub const MAX_WINDOW: usize = 10_000;
/// Buckets are filled with empty days only across spans shorter than this.
const MAX_FILLED_DAYS: i64 = 3_660;

const DAY_MS: i64 = 86_400_000;

/// A new log entry.
#[allow(clippy::too_many_arguments)]
pub fn entry(
    user_id: &str,
    flow_id: &str,
    component_id: &str,
    component_type: &str,
    port_type: &str,
    severity: &str,
    timestamp: i64,
    message: String,
    msg: Value,
) -> LogEntry {
    LogEntry {
        id: object_id(),
        index: LogEntry::index_for(timestamp),
        flow_id: flow_id.to_string(),
        component_id: component_id.to_string(),
        component_type: component_type.to_string(),
        port_type: port_type.to_string(),
        severity: severity.to_string(),
        timestamp,
        grid_timestamp: timestamp - 3,
        user_id: user_id.to_string(),
        message,
        msg,
    }
}

/// The entries a flow start writes: one per component. Components without
/// inputs (triggers) log on their `out` port, the others on `in`.
pub fn start_entries(flow: &Flow, now: i64) -> Vec<LogEntry> {
    let Some(components) = flow.flow.as_object() else {
        return Vec::new();
    };
    let mut ids: Vec<&String> = components.keys().collect();
    ids.sort();
    ids.into_iter()
        .enumerate()
        .map(|(i, id)| {
            let c = &components[id];
            let ctype = c.get("type").and_then(Value::as_str).unwrap_or("unknown");
            let label = c.get("label").and_then(Value::as_str).unwrap_or(id);
            let has_inputs = c
                .get("source")
                .and_then(Value::as_object)
                .is_some_and(|s| !s.is_empty());
            let (port, message) = if has_inputs {
                ("in", format!("{label}: ready to receive messages"))
            } else {
                ("out", format!("{label}: trigger started"))
            };
            entry(
                &flow.user_id,
                &flow.flow_id,
                id,
                ctype,
                port,
                "info",
                now + i as i64,
                message,
                json!({ "event": "flow-start", "flowName": flow.name, "componentLabel": label }),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The query language: a subset of Lucene / Elasticsearch `query_string` with
// default operator OR: `field:value`, `"quoted values"`, `+` (must), `-`/`!`/
// `NOT` (must not), `AND`/`&&`, `OR`/`||`, parentheses (also `field:(a OR b)`),
// `*`/`?` wildcards, `field:*` (exists), ranges `[a TO b]` (inclusive) and
// `{a TO b}` (exclusive) with `*` for an open end, and bare words (searched
// in `message` and `msg`).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Occur {
    Must,
    Should,
    MustNot,
}

#[derive(Debug, Clone)]
enum Node {
    Term {
        field: Option<String>,
        value: String,
        /// Quoted: no wildcards.
        exact: bool,
    },
    Range {
        field: Option<String>,
        lo: Option<Bound>,
        hi: Option<Bound>,
    },
    Bool(Vec<(Occur, Node)>),
}

/// A range end: for timestamp fields a millisecond instant, else text.
#[derive(Debug, Clone)]
enum Bound {
    /// `Time(ms, inclusive)`.
    Time(i64, bool),
    Text(String, bool),
}

const TIME_FIELDS: &[&str] = &["@timestamp", "gridTimestamp"];

fn is_time_field(field: Option<&str>) -> bool {
    field.is_some_and(|f| TIME_FIELDS.contains(&f))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conj {
    None,
    And,
    Or,
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

type PResult<T> = Result<T, String>;

impl Parser {
    fn new(src: &str) -> Self {
        Parser {
            chars: src.chars().collect(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// The bare word at the cursor (not consumed), for operator detection.
    fn peek_word(&self) -> String {
        self.chars[self.pos..]
            .iter()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '(' | ')'))
            .collect()
    }

    fn at_operator(&self, ops: &[&str]) -> Option<usize> {
        let w = self.peek_word();
        ops.contains(&w.as_str()).then(|| w.chars().count())
    }

    /// A whole query (the top level or a parenthesised group).
    fn group(&mut self, field: Option<&str>, nested: bool) -> PResult<Node> {
        let mut clauses: Vec<(Occur, Node)> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None if nested => return Err("missing )".into()),
                None => break,
                Some(')') if nested => {
                    self.pos += 1;
                    break;
                }
                Some(')') => return Err("unbalanced )".into()),
                _ => {}
            }
            let mut conj = Conj::None;
            if let Some(n) = self.at_operator(&["AND", "&&"]) {
                conj = Conj::And;
                self.pos += n;
            } else if let Some(n) = self.at_operator(&["OR", "||"]) {
                conj = Conj::Or;
                self.pos += n;
            }
            if conj != Conj::None && clauses.is_empty() {
                return Err("a query cannot start with AND or OR".into());
            }
            self.skip_ws();
            let mut modifier = None;
            if let Some(n) = self.at_operator(&["NOT"]) {
                modifier = Some(Occur::MustNot);
                self.pos += n;
                self.skip_ws();
            } else {
                match self.peek() {
                    Some('+') => {
                        modifier = Some(Occur::Must);
                        self.pos += 1;
                    }
                    Some('-') | Some('!') => {
                        modifier = Some(Occur::MustNot);
                        self.pos += 1;
                    }
                    _ => {}
                }
            }
            match self.peek() {
                None | Some(')') => return Err("an operator is missing its operand".into()),
                Some(c) if c.is_whitespace() => {
                    return Err("an operator is missing its operand".into())
                }
                _ => {}
            }
            if self.at_operator(&["AND", "&&", "OR", "||"]).is_some() {
                return Err("two operators in a row".into());
            }
            let node = self.primary(field)?;
            // Lucene's classic QueryParser.addClause, default operator OR.
            if conj == Conj::And {
                if let Some(last) = clauses.last_mut() {
                    if last.0 != Occur::MustNot {
                        last.0 = Occur::Must;
                    }
                }
            }
            let occur = match modifier {
                Some(Occur::MustNot) => Occur::MustNot,
                Some(_) => Occur::Must,
                None if conj == Conj::And => Occur::Must,
                None => Occur::Should,
            };
            clauses.push((occur, node));
        }
        if clauses.is_empty() && nested {
            return Err("empty ( )".into());
        }
        Ok(Node::Bool(clauses))
    }

    fn quoted(&mut self) -> PResult<String> {
        // At the opening quote.
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err("unterminated quote".into()),
                Some('"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(c) => {
                            out.push(c);
                            self.pos += 1;
                        }
                        None => return Err("unterminated quote".into()),
                    }
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// A bare word up to whitespace, a parenthesis, or (when `stop_at_colon`)
    /// an unescaped `:`. `\` escapes the next character.
    fn word(&mut self, stop_at_colon: bool, extra_stops: &[char]) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, '(' | ')') || extra_stops.contains(&c) {
                break;
            }
            if stop_at_colon && c == ':' {
                break;
            }
            self.pos += 1;
            if c == '\\' {
                if let Some(n) = self.peek() {
                    out.push(n);
                    self.pos += 1;
                }
                continue;
            }
            out.push(c);
        }
        out
    }

    fn primary(&mut self, field: Option<&str>) -> PResult<Node> {
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                return self.group(field, true);
            }
            Some('"') => {
                let value = self.quoted()?;
                return Ok(Node::Term {
                    field: field.map(str::to_string),
                    value,
                    exact: true,
                });
            }
            Some('[') | Some('{') => return self.range(field),
            _ => {}
        }
        let start = self.pos;
        let first = self.word(field.is_none(), &[]);
        if field.is_none() && self.peek() == Some(':') {
            self.pos += 1;
            if first.is_empty() {
                return Err(format!("missing field name at {start}"));
            }
            return match self.peek() {
                Some('(') => {
                    self.pos += 1;
                    self.group(Some(&first), true)
                }
                Some('"') => Ok(Node::Term {
                    field: Some(first),
                    value: self.quoted()?,
                    exact: true,
                }),
                Some('[') | Some('{') => self.range(Some(&first)),
                Some(c) if !c.is_whitespace() && c != ')' => {
                    let value = self.word(false, &[]);
                    if value.is_empty() {
                        return Err(format!("missing value for field \"{first}\""));
                    }
                    Ok(Node::Term {
                        field: Some(first),
                        value,
                        exact: false,
                    })
                }
                _ => Err(format!("missing value for field \"{first}\"")),
            };
        }
        if first.is_empty() {
            return Err(format!("unexpected character at {start}"));
        }
        Ok(Node::Term {
            field: field.map(str::to_string),
            value: first,
            exact: false,
        })
    }

    fn range(&mut self, field: Option<&str>) -> PResult<Node> {
        let lo_inclusive = self.peek() == Some('[');
        self.pos += 1;
        self.skip_ws();
        let lo = self.range_value()?;
        self.skip_ws();
        if self.word(false, &[']', '}']) != "TO" {
            return Err("a range needs the form [a TO b]".into());
        }
        self.skip_ws();
        let hi = self.range_value()?;
        self.skip_ws();
        let hi_inclusive = match self.peek() {
            Some(']') => true,
            Some('}') => false,
            _ => return Err("unterminated range".into()),
        };
        self.pos += 1;
        let time = is_time_field(field);
        let bound = |v: String, inclusive: bool, upper: bool| -> PResult<Option<Bound>> {
            if v == "*" {
                return Ok(None);
            }
            if !time {
                return Ok(Some(Bound::Text(v, inclusive)));
            }
            let (ms, date_only) = parse_date(&v)
                .or_else(|| v.parse::<i64>().ok().map(|n| (n, false)))
                .ok_or_else(|| format!("invalid date \"{v}\""))?;
            // A bare date stands for the whole day.
            Ok(Some(match (date_only, upper, inclusive) {
                (true, false, true) => Bound::Time(ms, true),
                (true, false, false) => Bound::Time(ms + DAY_MS, true),
                (true, true, true) => Bound::Time(ms + DAY_MS, false),
                (true, true, false) => Bound::Time(ms, false),
                (false, _, inc) => Bound::Time(ms, inc),
            }))
        };
        Ok(Node::Range {
            field: field.map(str::to_string),
            lo: bound(lo, lo_inclusive, false)?,
            hi: bound(hi, hi_inclusive, true)?,
        })
    }

    fn range_value(&mut self) -> PResult<String> {
        let v = if self.peek() == Some('"') {
            self.quoted()?
        } else {
            self.word(false, &[']', '}'])
        };
        if v.is_empty() {
            return Err("a range end is missing".into());
        }
        Ok(v)
    }
}

/// Parses a query; the error message says what is wrong.
fn parse_query(src: &str) -> PResult<Node> {
    Parser::new(src).group(None, false)
}

/// `*` and `?` wildcards, case-insensitive.
fn wildcard_match(pattern: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn time_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::String(s) => parse_date(s).map(|(ms, _)| ms),
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

fn term_matches(entry: &Value, field: Option<&str>, value: &str, exact: bool) -> bool {
    let wild = !exact && (value.contains('*') || value.contains('?'));
    let Some(field) = field else {
        // A bare word: searched in the message and the payload.
        let hay = format!(
            "{} {}",
            entry.get("message").map(text_of).unwrap_or_default(),
            entry.get("msg").map(text_of).unwrap_or_default()
        )
        .to_lowercase();
        let needle = value.to_lowercase();
        return if wild {
            let p: Vec<char> = format!("*{needle}*").chars().collect();
            wildcard_match(&p, &hay.chars().collect::<Vec<_>>())
        } else {
            hay.contains(&needle)
        };
    };
    let v = json_path(entry, field);
    if !exact && value == "*" {
        return v.is_some_and(|v| !v.is_null());
    }
    if is_time_field(Some(field)) {
        if let (Some(t), Some((ms, date_only))) = (time_of(v), parse_date(value)) {
            return if date_only {
                (ms..ms + DAY_MS).contains(&t)
            } else {
                t == ms
            };
        }
    }
    if wild {
        let p: Vec<char> = value.to_lowercase().chars().collect();
        let any =
            |x: &Value| wildcard_match(&p, &text_of(x).to_lowercase().chars().collect::<Vec<_>>());
        return match v {
            Some(Value::Array(items)) => items.iter().any(any),
            Some(x) if !x.is_null() => any(x),
            _ => false,
        };
    }
    if json_matches(v, value) {
        return true;
    }
    let eq = |x: &Value| matches!(x, Value::String(s) if s.eq_ignore_ascii_case(value));
    match v {
        Some(Value::Array(items)) => items.iter().any(eq),
        Some(x) => eq(x),
        None => false,
    }
}

fn cmp_text(a: &str, b: &str) -> Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(b),
    }
}

fn range_matches(
    entry: &Value,
    field: Option<&str>,
    lo: &Option<Bound>,
    hi: &Option<Bound>,
) -> bool {
    let Some(field) = field else { return false };
    let v = json_path(entry, field);
    let in_bound = |b: &Bound, upper: bool| -> bool {
        match b {
            Bound::Time(ms, inclusive) => {
                let Some(t) = time_of(v) else { return false };
                match (upper, inclusive) {
                    (false, true) => t >= *ms,
                    (false, false) => t > *ms,
                    (true, true) => t <= *ms,
                    (true, false) => t < *ms,
                }
            }
            Bound::Text(s, inclusive) => {
                let Some(x) = v.filter(|v| !v.is_null()).map(text_of) else {
                    return false;
                };
                let o = cmp_text(&x, s);
                match (upper, inclusive) {
                    (false, true) => o != Ordering::Less,
                    (false, false) => o == Ordering::Greater,
                    (true, true) => o != Ordering::Greater,
                    (true, false) => o == Ordering::Less,
                }
            }
        }
    };
    v.is_some_and(|v| !v.is_null())
        && lo.as_ref().is_none_or(|b| in_bound(b, false))
        && hi.as_ref().is_none_or(|b| in_bound(b, true))
}

fn eval(node: &Node, entry: &Value) -> bool {
    match node {
        Node::Term {
            field,
            value,
            exact,
        } => term_matches(entry, field.as_deref(), value, *exact),
        Node::Range { field, lo, hi } => range_matches(entry, field.as_deref(), lo, hi),
        Node::Bool(clauses) => {
            let mut any_must = false;
            let mut any_should = false;
            let mut should_hit = false;
            for (occur, n) in clauses {
                match occur {
                    Occur::Must => {
                        any_must = true;
                        if !eval(n, entry) {
                            return false;
                        }
                    }
                    Occur::MustNot => {
                        if eval(n, entry) {
                            return false;
                        }
                    }
                    Occur::Should => {
                        any_should = true;
                        should_hit = should_hit || eval(n, entry);
                    }
                }
            }
            // Shoulds only decide when nothing is required (as in Lucene); a
            // purely negative query matches everything else (as in ES).
            any_must || !any_should || should_hit
        }
    }
}

// ---------------------------------------------------------------------------
// Routes

async fn list_logs(
    State(state): State<AppState>,
    user: AuthUser,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let pairs = query_pairs(query.as_deref());
    let from = query_usize(&pairs, "from", 0)?;
    let size = query_usize(&pairs, "size", 50)?;
    if from.saturating_add(size) > MAX_WINDOW {
        return Err(Boom::bad_request(format!(
            "\"from\" + \"size\" must not exceed {MAX_WINDOW}"
        )));
    }
    let sort = {
        let raw = query_get(&pairs, "sort").filter(|s| !s.trim().is_empty());
        parse_sort(Some(raw.unwrap_or("@timestamp:desc")))?
    };
    let node = match query_get(&pairs, "query").map(str::trim) {
        None | Some("") => None,
        Some(q) => Some(
            parse_query(q).map_err(|e| Boom::bad_request(format!("Invalid query \"{q}\": {e}")))?,
        ),
    };
    let entries: Vec<LogEntry> = state.db(|db| {
        db.data
            .get(&user.id)
            .map(|d| d.logs.clone())
            .unwrap_or_default()
    });
    let mut hits: Vec<(usize, i64, Value)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (i, e.timestamp, e.to_json()))
        .filter(|(_, _, json)| node.as_ref().is_none_or(|n| eval(n, json)))
        .collect();
    let buckets = buckets(hits.iter().map(|(_, t, _)| *t));
    hits.sort_by(|a, b| {
        for (field, desc) in &sort {
            let o = json_cmp(json_path(&a.2, field), json_path(&b.2, field));
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        let tie = a.0.cmp(&b.0);
        if sort.first().is_some_and(|(_, d)| *d) {
            tie.reverse()
        } else {
            tie
        }
    });
    let total = hits.len();
    let page: Vec<Value> = hits
        .into_iter()
        .skip(from)
        .take(size)
        .map(|(_, _, v)| v)
        .collect();
    Ok(Json(
        json!({ "buckets": buckets, "hits": page, "total": total }),
    ))
}

/// Hits per UTC day, oldest first, with empty days between the first and
/// the last filled in (as a date histogram with `min_doc_count: 0`).
fn buckets(times: impl Iterator<Item = i64>) -> Vec<Value> {
    let mut counts = std::collections::BTreeMap::<i64, u64>::new();
    for t in times {
        *counts.entry(day_start(t)).or_default() += 1;
    }
    let (Some(first), Some(last)) = (
        counts.keys().next().copied(),
        counts.keys().next_back().copied(),
    ) else {
        return Vec::new();
    };
    if (last - first) / DAY_MS < MAX_FILLED_DAYS {
        let mut day = first;
        while day <= last {
            counts.entry(day).or_default();
            day += DAY_MS;
        }
    }
    counts
        .into_iter()
        .map(|(day, n)| {
            let (y, m, d) = ymd(day);
            json!({ "key_as_string": format!("{y:04}-{m:02}-{d:02}"), "key": day, "doc_count": n })
        })
        .collect()
}

async fn get_log(
    State(state): State<AppState>,
    user: AuthUser,
    Path((index, id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| {
            db.data
                .get(&user.id)?
                .logs
                .iter()
                .rev()
                .find(|e| e.id == id && e.index == index)
                .map(LogEntry::to_json)
        })
        .map(Json)
        .ok_or_else(|| Boom::not_found("Log not found."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(flow: &str, severity: &str, ts: &str, message: &str) -> Value {
        json!({
            "flowId": flow, "severity": severity, "@timestamp": ts,
            "componentType": "appmixer.utils.timers.Timer", "message": message, "msg": {"n": 1},
            "portType": "out",
        })
    }

    fn q(query: &str, entry: &Value) -> bool {
        eval(
            &parse_query(query).unwrap_or_else(|e| panic!("{query}: {e}")),
            entry,
        )
    }

    #[test]
    fn lucene_subset() {
        let a = e("abc", "info", "2018-01-15T10:00:00.000Z", "Timer fired");
        let b = e("xyz", "error", "2018-02-01T00:00:00.000Z", "Boom happened");
        assert!(q("flowId:abc", &a) && !q("flowId:abc", &b));
        assert!(q("+flowId:abc", &a));
        assert!(!q("-flowId:abc", &a) && q("-flowId:abc", &b));
        assert!(q("NOT flowId:abc", &b));
        assert!(q("flowId:abc OR flowId:xyz", &b));
        assert!(!q("flowId:abc AND severity:error", &a));
        assert!(q("(flowId:abc OR flowId:xyz) AND severity:error", &b));
        assert!(q("flowId:(abc OR xyz)", &b));
        assert!(q("severity:ERROR", &b), "case-insensitive values");
        assert!(q(r#"message:"Timer fired""#, &a));
        assert!(q("componentType:appmixer.utils.*", &a));
        assert!(q("flowId:*", &a) && !q("nope:*", &a));
        assert!(
            q("boom", &b) && !q("boom", &a),
            "bare words search the message"
        );
        let jan = "@timestamp:[2018-01-01 TO 2018-01-31]";
        assert!(q(jan, &a) && !q(jan, &b));
        assert!(
            q("@timestamp:[2018-01-01 TO 2018-02-01]", &b),
            "a bare upper date covers its day"
        );
        assert!(!q("@timestamp:[2018-01-01 TO 2018-02-01}", &b));
        assert!(q("@timestamp:[2018-01-15T10:00:00Z TO *]", &a));
        assert!(!q("@timestamp:{2018-01-15T10:00:00.000Z TO *]", &a));
        assert!(q("@timestamp:2018-01-15", &a));
        assert!(q(&format!("{jan} AND +flowId:abc"), &a));
        assert!(!q(&format!("{jan} AND +flowId:abc"), &b));
        assert!(
            q("+flowId:abc severity:nope", &a),
            "shoulds are optional beside musts"
        );
        assert!(q("", &a));
    }

    #[test]
    fn malformed_queries_are_errors() {
        for bad in [
            "(flowId:abc",
            "flowId:abc)",
            "flowId:",
            "flowId: abc",
            ":abc",
            "\"open",
            "@timestamp:[2018-01-01 TO]",
            "@timestamp:[2018-01-01 2018-02-01]",
            "@timestamp:[2018-01-01 TO 2018-02-01",
            "@timestamp:[yesterday TO today]",
            "AND flowId:abc",
            "flowId:abc AND",
            "flowId:abc AND OR flowId:x",
            "()",
            "+",
        ] {
            assert!(parse_query(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn buckets_fill_gaps() {
        let day = 17_532 * DAY_MS; // 2018-01-01
        let b = buckets([day + 5, day + 2 * DAY_MS, day + 2 * DAY_MS + 1].into_iter());
        assert_eq!(b.len(), 3);
        assert_eq!(b[0]["key_as_string"], "2018-01-01");
        assert_eq!(b[0]["key"], day);
        assert_eq!(b[1]["doc_count"], 0);
        assert_eq!(b[2]["doc_count"], 2);
    }
}
