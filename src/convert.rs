//! JS values in and out: argument classification, query objects, bodies and
//! the `AppmixerError` object.

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
    fn new(message: &str, code: &JsValue, config: &JsValue, response: &JsValue) -> JsAppmixerError;
}

#[wasm_bindgen]
extern "C" {
    /// The global `String(v)`: numbers and booleans written as JS writes them.
    #[wasm_bindgen(js_name = String)]
    fn js_string(v: &JsValue) -> JsString;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(v: &JsValue) -> Result<JsValue, JsValue>;
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
    } else if Array::is_array(v) {
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
    json_stringify(v).ok().and_then(|s| s.dyn_into::<JsString>().ok())
}

/// `String(v)`.
pub fn to_display(v: &JsValue) -> String {
    js_string(v).into()
}

/// A query value as axios writes it; `None` leaves the key out.
fn query_value(v: &JsValue) -> Option<String> {
    if v.is_undefined() || v.is_null() {
        return None;
    }
    if let Some(date) = v.dyn_ref::<js_sys::Date>() {
        return Some(date.to_iso_string().into());
    }
    if v.is_object() {
        return to_json(v).map(String::from);
    }
    Some(js_string(v).into())
}

/// The query pairs of a plan, in order; arrays become repeated keys.
pub fn query_pairs(parts: &[QueryPart<JsValue>]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in parts {
        match part {
            QueryPart::Pair(k, v) => out.push(((*k).to_owned(), v.clone())),
            QueryPart::Object(obj) => {
                for entry in Object::entries(obj.unchecked_ref()).iter() {
                    let entry: Array = entry.unchecked_into();
                    let key: String = js_string(&entry.get(0)).into();
                    let value = entry.get(1);
                    if Array::is_array(&value) {
                        let items: Array = value.unchecked_into();
                        out.extend(items.iter().filter_map(|v| query_value(&v)).map(|v| (key.clone(), v)));
                    } else if let Some(v) = query_value(&value) {
                        out.push((key, v));
                    }
                }
            }
        }
    }
    out
}

/// The query as a plain object, for `error.config.params`.
pub fn params_object(pairs: &[(String, String)]) -> JsValue {
    if pairs.is_empty() {
        return JsValue::UNDEFINED;
    }
    let obj = Object::new();
    for (k, v) in pairs {
        let key = JsValue::from_str(k);
        let existing = Reflect::get(&obj, &key).unwrap_or(JsValue::UNDEFINED);
        let value = if existing.is_undefined() {
            JsValue::from_str(v)
        } else if Array::is_array(&existing) {
            let arr: Array = existing.unchecked_into();
            arr.push(&JsValue::from_str(v));
            arr.into()
        } else {
            Array::of2(&existing, &JsValue::from_str(v)).into()
        };
        let _ = Reflect::set(&obj, &key, &value);
    }
    obj.into()
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
            return Ok(Some(EncodedBody { text: text.clone(), content_type: "text/plain", data: text }));
        }
        Body::TextOf(v) => {
            let text: JsValue = if v.is_object() {
                to_json(v).ok_or("cannot be serialised as JSON")?.into()
            } else {
                js_string(v).into()
            };
            return Ok(Some(EncodedBody { text, content_type: "text/plain", data: v.clone() }));
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
                let _ = Reflect::set(&obj, &JsValue::from_str(name), &value);
            }
            if let Some(extra) = spread {
                Object::assign(&obj, extra.unchecked_ref());
            }
            (obj.into(), "application/json")
        }
    };
    let text = to_json(&data).ok_or("cannot be serialised as JSON")?;
    Ok(Some(EncodedBody { text: text.into(), content_type, data }))
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// The request as `error.config` shows it, the token already redacted.
pub fn config_object(method: &str, url: &str, params: &JsValue, data: &JsValue, headers: &[(String, String)]) -> JsValue {
    let config = Object::new();
    set(&config, "method", &JsValue::from_str(&method.to_ascii_lowercase()));
    set(&config, "url", &JsValue::from_str(url));
    set(&config, "params", params);
    set(&config, "data", data);
    let h = Object::new();
    for (name, value) in headers {
        set(&h, name, &JsValue::from_str(value));
    }
    set(&config, "headers", &h);
    config.into()
}

/// Builds the `AppmixerError` for `err`.
pub fn js_error(err: &SdkError, config: &JsValue, response: Option<&Incoming>) -> JsValue {
    let code = match err.status() {
        Some(status) => JsValue::from_f64(f64::from(status)),
        None => JsValue::from_str(err.code()),
    };
    let response = match response {
        Some(r) => {
            let obj = Object::new();
            set(&obj, "status", &JsValue::from_f64(f64::from(r.status)));
            set(&obj, "statusText", &JsValue::from_str(&r.status_text));
            set(&obj, "headers", &r.headers);
            set(&obj, "data", &r.data);
            obj.into()
        }
        None => JsValue::UNDEFINED,
    };
    JsAppmixerError::new(err.message(), &code, config, &response).into()
}
