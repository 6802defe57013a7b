//! The fetch executor: sends a prepared request with the global `fetch`
//! (browsers and Node ≥ 18) and reads the answer. Bodies stay JS values: the
//! text is parsed by the engine's own `JSON.parse` and never copied into wasm
//! memory.

use crate::prelude::*;

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
    /// Parsed JSON, else the text, `""` when empty.
    pub data: JsValue,
    /// Status text and headers are read from it only when an error needs them.
    response: web_sys::Response,
}

impl Incoming {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn status_text(&self) -> String {
        self.response.status_text()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.response.headers().get(name).ok().flatten()
    }

    /// The headers as a plain object with lower-case names.
    pub fn headers(&self) -> JsValue {
        let headers = Object::new();
        if let Ok(Some(entries)) = js_sys::try_iter(&self.response.headers()) {
            for entry in entries.flatten() {
                let pair: js_sys::Array = entry.unchecked_into();
                let _ = Reflect::set(&headers, &pair.get(0), &pair.get(1));
            }
        }
        headers.into()
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
        data,
        response,
    })
}
