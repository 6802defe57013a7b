//! JS values in and out: argument classification, query objects, bodies and
//! the `AppmixerError` object.

use crate::prelude::*;

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::args::Arg;
use crate::error::SdkError;
use crate::request::{Body, Field, QueryPart};
use crate::transport::Incoming;

#[wasm_bindgen(module = "/js/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = AppmixerError)]
    type JsAppmixerError;
    #[wasm_bindgen(constructor, js_class = "AppmixerError")]
    fn new(message: &str, code: &str) -> JsAppmixerError;
    /// The error of a request that was sent: `config` (the token redacted)
    /// and `response` are built in JS from flat `[name, value, ...]` lists
    /// and the `Response`.
    #[wasm_bindgen(js_name = requestError)]
    fn request_error_js(
        message: &str,
        code: &JsValue,
        method: &str,
        url: &str,
        params: &Array,
        data: &JsValue,
        content_type: Option<&str>,
        token: Option<&JsString>,
        headers: &Array,
        response: Option<&web_sys::Response>,
        body: &JsValue,
    ) -> JsValue;
}

#[wasm_bindgen(module = "/js/query.js")]
extern "C" {
    /// A query object as `[key, value, ...]` strings, written as axios does.
    #[wasm_bindgen(js_name = queryPairs, catch)]
    fn query_pairs_js(object: &JsValue) -> Result<Array, JsValue>;
    /// A headers object's string values as `[name, value, ...]`.
    #[wasm_bindgen(js_name = headerPairs, catch)]
    pub fn header_pairs(object: &JsValue) -> Result<Array, JsValue>;
}

// Every import that can run the caller's code (getters, toString, toJSON,
// proxies) is `catch`: an exception must become a rejected promise, never
// unwind through the wasm (that would leave the core in a broken state).
#[wasm_bindgen]
extern "C" {
    /// The global `String(v)`: numbers and booleans written as JS writes them.
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(v: &JsValue) -> Result<JsString, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(v: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = assign, catch)]
    fn object_assign(target: &Object, source: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
}

/// `obj[key]` of a caller's object; `Err` when a getter throws.
pub fn read_prop(obj: &JsValue, key: &str) -> Result<JsValue, ()> {
    Reflect::get(obj, &JsValue::from_str(key)).map_err(|_| ())
}

/// `[a, b, c, d, ...]` strings as `(a, b), (c, d), ...`.
pub fn string_pairs(flat: &Array) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(flat.length() as usize / 2);
    let mut items = flat.iter().map(|v| v.as_string().unwrap_or_default());
    while let (Some(k), Some(v)) = (items.next(), items.next()) {
        out.push((k, v));
    }
    out
}

pub fn classify(v: &JsValue) -> Arg<JsValue> {
    if v.is_undefined() {
        Arg::Undefined
    } else if v.is_null() {
        Arg::Null
    } else if let Some(s) = v.as_string() {
        Arg::Str(s)
    } else if let Some(n) = v.as_f64() {
        Arg::Num(n)
    } else if let Some(b) = v.as_bool() {
        Arg::Bool(b)
    } else if v.is_function() {
        Arg::Function
    } else if is_array(v) == Ok(true) {
        Arg::Array(v.clone())
    } else if v.is_object() {
        Arg::Object(v.clone())
    } else {
        Arg::Other
    }
}

/// JSON text of a value; `None` when it has none (`undefined`, a function)
/// or cannot be serialised (a cycle, a BigInt).
pub fn to_json(v: &JsValue) -> Option<JsString> {
    json_stringify(v)
        .ok()
        .and_then(|s| s.dyn_into::<JsString>().ok())
}

/// `String(v)` (empty when converting throws).
pub fn to_display(v: &JsValue) -> String {
    js_string(v).map(String::from).unwrap_or_default()
}

/// The query pairs of a plan, in order; arrays become repeated keys. `Err`
/// when a query object cannot be read (a getter, toJSON or toString threw).
pub fn query_pairs(parts: &[QueryPart<JsValue>]) -> Result<Vec<(String, String)>, ()> {
    let mut out = Vec::new();
    for part in parts {
        match part {
            QueryPart::Pair(k, v) => out.push(((*k).to_owned(), v.clone())),
            QueryPart::Object(obj) => {
                out.extend(string_pairs(&query_pairs_js(obj).map_err(|_| ())?));
            }
        }
    }
    Ok(out)
}

pub struct EncodedBody {
    /// What goes on the wire.
    pub text: JsValue,
    pub content_type: &'static str,
    /// What the caller gave, for `error.config.data`.
    pub data: JsValue,
}

/// Serialises a plan's body. `Err` names the argument that cannot be JSON.
pub fn encode_body(body: &Body<JsValue>) -> Result<Option<EncodedBody>, &'static str> {
    let (data, content_type) = match body {
        Body::Empty => return Ok(None),
        Body::Text(t) => {
            let text = JsValue::from_str(t);
            return Ok(Some(EncodedBody {
                text: text.clone(),
                content_type: "text/plain",
                data: text,
            }));
        }
        Body::TextOf(v) => {
            let text: JsValue = if v.is_object() {
                to_json(v).ok_or("cannot be serialised as JSON")?.into()
            } else {
                js_string(v)
                    .map_err(|_| "cannot be written as text")?
                    .into()
            };
            return Ok(Some(EncodedBody {
                text,
                content_type: "text/plain",
                data: v.clone(),
            }));
        }
        Body::Json(v) => (v.clone(), "application/json"),
        Body::Fields(fields, spread) => {
            let obj = Object::new();
            for (name, field) in fields {
                let value = match field {
                    Field::Str(s) => JsValue::from_str(s),
                    Field::Value(v) => v.clone(),
                    Field::EmptyObject => Object::new().into(),
                };
                set_prop(&obj, name, &value);
            }
            if let Some(extra) = spread {
                object_assign(&obj, extra).map_err(|_| "cannot be read (a getter threw)")?;
            }
            (obj.into(), "application/json")
        }
    };
    let text = to_json(&data).ok_or("cannot be serialised as JSON")?;
    Ok(Some(EncodedBody {
        text: text.into(),
        content_type,
        data,
    }))
}

/// `obj[key] = value` on an object the core made (cannot throw).
pub fn set_prop(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// The `AppmixerError` for a call that failed before sending anything.
pub fn thrown(err: &SdkError) -> JsValue {
    JsAppmixerError::new(err.message(), err.code()).into()
}

/// `[name, value, name, value, ...]` for the JS side.
pub fn flat_pairs(pairs: &[(String, String)]) -> Array {
    let list = Array::new();
    for (name, value) in pairs {
        list.push(&JsValue::from_str(name));
        list.push(&JsValue::from_str(value));
    }
    list
}

/// What `error.config` shows of a sent request; `token` and `headers`
/// (`_request`'s own) are redacted in JS.
pub struct SentConfig<'a> {
    pub method: &'static str,
    pub url: &'a str,
    pub params: &'a [(String, String)],
    pub data: &'a JsValue,
    pub content_type: Option<&'static str>,
    pub token: Option<&'a JsString>,
    pub headers: &'a [(String, String)],
}

/// The `AppmixerError` for a sent request: `error.config` shows the request,
/// `error.response` the answer.
pub fn request_error(err: &SdkError, sent: &SentConfig, response: Option<&Incoming>) -> JsValue {
    let code = match err.status() {
        Some(status) => JsValue::from_f64(f64::from(status)),
        None => JsValue::from_str(err.code()),
    };
    request_error_js(
        err.message(),
        &code,
        sent.method,
        sent.url,
        &flat_pairs(sent.params),
        sent.data,
        sent.content_type,
        sent.token,
        &flat_pairs(sent.headers),
        response.map(|r| &r.response),
        &response.map_or(JsValue::UNDEFINED, |r| r.data.clone()),
    )
}
