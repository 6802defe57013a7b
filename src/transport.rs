//! The fetch executor: sends a prepared request with the global `fetch`
//! (browsers and Node ≥ 18) and reads the answer. Bodies stay JS values: the
//! text is parsed by the engine's own `JSON.parse` and never copied into wasm
//! memory.

use js_sys::{JsString, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::error::SdkError;
use crate::request::Method;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
    /// The global `fetch`, not `window.fetch`, so it also runs in Node and workers.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;
}

pub struct Outgoing {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<JsValue>,
    /// Aborts the fetch and the body read.
    pub signal: Option<web_sys::AbortSignal>,
}

pub struct Incoming {
    pub status: u16,
    pub status_text: String,
    /// Plain object, lower-case names (what `Headers` iterates).
    pub headers: JsValue,
    /// Parsed JSON, else the text, `""` when empty.
    pub data: JsValue,
}

impl Incoming {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

pub async fn send(req: &Outgoing) -> Result<Incoming, SdkError> {
    let init = Object::new();
    set(&init, "method", &JsValue::from_str(req.method.as_str()));
    let headers = Object::new();
    for (name, value) in &req.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    set(&init, "headers", &headers);
    if let Some(body) = &req.body {
        set(&init, "body", body);
    }
    if let Some(signal) = &req.signal {
        set(&init, "signal", signal);
    }
    let promise = global_fetch(&req.url, &init).map_err(|_| SdkError::network())?;
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(|_| SdkError::network())?
        .unchecked_into();

    let headers = Object::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) {
        for entry in entries.flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            let _ = Reflect::set(&headers, &pair.get(0), &pair.get(1));
        }
    }
    // A body that breaks off midway is a network failure, as in axios.
    let text_promise = response.text().map_err(|_| SdkError::network())?;
    let text: JsString = JsFuture::from(text_promise)
        .await
        .map_err(|_| SdkError::network())?
        .unchecked_into();
    let data = if text.length() == 0 {
        text.into()
    } else {
        json_parse(&text).unwrap_or_else(|_| text.into())
    };
    Ok(Incoming {
        status: response.status(),
        status_text: response.status_text(),
        headers: headers.into(),
        data,
    })
}
