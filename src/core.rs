//! The exported `Core`: runs api methods. The configuration bag (a JS `Map`)
//! and the event handlers live in the JS entry, so `set`/`get`/`on`/`off`
//! work synchronously before the wasm has loaded; the core reads the bag at
//! each request and emits through the `Hooks` it was given.

use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::RefCell;

use js_sys::{Array, Map, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::api;
use crate::args::Args;
use crate::convert::{self, classify};
use crate::error::{ErrorKind, SdkError};
use crate::pipeline::Call;
use crate::request::{Body, Method, Plan};

#[wasm_bindgen]
extern "C" {
    /// The JS entry's event side: `emit` calls the handlers (catching what
    /// they throw), `tracing` says whether any `request` or `response`
    /// handler is registered (telemetry is built only then).
    pub type Hooks;
    #[wasm_bindgen(method)]
    fn emit(this: &Hooks, event: &str, payload: &JsValue);
    #[wasm_bindgen(method)]
    fn tracing(this: &Hooks) -> bool;
}

#[wasm_bindgen]
pub struct Core {
    inner: Rc<Inner>,
}

/// The configuration names the core reads (`SETTING_NAMES`, same order).
#[derive(Clone, Copy)]
pub(crate) enum Setting {
    BaseUrl,
    AccessToken,
    Timeout,
    Retry,
    PollInterval,
    RefreshAccessToken,
    PeopleTasksPath,
}

/// Indexed by `Setting as usize`.
const SETTING_NAMES: [&str; 7] = [
    "baseUrl",
    "accessToken",
    "timeout",
    "retry",
    "pollInterval",
    "refreshAccessToken",
    "peopleTasksPath",
];

pub(crate) struct Inner {
    bag: Map,
    /// `SETTING_NAMES` as JS strings, made once rather than at each lookup.
    keys: Vec<JsValue>,
    /// The last `baseUrl` read and its Rust copy (read at every call).
    base_url: RefCell<Option<(JsValue, String)>>,
    hooks: Hooks,
    /// The token refresh under way, shared by every call that got a 401.
    pub(crate) refreshing: RefCell<Option<Promise>>,
}

pub(crate) fn invalid(message: String) -> JsValue {
    convert::thrown(&SdkError::new(ErrorKind::InvalidArg, message))
}

#[wasm_bindgen]
impl Core {
    #[wasm_bindgen(constructor)]
    pub fn new(bag: Map, hooks: Hooks) -> Core {
        Core {
            inner: Rc::new(Inner {
                bag,
                keys: SETTING_NAMES.iter().map(|k| JsValue::from_str(k)).collect(),
                base_url: RefCell::new(None),
                hooks,
                refreshing: RefCell::new(None),
            }),
        }
    }

    /// Starts the api method at `method_index` in the method table (the
    /// order of `pkg/methods.js`) with the caller's `arguments`: the `Call`
    /// the JS driver steps through. Bad arguments throw the error.
    pub fn call(&self, method_index: usize, args: &Array) -> Result<Call, JsValue> {
        let Some(spec) = api::methods().nth(method_index) else {
            return Err(invalid("no such Appmixer api method".into()));
        };
        let (method, arity) = (spec.name, spec.arity());
        let thrown = |e: SdkError| convert::thrown(&e);
        let opts = CallOptions::from_js(method, &args.get(arity as u32)).map_err(thrown)?;
        let raw: Vec<JsValue> = args.iter().take(arity).collect();
        let items: Vec<_> = raw.iter().map(classify).collect();
        let plan = api::build(spec, &Args::with_raw(method, &items, &raw)).map_err(thrown)?;
        Call::new(self.inner.clone(), method, plan, opts)
    }

    /// `api._request({url, method, params, data, headers})` for Custom API
    /// methods: the same pipeline, resolving to the body.
    pub fn request(&self, options: &JsValue) -> Result<Call, JsValue> {
        let plan = request_plan(options)
            .and_then(|plan| Ok((plan, CallOptions::from_js("_request", options)?)));
        match plan {
            Ok((plan, opts)) => Call::new(self.inner.clone(), "_request", plan, opts),
            Err(e) => Err(convert::thrown(&e)),
        }
    }
}

/// The per-call options `{signal, timeout}` after a method's parameters.
#[derive(Default)]
pub(crate) struct CallOptions {
    pub(crate) signal: Option<web_sys::AbortSignal>,
    /// Milliseconds; overrides the config's `timeout`.
    pub(crate) timeout: Option<f64>,
}

impl CallOptions {
    fn from_js(method: &'static str, v: &JsValue) -> Result<CallOptions, SdkError> {
        if v.is_undefined() {
            return Ok(CallOptions::default());
        }
        if !v.is_object() {
            return Err(SdkError::invalid_arg(
                method,
                "options",
                "must be an object {signal, timeout}",
            ));
        }
        let read = |key| {
            convert::read_prop(v, key).map_err(|()| {
                SdkError::invalid_arg(method, "options", "cannot be read (a getter threw)")
            })
        };
        let signal = read("signal")?;
        let signal = if signal.is_undefined() || signal.is_null() {
            None
        } else {
            Some(signal.dyn_into::<web_sys::AbortSignal>().map_err(|_| {
                SdkError::invalid_arg(method, "options.signal", "must be an AbortSignal")
            })?)
        };
        let timeout = read("timeout")?;
        let timeout = if timeout.is_undefined() || timeout.is_null() {
            None
        } else {
            match timeout.as_f64() {
                Some(ms) if ms.is_finite() && ms >= 0.0 => Some(ms).filter(|ms| *ms > 0.0),
                _ => {
                    return Err(SdkError::invalid_arg(
                        method,
                        "options.timeout",
                        "must be a number of milliseconds",
                    ))
                }
            }
        };
        Ok(CallOptions { signal, timeout })
    }
}

pub(crate) fn get_prop(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn request_plan(options: &JsValue) -> Result<Plan<JsValue>, SdkError> {
    let bad = |arg, problem| SdkError::invalid_arg("_request", arg, problem);
    if !options.is_object() {
        return Err(bad("options", "must be an object"));
    }
    let read = |key: &str| {
        convert::read_prop(options, key)
            .map_err(|()| bad("options", "cannot be read (a getter threw)"))
    };
    let url = read("url")?
        .as_string()
        .ok_or_else(|| bad("url", "must be a string"))?;
    let method = read("method")?;
    let method = if method.is_undefined() {
        Method::Get
    } else {
        method
            .as_string()
            .and_then(|m| Method::parse(&m))
            .ok_or_else(|| bad("method", "must be GET, POST, PUT or DELETE"))?
    };
    let path = if url.starts_with('/') || crate::request::is_absolute(&url) {
        url
    } else {
        let mut p = String::from("/");
        p.push_str(&url);
        p
    };
    let mut plan = Plan::new(method, path);
    let params = read("params")?;
    plan = plan.query_object(params.is_object().then_some(params));
    let data = read("data")?;
    if let Some(text) = data.as_string() {
        plan = plan.body(Body::Text(text));
    } else if !data.is_undefined() {
        plan = plan.body(Body::Json(data));
    }
    let headers = read("headers")?;
    if headers.is_object() {
        let list = convert::header_pairs(&headers).map_err(|_| bad("headers", "cannot be read"))?;
        plan.headers = convert::string_pairs(&list);
    }
    Ok(plan)
}

impl Inner {
    pub(crate) fn set_value(&self, setting: Setting, value: JsValue) {
        if let Some(key) = self.keys.get(setting as usize) {
            self.bag.set(key, &value);
        }
    }

    pub(crate) fn lookup(&self, setting: Setting) -> Option<JsValue> {
        let v = self.bag.get(self.keys.get(setting as usize)?);
        (!v.is_undefined()).then_some(v)
    }

    pub(crate) fn lookup_str(&self, setting: Setting) -> Option<String> {
        self.lookup(setting)
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
    }

    /// `baseUrl`, copied into wasm memory only when it changed.
    pub(crate) fn base_url(&self) -> Option<String> {
        let current = self.lookup(Setting::BaseUrl)?;
        let mut cache = self.base_url.try_borrow_mut().ok()?;
        if let Some((seen, text)) = cache.as_ref() {
            if *seen == current {
                return Some(text.clone());
            }
        }
        let text = current.as_string().filter(|s| !s.is_empty())?;
        *cache = Some((current, text.clone()));
        Some(text)
    }

    /// The access token, left a JS string (no copy into wasm memory per call).
    pub(crate) fn token(&self) -> Option<js_sys::JsString> {
        // An empty one is not sent (js/transport.js) and redacts nothing.
        self.lookup(Setting::AccessToken)
            .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
    }

    pub(crate) fn tracing(&self) -> bool {
        self.hooks.tracing()
    }

    pub(crate) fn emit(&self, event: &str, payload: &JsValue) {
        self.hooks.emit(event, payload);
    }
}
