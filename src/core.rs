//! The exported `Core`: the configuration bag, event handlers, argument and
//! option checks. Requests run in `pipeline`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::api;
use crate::args::Args;
use crate::convert::{self, classify};
use crate::error::{ErrorKind, SdkError};
use crate::request::{self, Body, Method, Plan, QueryPart, Then};

#[wasm_bindgen]
pub struct Core {
    inner: Rc<Inner>,
}

#[derive(Default)]
pub(crate) struct Inner {
    bag: RefCell<Vec<(String, JsValue)>>,
    handlers: RefCell<Vec<(String, Function)>>,
    /// The token refresh under way, shared by every call that got a 401.
    pub(crate) refreshing: RefCell<Option<Promise>>,
}

pub(crate) fn invalid(message: String) -> JsValue {
    convert::js_error(&SdkError::new(ErrorKind::InvalidArg, message), &JsValue::UNDEFINED, None)
}

fn key_of(name: &JsValue, what: &str) -> Result<String, JsValue> {
    name.as_string().ok_or_else(|| invalid(format!("{what}: the name must be a string")))
}

#[wasm_bindgen]
impl Core {
    /// Copies every own key of `config` into the bag.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &JsValue) -> Core {
        let inner = Inner::default();
        if config.is_object() {
            if let Ok(mut bag) = inner.bag.try_borrow_mut() {
                for entry in Object::entries(config.unchecked_ref()).iter() {
                    let entry: Array = entry.unchecked_into();
                    if let Some(key) = entry.get(0).as_string() {
                        bag.push((key, entry.get(1)));
                    }
                }
            }
        }
        Core { inner: Rc::new(inner) }
    }

    pub fn set(&self, name: &JsValue, value: JsValue) -> Result<(), JsValue> {
        let name = key_of(name, "set")?;
        self.inner.set_value(&name, value);
        Ok(())
    }

    /// `get('user')` is read from the token unless a `user` key was set.
    pub fn get(&self, name: &JsValue) -> Result<JsValue, JsValue> {
        let name = key_of(name, "get")?;
        match self.inner.lookup(&name) {
            Some(v) => Ok(v),
            None if name == "user" => Ok(self.inner.token_user()),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    pub fn on(&self, event: &JsValue, handler: &JsValue) -> Result<(), JsValue> {
        let event = key_of(event, "on")?;
        let handler: Function = handler
            .clone()
            .dyn_into()
            .map_err(|_| invalid("on: the handler must be a function".into()))?;
        self.inner
            .handlers
            .try_borrow_mut()
            .map_err(|_| invalid("on: busy".into()))?
            .push((event, handler));
        Ok(())
    }

    /// Removes one registration of `handler`; unknown handlers are ignored.
    pub fn off(&self, event: &JsValue, handler: &JsValue) -> Result<(), JsValue> {
        let event = key_of(event, "off")?;
        let mut handlers = self.inner.handlers.try_borrow_mut().map_err(|_| invalid("off: busy".into()))?;
        if let Some(i) = handlers.iter().rposition(|(e, h)| *e == event && JsValue::from(h) == *handler) {
            handlers.remove(i);
        }
        Ok(())
    }

    /// Runs the api method `name` with the caller's `arguments`.
    pub fn call(&self, name: &str, args: &Array) -> Promise {
        let inner = self.inner.clone();
        let Some((method, arity, build)) = api::lookup::<JsValue>(name) else {
            let err = invalid(format!("{name} is not an Appmixer api method"));
            return Promise::reject(&err);
        };
        let opts = match CallOptions::from_js(method, &args.get(arity as u32)) {
            Ok(opts) => opts,
            Err(e) => return Promise::reject(&convert::js_error(&e, &JsValue::UNDEFINED, None)),
        };
        let raw: Vec<JsValue> = args.iter().take(arity).collect();
        let items: Vec<_> = raw.iter().map(classify).collect();
        let plan = match build(&Args::with_raw(method, &items, &raw)) {
            Ok(plan) => plan,
            Err(e) => return Promise::reject(&convert::js_error(&e, &JsValue::UNDEFINED, None)),
        };
        future_to_promise(async move {
            match plan.then {
                Some(Then::PollFlowAuthentication) => inner.flow_authentication(method, plan, &opts).await,
                None => inner.execute(method, plan, &opts).await,
            }
        })
    }

    /// `api._request({url, method, params, data, headers})` for Custom API
    /// methods: the same pipeline, resolving to the body.
    pub fn request(&self, options: &JsValue) -> Promise {
        let inner = self.inner.clone();
        let parsed = request_plan(options).and_then(|plan| Ok((plan, CallOptions::from_js("_request", options)?)));
        match parsed {
            Ok((plan, opts)) => future_to_promise(async move { inner.execute("_request", plan, &opts).await }),
            Err(e) => Promise::reject(&convert::js_error(&e, &JsValue::UNDEFINED, None)),
        }
    }

    #[wasm_bindgen(js_name = methodNames)]
    pub fn method_names() -> Array {
        api::METHOD_NAMES.iter().map(|n| JsValue::from_str(n)).collect()
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
            return Err(SdkError::invalid_arg(method, "options", "must be an object {signal, timeout}"));
        }
        let signal = get_prop(v, "signal");
        let signal = if signal.is_undefined() || signal.is_null() {
            None
        } else {
            Some(signal.dyn_into::<web_sys::AbortSignal>().map_err(|_| {
                SdkError::invalid_arg(method, "options.signal", "must be an AbortSignal")
            })?)
        };
        let timeout = get_prop(v, "timeout");
        let timeout = if timeout.is_undefined() || timeout.is_null() {
            None
        } else {
            match timeout.as_f64() {
                Some(ms) if ms.is_finite() && ms >= 0.0 => Some(ms).filter(|ms| *ms > 0.0),
                _ => return Err(SdkError::invalid_arg(method, "options.timeout", "must be a number of milliseconds")),
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
    let url = get_prop(options, "url").as_string().ok_or_else(|| bad("url", "must be a string"))?;
    let method = get_prop(options, "method");
    let method = if method.is_undefined() {
        Method::Get
    } else {
        method
            .as_string()
            .and_then(|m| Method::parse(&m))
            .ok_or_else(|| bad("method", "must be GET, POST, PUT or DELETE"))?
    };
    let path = if url.starts_with('/') || url.starts_with("http://") || url.starts_with("https://") {
        url
    } else {
        let mut p = String::from("/");
        p.push_str(&url);
        p
    };
    let mut plan = Plan::new(method, path);
    let params = get_prop(options, "params");
    if params.is_object() {
        plan = plan.query(QueryPart::Object(params));
    }
    let data = get_prop(options, "data");
    if let Some(text) = data.as_string() {
        plan = plan.body(Body::Text(text));
    } else if !data.is_undefined() {
        plan = plan.body(Body::Json(data));
    }
    let headers = get_prop(options, "headers");
    if headers.is_object() {
        for entry in Object::entries(headers.unchecked_ref()).iter() {
            let entry: Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
                plan.headers.push((k, v));
            }
        }
    }
    Ok(plan)
}

impl Inner {
    pub(crate) fn set_value(&self, name: &str, value: JsValue) {
        if let Ok(mut bag) = self.bag.try_borrow_mut() {
            match bag.iter_mut().find(|(k, _)| k == name) {
                Some(slot) => slot.1 = value,
                None => bag.push((name.to_owned(), value)),
            }
        }
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<JsValue> {
        let bag = self.bag.try_borrow().ok()?;
        bag.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    pub(crate) fn lookup_str(&self, name: &str) -> Option<String> {
        self.lookup(name).and_then(|v| v.as_string()).filter(|s| !s.is_empty())
    }

    /// `{id, scope}` from the token's payload (not verified), else `null`.
    fn token_user(&self) -> JsValue {
        let payload = self
            .lookup_str("accessToken")
            .and_then(|t| request::jwt_payload(&t))
            .and_then(|text| js_sys::JSON::parse(&text).ok())
            .filter(JsValue::is_object);
        let Some(payload) = payload else { return JsValue::NULL };
        let user = Object::new();
        for key in ["id", "scope"] {
            let _ = Reflect::set(&user, &JsValue::from_str(key), &get_prop(&payload, key));
        }
        user.into()
    }

    /// Calls every `event` handler with `payload`. Handlers are copied out
    /// first so they may call `on`/`off`/`set`; one that throws is reported
    /// and the others still run.
    pub(crate) fn has_handlers(&self, event: &str) -> bool {
        self.handlers.try_borrow().is_ok_and(|h| h.iter().any(|(e, _)| e == event))
    }

    pub(crate) fn emit(&self, event: &str, payload: &JsValue) {
        let listeners: Vec<Function> = match self.handlers.try_borrow() {
            Ok(h) => h.iter().filter(|(e, _)| e == event).map(|(_, f)| f.clone()).collect(),
            Err(_) => return,
        };
        for handler in listeners {
            if let Err(thrown) = handler.call1(&JsValue::UNDEFINED, payload) {
                web_sys::console::error_2(&JsValue::from_str("appmixer: an event handler threw"), &thrown);
            }
        }
    }
}
