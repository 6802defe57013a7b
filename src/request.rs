//! Pure request building: what a method call turns into before any I/O.
//!
//! Everything here is plain Rust so it is unit-tested natively. `V` is the
//! opaque value type for arguments passed through untouched (a `JsValue` in
//! the wasm build, anything cloneable in native tests).

use crate::prelude::*;

use crate::error::SdkError;

/// Numbered in the order of `METHODS` in `js/transport.js`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get = 0,
    Post = 1,
    Put = 2,
    Delete = 3,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Accepts any case, as axios does for `_request({method})`.
    pub fn parse(s: &str) -> Option<Method> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

/// One part of a query string: a pair built from arguments, or a caller's
/// query object whose own keys are appended in order.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryPart<V> {
    Pair(&'static str, String),
    Object(V),
}

/// A value inside a JSON body the SDK assembles from arguments.
#[derive(Clone, Debug, PartialEq)]
pub enum Field<V> {
    Str(String),
    Value(V),
    /// `{}` (a default for an omitted object argument).
    EmptyObject,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body<V> {
    Empty,
    /// A caller's value sent as JSON as it is.
    Json(V),
    /// An object of named fields, then the own keys of `spread` copied over
    /// them (`{name, flow, ...properties}`).
    Fields(Vec<(&'static str, Field<V>)>, Option<V>),
    /// Sent as `text/plain`.
    Text(String),
    /// A caller's value as `text/plain`: strings as they are, objects as
    /// JSON, anything else as `String(value)`.
    TextOf(V),
}

/// What the promise resolves to, taken from the parsed body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolve {
    Body,
    /// `body[field]`, which must be present.
    Field(&'static str),
    /// `body[field]`, or `{}` when absent.
    FieldOrEmpty(&'static str),
    /// The body, with `id` added from `flowId` when it has none.
    FlowWithId,
    /// A flow-authentication status: the body without `status` once it is
    /// `"done"`, an error for `"error"`, else not ready yet.
    FlowAuthStatus,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan<V> {
    pub method: Method,
    /// Starts with `/`; every argument-built segment is already encoded.
    pub path: String,
    pub query: Vec<QueryPart<V>>,
    pub body: Body<V>,
    pub resolve: Resolve,
    /// `false` for sign-in and sign-up, which never send the token.
    pub auth: bool,
    /// Extra headers (only `_request` sets them).
    pub headers: Vec<(String, String)>,
    /// A follow-up the core runs with this request's result.
    pub then: Option<Then>,
    /// The path goes under the configured people-tasks prefix.
    pub tasks_prefix: bool,
}

/// Multi-request methods: what to do with the first answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// The result is a ticket: poll its status until done (getFlowAuthentication).
    PollFlowAuthentication,
}

impl<V> Plan<V> {
    #[inline(never)]
    pub fn new(method: Method, path: String) -> Self {
        Plan {
            method,
            path,
            query: Vec::new(),
            body: Body::Empty,
            resolve: Resolve::Body,
            auth: true,
            headers: Vec::new(),
            then: None,
            tasks_prefix: false,
        }
    }
    pub fn query(mut self, part: QueryPart<V>) -> Self {
        self.query.push(part);
        self
    }
    /// The caller's query object, when given.
    pub fn query_object(mut self, object: Option<V>) -> Self {
        self.query.extend(object.map(QueryPart::Object));
        self
    }
    pub fn body(mut self, body: Body<V>) -> Self {
        self.body = body;
        self
    }
    pub fn resolve(mut self, resolve: Resolve) -> Self {
        self.resolve = resolve;
        self
    }
    pub fn then(mut self, then: Then) -> Self {
        self.then = Some(then);
        self
    }
    pub fn under_tasks_prefix(mut self) -> Self {
        self.tasks_prefix = true;
        self
    }
    pub fn without_auth(mut self) -> Self {
        self.auth = false;
        self
    }
}

/// Builds a path from literal parts and argument segments:
/// `path(&[Lit("flows"), Seg(id)])`.
pub enum Part<'a> {
    Lit(&'a str),
    Seg(&'a str),
}

/// The longest URL the SDK sends: servers refuse longer ones (the `http`
/// crate caps a URI at 64 KiB, proxies often at 8 KiB).
pub const MAX_URL: usize = 65_000;
/// The longest encoded path segment or query value the SDK sends.
pub const MAX_SEGMENT: usize = 60_000;

/// A query value from an argument, refused when it could not fit in a URL.
pub fn query_arg(
    method: &'static str,
    arg: &'static str,
    value: String,
) -> Result<String, SdkError> {
    let mut encoded = String::new();
    encode_query(&value, &mut encoded);
    if encoded.len() > MAX_SEGMENT {
        return Err(SdkError::invalid_arg(method, arg, TOO_LONG));
    }
    Ok(value)
}

const TOO_LONG: &str = "is too long for a URL (over 60000 bytes encoded)";

pub fn path(
    method: &'static str,
    arg: &'static str,
    parts: &[Part<'_>],
) -> Result<String, SdkError> {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Lit(s) => {
                let s = trim_slashes(s);
                if s.is_empty() {
                    continue;
                }
                out.push('/');
                out.push_str(s);
            }
            Part::Seg(s) => encode_segment(&mut out, method, arg, s)?,
        }
    }
    Ok(out)
}

/// Appends `/` and argument `arg`'s value `s` as one encoded path segment.
pub fn encode_segment(
    out: &mut String,
    method: &'static str,
    arg: &'static str,
    s: &str,
) -> Result<(), SdkError> {
    // `.` and `..` cannot travel as one segment: URL parsers resolve them
    // (even as %2E%2E), so the request would escape.
    if s.is_empty() || s == "." || s == ".." {
        return Err(SdkError::invalid_arg(
            method,
            arg,
            "must not be empty, \".\" or \"..\"",
        ));
    }
    out.push('/');
    let start = out.len();
    encode_component(s, out);
    // Servers and browsers refuse URLs of megabytes; say so up front.
    if out.len() - start > MAX_SEGMENT {
        return Err(SdkError::invalid_arg(method, arg, TOO_LONG));
    }
    Ok(())
}

/// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
pub fn encode_component(s: &str, out: &mut String) {
    encode(s, out, |b| {
        matches!(
            b,
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
        )
    });
}

/// Query values: RFC 3986 unreserved characters stay, the rest is encoded.
pub fn encode_query(s: &str, out: &mut String) {
    encode(s, out, |b| matches!(b, b'-' | b'_' | b'.' | b'~'));
}

fn encode(s: &str, out: &mut String, keep: impl Fn(u8) -> bool) {
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || keep(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b & 15));
        }
    }
}

fn hex_digit(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
}

/// Appends `k=v` pairs to `url`, starting with `?` (or `&` when it already
/// has a query).
pub fn append_query<'a>(url: &mut String, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
    let mut separator = if url.bytes().any(|b| b == b'?') {
        '&'
    } else {
        '?'
    };
    for (k, v) in pairs {
        url.push(separator);
        separator = '&';
        encode_query(k, url);
        url.push('=');
        encode_query(v, url);
    }
}

/// `s` without trailing `/` (prefix/suffix loops: the `str` pattern and
/// UTF-8 searching code that `trim_matches` pulls in costs the wasm bytes).
pub fn trim_end_slashes(mut s: &str) -> &str {
    while let Some(rest) = s.strip_suffix("/") {
        s = rest;
    }
    s
}

/// `s` without leading or trailing `/`.
pub fn trim_slashes(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("/") {
        s = rest;
    }
    trim_end_slashes(s)
}

/// `http://` or `https://` (only `_request` builds such plans).
pub fn is_absolute(path: &str) -> bool {
    path.starts_with("http://") || path.starts_with("https://")
}

/// Whether the absolute `url` is `base` or below it, so it may carry the
/// token. The prefix must end at a boundary: else `https://api.acme.com`
/// would match `https://api.acme.com.evil.io/`, `…:22000` or `…@evil.io`.
pub fn is_under(url: &str, base: &str) -> bool {
    let base = trim_end_slashes(base);
    url.starts_with(base)
        && matches!(
            url.as_bytes().get(base.len()),
            None | Some(b'/' | b'?' | b'#')
        )
}

/// `baseUrl` + path without a doubled `/`; an absolute URL is used as it is.
pub fn join_url(base: &str, path: &str) -> String {
    if is_absolute(path) {
        return path.to_owned();
    }
    let mut url = String::with_capacity(base.len() + path.len());
    url.push_str(trim_end_slashes(base));
    url.push_str(path);
    url
}

/// `prefix` + `path`, the prefix given with or without slashes.
pub fn tasks_path(prefix: &str, path: &str) -> String {
    let prefix = trim_slashes(prefix);
    let mut out = String::with_capacity(prefix.len() + path.len() + 1);
    if !prefix.is_empty() {
        out.push('/');
        out.push_str(prefix);
    }
    out.push_str(path);
    out
}

/// Decimal digits of `n`, without the formatting machinery.
pub fn push_decimal(out: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests;
