//! Fault injection (test hooks only): `POST /_emulator/faults` arms a rule;
//! the next `times` matching non-`OPTIONS` requests get the fault instead of
//! (or, for `delay`, before) their normal answer.

use crate::boom::{ApiResult, Boom};
use crate::util::{object_id, tick};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// Longest `delay` accepted, in milliseconds.
pub const MAX_DELAY_MS: u64 = 600_000;
/// Rules kept at once.
pub const MAX_RULES: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// An error status with a Boom (or the given JSON) body.
    Status,
    /// An HTML error page (a proxy's 502).
    Html,
    /// `200`, `application/json`, body `{"broken":`.
    MalformedJson,
    /// `200` with an empty body.
    Empty,
    /// `200`, `text/html`, a body that is not JSON.
    WrongContentType,
    /// Wait, then answer normally.
    Delay(u64),
    /// Never answer.
    Hang,
    /// Close the connection without an answer.
    Drop,
}

#[derive(Debug, Clone)]
pub struct Fault {
    pub kind: FaultKind,
    pub status: StatusCode,
    pub body: Option<Value>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

/// What the pipeline does with a matched fault.
pub enum Action {
    Respond(Response),
    Delay(Duration),
    Hang,
    Drop,
}

const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const HTML_PAGE: &str =
    "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n";

impl Fault {
    pub fn action(&self) -> Action {
        let (content_type, body): (Option<&str>, Bytes) = match &self.kind {
            FaultKind::Delay(ms) => return Action::Delay(Duration::from_millis(*ms)),
            FaultKind::Hang => return Action::Hang,
            FaultKind::Drop => return Action::Drop,
            FaultKind::Status => {
                let body = self
                    .body
                    .clone()
                    .unwrap_or_else(|| Boom::new(self.status, "Injected fault").body());
                (Some("application/json"), Bytes::from(body.to_string()))
            }
            FaultKind::Html => {
                let text = if self.status == StatusCode::BAD_GATEWAY {
                    HTML_502.to_string()
                } else {
                    let reason = crate::boom::error_name(self.status);
                    let code = self.status.as_u16();
                    format!("<html><head><title>{code} {reason}</title></head><body><h1>{code} {reason}</h1></body></html>\n")
                };
                (Some("text/html; charset=utf-8"), Bytes::from(text))
            }
            FaultKind::MalformedJson => (
                Some("application/json"),
                Bytes::from_static(b"{\"broken\":"),
            ),
            FaultKind::Empty => (None, Bytes::new()),
            FaultKind::WrongContentType => (
                Some("text/html; charset=utf-8"),
                Bytes::from_static(HTML_PAGE.as_bytes()),
            ),
        };
        let mut resp = (self.status, body).into_response();
        let h = resp.headers_mut();
        h.remove(header::CONTENT_TYPE);
        if let Some(ct) = content_type {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        let throttled = matches!(self.status.as_u16(), 429 | 503);
        if throttled && !self.headers.iter().any(|(n, _)| n == header::RETRY_AFTER) {
            h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        for (name, value) in &self.headers {
            h.insert(name.clone(), value.clone());
        }
        Action::Respond(resp)
    }
}

/// The response used for `drop` when no connection can be closed (the
/// router driven in-process): its body fails at once, so the client sees a
/// broken response rather than an answer.
pub fn broken_response() -> Response {
    Response::new(Body::new(FailingBody))
}

struct FailingBody;

impl http_body::Body for FailingBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "connection dropped by an injected fault",
        ))))
    }
}

#[derive(Debug, Clone)]
pub struct FaultRule {
    pub fault_id: String,
    pub method: Option<Method>,
    /// The raw path, without the trailing `*` of a prefix rule.
    pub path: String,
    pub prefix: bool,
    pub remaining: u64,
    pub fault: Fault,
    /// The `fault` object as given (for listing).
    pub spec: Value,
    pub created: i64,
}

impl FaultRule {
    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method)
            && if self.prefix {
                path.starts_with(&self.path)
            } else {
                path == self.path
            }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "faultId": self.fault_id,
            "method": self.method.as_ref().map(Method::as_str),
            "path": if self.prefix { format!("{}*", self.path) } else { self.path.clone() },
            "times": self.remaining,
            "fault": self.spec,
        })
    }
}

/// The armed rules, oldest first.
#[derive(Debug, Default)]
pub struct FaultTable {
    rules: Vec<FaultRule>,
}

impl FaultTable {
    pub fn add(&mut self, rule: FaultRule) -> ApiResult<String> {
        if self.rules.len() >= MAX_RULES {
            return Err(Boom::bad_request(format!(
                "Too many fault rules (at most {MAX_RULES}); DELETE /_emulator/faults first"
            )));
        }
        let id = rule.fault_id.clone();
        self.rules.push(rule);
        Ok(id)
    }

    pub fn clear(&mut self) -> usize {
        std::mem::take(&mut self.rules).len()
    }

    pub fn list(&self) -> Vec<Value> {
        self.rules.iter().map(FaultRule::to_json).collect()
    }

    /// Consumes one use of the oldest rule matching the request.
    pub fn take(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let i = self.rules.iter().position(|r| r.matches(method, path))?;
        let rule = &mut self.rules[i];
        rule.remaining = rule.remaining.saturating_sub(1);
        let fault = rule.fault.clone();
        if rule.remaining == 0 {
            self.rules.remove(i);
        }
        Some(fault)
    }
}

fn bad(msg: impl Into<String>) -> Boom {
    Boom::bad_request(msg)
}

fn status_of(
    v: Option<&Value>,
    default: Option<u16>,
    range: std::ops::RangeInclusive<u16>,
) -> ApiResult<StatusCode> {
    let code = match v {
        None | Some(Value::Null) => default.ok_or_else(|| bad("\"fault.status\" is required"))?,
        Some(v) => v
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                bad(format!(
                    "\"fault.status\" must be an integer from {} to {}",
                    range.start(),
                    range.end()
                ))
            })?,
    };
    StatusCode::from_u16(code).map_err(|_| bad("\"fault.status\" is not a valid status"))
}

fn parse_headers(v: Option<&Value>) -> ApiResult<Vec<(HeaderName, HeaderValue)>> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let Value::Object(m) = v else {
        return Err(bad("\"fault.headers\" must be an object of name → value"));
    };
    m.iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(bad(format!("header \"{k}\" must be a string"))),
            };
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| bad(format!("invalid header name \"{k}\"")))?;
            let value = HeaderValue::from_str(&text)
                .map_err(|_| bad(format!("invalid value for header \"{k}\"")))?;
            Ok((name, value))
        })
        .collect()
}

/// Parses the body of `POST /_emulator/faults`.
pub fn parse_rule(body: &Map<String, Value>) -> ApiResult<FaultRule> {
    let method = match body.get("method") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s == "*" || s.is_empty() => None,
        Some(Value::String(s)) => Some(
            Method::from_bytes(s.to_ascii_uppercase().as_bytes())
                .map_err(|_| bad("\"method\" is not a valid HTTP method"))?,
        ),
        Some(_) => return Err(bad("\"method\" must be a string")),
    };
    if method == Some(Method::OPTIONS) {
        return Err(bad("faults never apply to OPTIONS (preflight) requests"));
    }
    let raw_path = match body.get("path") {
        Some(Value::String(s)) if s.starts_with('/') => s.as_str(),
        Some(Value::String(_)) => return Err(bad("\"path\" must start with /")),
        None => return Err(bad("\"path\" is required")),
        Some(_) => return Err(bad("\"path\" must be a string")),
    };
    let (path, prefix) = match raw_path.strip_suffix('*') {
        Some(p) => (p.to_string(), true),
        None => (raw_path.to_string(), false),
    };
    let times = match body.get("times") {
        None | Some(Value::Null) => 1,
        Some(v) => v
            .as_u64()
            .filter(|n| *n >= 1)
            .ok_or_else(|| bad("\"times\" must be a positive integer"))?,
    };
    let spec = match body.get("fault") {
        Some(v @ Value::Object(_)) => v.clone(),
        None => return Err(bad("\"fault\" is required")),
        Some(_) => return Err(bad("\"fault\" must be an object")),
    };
    let f = spec.as_object().cloned().unwrap_or_default();
    let kind = match f.get("kind") {
        None | Some(Value::Null) => FaultKind::Status,
        Some(Value::String(k)) => match k.as_str() {
            "status" => FaultKind::Status,
            "html" => FaultKind::Html,
            "malformed-json" => FaultKind::MalformedJson,
            "empty" => FaultKind::Empty,
            "wrong-content-type" => FaultKind::WrongContentType,
            "delay" => {
                let ms = f
                    .get("ms")
                    .and_then(Value::as_u64)
                    .filter(|ms| *ms <= MAX_DELAY_MS)
                    .ok_or_else(|| {
                        bad(format!("\"fault.ms\" must be an integer from 0 to {MAX_DELAY_MS}"))
                    })?;
                FaultKind::Delay(ms)
            }
            "hang" => FaultKind::Hang,
            "drop" => FaultKind::Drop,
            other => {
                return Err(bad(format!(
                    "unknown fault kind \"{other}\" (status, html, malformed-json, empty, wrong-content-type, delay, hang, drop)"
                )))
            }
        },
        Some(_) => return Err(bad("\"fault.kind\" must be a string")),
    };
    let status = match kind {
        FaultKind::Status => status_of(f.get("status"), None, 400..=599)?,
        FaultKind::Html => status_of(f.get("status"), Some(502), 200..=599)?,
        FaultKind::MalformedJson | FaultKind::Empty | FaultKind::WrongContentType => {
            status_of(f.get("status"), Some(200), 200..=599)?
        }
        _ => StatusCode::OK,
    };
    let body = match f.get("body") {
        None => None,
        Some(_) if kind != FaultKind::Status => {
            return Err(bad("\"fault.body\" only applies to status faults"))
        }
        Some(v) => Some(v.clone()),
    };
    Ok(FaultRule {
        fault_id: object_id(),
        method,
        path,
        prefix,
        remaining: times,
        fault: Fault {
            kind,
            status,
            body,
            headers: parse_headers(f.get("headers"))?,
        },
        spec,
        created: tick(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(v: Value) -> ApiResult<FaultRule> {
        parse_rule(v.as_object().unwrap())
    }

    #[test]
    fn rules_match_exact_or_prefix_and_are_consumed() {
        let mut t = FaultTable::default();
        t.add(rule(json!({"path": "/user", "times": 2, "fault": {"status": 500}})).unwrap())
            .unwrap();
        t.add(
            rule(json!({"method": "post", "path": "/flows*", "fault": {"kind": "empty"}})).unwrap(),
        )
        .unwrap();
        assert!(t.take(&Method::GET, "/user/auth").is_none());
        assert!(t.take(&Method::GET, "/flows/x").is_none(), "method differs");
        assert_eq!(
            t.take(&Method::POST, "/flows/x").unwrap().kind,
            FaultKind::Empty
        );
        assert!(t.take(&Method::POST, "/flows/x").is_none(), "consumed");
        assert_eq!(t.take(&Method::GET, "/user").unwrap().status, 500);
        assert_eq!(t.list().len(), 1);
        assert_eq!(t.list()[0]["times"], 1);
        assert!(t.take(&Method::DELETE, "/user").is_some());
        assert!(t.take(&Method::GET, "/user").is_none());
    }

    #[test]
    fn invalid_rules_are_refused() {
        for bad in [
            json!({"fault": {"status": 500}}),
            json!({"path": "user", "fault": {"status": 500}}),
            json!({"path": "/u", "fault": {"status": 200}}),
            json!({"path": "/u", "fault": {}}),
            json!({"path": "/u", "fault": {"kind": "nope"}}),
            json!({"path": "/u", "fault": {"kind": "delay"}}),
            json!({"path": "/u", "times": 0, "fault": {"status": 500}}),
            json!({"path": "/u", "method": "OPTIONS", "fault": {"status": 500}}),
            json!({"path": "/u", "fault": {"status": 500, "headers": {"bad name": "x"}}}),
        ] {
            assert!(rule(bad.clone()).is_err(), "{bad}");
        }
    }
}
