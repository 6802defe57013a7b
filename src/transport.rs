//! Sending a prepared request: `js/transport.js` builds the fetch init from
//! the parts, fetches and reads the body in one promise, which the JS driver
//! awaits and hands back to the call (the answer stays JS values).

use crate::prelude::*;

use js_sys::{Array, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::SdkError;
use crate::request::Method;

#[wasm_bindgen(module = "/js/transport.js")]
extern "C" {
    /// The global `fetch` (browsers, Node ≥ 18, workers) and the body read,
    /// as one promise of `[Response, data]`. `headers` are the extra
    /// `[name, value, ...]` after Content-Type and Authorization.
    /// `method` is a `Method` as its number (no string to copy out per call).
    #[wasm_bindgen(js_name = send, catch)]
    fn fetch_and_read(
        method: u8,
        url: &str,
        content_type: Option<&str>,
        token: Option<&JsString>,
        headers: Option<Array>,
        body: &JsValue,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<Promise, JsValue>;
    /// The `request` / `response` event payload, the token redacted from `url`.
    #[wasm_bindgen(js_name = telemetryInfo)]
    pub fn telemetry_info(
        api_method: &str,
        method: &str,
        url: &str,
        token: Option<&JsString>,
        attempt: u32,
        status: Option<u16>,
        duration: Option<f64>,
    ) -> JsValue;
    /// A promise that resolves after `ms`, or sooner when `signal` aborts.
    #[wasm_bindgen(js_name = sleep)]
    pub fn sleep(ms: f64, signal: Option<web_sys::AbortSignal>) -> Promise;
}

/// One request as it goes to `fetch`.
pub struct Outgoing<'a> {
    pub method: Method,
    pub url: &'a str,
    pub content_type: Option<&'static str>,
    /// Sent as `Authorization: Bearer …`.
    pub token: Option<&'a JsString>,
    pub headers: &'a [(String, String)],
    pub body: Option<&'a JsValue>,
    /// Aborts the fetch and the body read.
    pub signal: Option<&'a web_sys::AbortSignal>,
}

pub struct Incoming {
    pub status: u16,
    /// Parsed JSON, else the text, `""` when empty.
    pub data: JsValue,
    /// Status text and headers are read from it only when an error needs them.
    pub response: web_sys::Response,
}

impl Incoming {
    /// From the `[Response, data]` pair `send` resolved with (its only shape).
    pub fn from_answer(answer: &JsValue) -> Incoming {
        let pair: &Array = answer.unchecked_ref();
        let response: web_sys::Response = pair.get(0).unchecked_into();
        Incoming {
            status: response.status(),
            data: pair.get(1),
            response,
        }
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
    let headers = (!req.headers.is_empty()).then(|| crate::convert::flat_pairs(req.headers));
    fetch_and_read(
        req.method as u8,
        req.url,
        req.content_type,
        req.token,
        headers,
        req.body.unwrap_or(&JsValue::UNDEFINED),
        req.signal,
    )
    .map_err(|_| SdkError::network())
}
