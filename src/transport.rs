//! Sending a prepared request: the init object for `fetch`, then
//! `js/transport.js` fetches and reads the body in one promise, which the JS
//! driver awaits and hands back to the call (the answer stays JS values).

use crate::prelude::*;

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;

use crate::convert::set_prop;
use crate::error::SdkError;
use crate::request::Method;

#[wasm_bindgen(module = "/js/transport.js")]
extern "C" {
    /// The global `fetch` (browsers, Node ≥ 18, workers) and the body read,
    /// as one promise of `[Response, data]`.
    #[wasm_bindgen(js_name = send, catch)]
    fn fetch_and_read(url: &str, init: &Object) -> Result<Promise, JsValue>;
    /// A promise that resolves after `ms`, or sooner when `signal` aborts.
    #[wasm_bindgen(js_name = sleep)]
    pub fn sleep(ms: f64, signal: Option<web_sys::AbortSignal>) -> Promise;
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
    pub response: web_sys::Response,
}

impl Incoming {
    /// From the `[Response, data]` pair `send` resolved with.
    pub fn from_answer(answer: &JsValue) -> Option<Incoming> {
        let pair: &Array = answer.dyn_ref()?;
        let response: web_sys::Response = pair.get(0).dyn_into().ok()?;
        Some(Incoming {
            status: response.status(),
            data: pair.get(1),
            response,
        })
    }

    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.response.headers().get(name).ok().flatten()
    }
}

/// Starts the fetch; the promise resolves to the `[Response, data]` pair.
/// A request that could not be sent, or a body that broke off midway, is a
/// network failure, as in axios.
pub fn send(req: &Outgoing) -> Result<Promise, SdkError> {
    let init = Object::new();
    set_prop(&init, "method", &JsValue::from_str(req.method.as_str()));
    let headers = Object::new();
    for (name, value) in &req.headers {
        set_prop(&headers, name, &JsValue::from_str(value));
    }
    set_prop(&init, "headers", &headers);
    if let Some(body) = &req.body {
        set_prop(&init, "body", body);
    }
    if let Some(signal) = &req.signal {
        set_prop(&init, "signal", signal);
    }
    fetch_and_read(&req.url, &init).map_err(|_| SdkError::network())
}
