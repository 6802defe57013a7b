//! The request recorder behind `GET /_emulator/requests` (test hooks only).

use axum::http::HeaderMap;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::VecDeque;

/// How many requests are kept (the oldest are dropped first).
pub const MAX_RECORDS: usize = 10_000;
/// Total size of the recorded bodies kept; past it the oldest records are
/// dropped too (the newest record is always kept).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// One recorded request.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRecord {
    pub seq: u64,
    pub method: String,
    /// The raw path as received (still percent-encoded).
    pub path: String,
    /// The raw query string, or null.
    pub query: Option<String>,
    /// Lower-case header name → value; the authorization value is redacted.
    pub headers: Map<String, Value>,
    /// The body as (lossy) UTF-8, or null when empty.
    pub body: Option<String>,
    /// The user ID of the request's token when that token is valid.
    #[serde(rename = "userId")]
    pub user_id: Option<String>,
    /// Present (`true`) when the connection closed before the answer was
    /// ready: the client went away, or a `drop` fault closed it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub aborted: bool,
}

#[derive(Debug)]
pub struct Recorder {
    next_seq: u64,
    cap: usize,
    body_bytes: usize,
    records: VecDeque<RequestRecord>,
}

fn body_len(r: &RequestRecord) -> usize {
    r.body.as_ref().map_or(0, String::len)
}

impl Recorder {
    pub fn new(cap: usize) -> Self {
        Recorder {
            next_seq: 1,
            cap: cap.max(1),
            body_bytes: 0,
            records: VecDeque::new(),
        }
    }

    /// Stores a record, assigning (and returning) its `seq`.
    pub fn push(&mut self, mut record: RequestRecord) -> u64 {
        let seq = self.next_seq;
        record.seq = seq;
        self.next_seq += 1;
        self.body_bytes += body_len(&record);
        self.records.push_back(record);
        while self.records.len() > self.cap
            || (self.body_bytes > MAX_BODY_BYTES && self.records.len() > 1)
        {
            if let Some(old) = self.records.pop_front() {
                self.body_bytes -= body_len(&old);
            }
        }
        seq
    }

    /// Flags the record `seq` (if still kept) as aborted.
    pub fn mark_aborted(&mut self, seq: u64) {
        if let Some(r) = self.records.iter_mut().rev().find(|r| r.seq == seq) {
            r.aborted = true;
        }
    }

    /// Records with `seq > since` (and of `user_id` when given), oldest first.
    pub fn list(&self, since: u64, user_id: Option<&str>) -> Vec<RequestRecord> {
        self.records
            .iter()
            .filter(|r| r.seq > since)
            .filter(|r| user_id.is_none_or(|u| r.user_id.as_deref() == Some(u)))
            .cloned()
            .collect()
    }

    /// Forgets every record (`seq` keeps increasing).
    pub fn clear(&mut self) {
        self.records.clear();
        self.body_bytes = 0;
    }
}

/// Headers as a JSON object, with the authorization value redacted.
pub fn redacted_headers(headers: &HeaderMap) -> Map<String, Value> {
    let mut out = Map::new();
    for name in headers.keys() {
        let key = name.as_str().to_ascii_lowercase();
        let value = if key == "authorization" {
            let is_bearer = headers
                .get(name)
                .map(|v| {
                    String::from_utf8_lossy(v.as_bytes())
                        .trim_start()
                        .to_ascii_lowercase()
                })
                .is_some_and(|v| v.starts_with("bearer"));
            if is_bearer {
                "Bearer [REDACTED]"
            } else {
                "[REDACTED]"
            }
            .to_string()
        } else {
            headers
                .get_all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.insert(key, Value::String(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(body: Option<String>) -> RequestRecord {
        RequestRecord {
            seq: 0,
            method: "POST".into(),
            path: "/".into(),
            query: None,
            headers: Map::new(),
            body,
            user_id: None,
            aborted: false,
        }
    }

    #[test]
    fn recorded_bodies_are_bounded_in_total() {
        let mut r = Recorder::new(MAX_RECORDS);
        let mib = "x".repeat(1024 * 1024);
        for _ in 0..70 {
            r.push(rec(Some(mib.clone())));
        }
        let kept = r.list(0, None);
        assert_eq!(kept.len(), MAX_BODY_BYTES / mib.len());
        assert_eq!(kept.last().map(|r| r.seq), Some(70));
        r.clear();
        r.push(rec(None));
        assert_eq!(r.list(0, None)[0].seq, 71);
    }

    #[test]
    fn authorization_is_redacted() {
        let mut h = HeaderMap::new();
        h.insert("Authorization", "bearer abc.def.ghi".parse().unwrap());
        h.insert("X-A", "1".parse().unwrap());
        let m = redacted_headers(&h);
        assert_eq!(m["authorization"], "Bearer [REDACTED]");
        assert_eq!(m["x-a"], "1");
        h.insert("Authorization", "Basic Zm9vOmJhcg==".parse().unwrap());
        assert_eq!(redacted_headers(&h)["authorization"], "[REDACTED]");
    }
}
