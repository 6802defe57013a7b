//! The exported `Core`: the configuration bag, event handlers and the call
//! pipeline (validate → build → send → resolve or reject).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::api;
use crate::args::Args;
use crate::convert::{self, classify};
use crate::error::{ErrorKind, SdkError};
use crate::flows;
use crate::request::{self, Body, Method, Plan, QueryPart, Resolve, Then};
use crate::transport::{self, Incoming, Outgoing};

#[wasm_bindgen]
pub struct Core {
    inner: Rc<Inner>,
}

#[derive(Default)]
struct Inner {
    bag: RefCell<Vec<(String, JsValue)>>,
    handlers: RefCell<Vec<(String, Function)>>,
}

fn invalid(message: String) -> JsValue {
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
        let mut bag = self.inner.bag.try_borrow_mut().map_err(|_| invalid("set: busy".into()))?;
        match bag.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => bag.push((name, value)),
        }
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

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
}

async fn sleep(ms: i32, signal: Option<&web_sys::AbortSignal>) {
    let promise = Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms);
        if let Some(signal) = signal {
            let once = web_sys::AddEventListenerOptions::new();
            once.set_once(true);
            let _ = signal.add_event_listener_with_callback_and_add_event_listener_options("abort", &resolve, &once);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The per-call options `{signal, timeout}` after a method's parameters.
#[derive(Default)]
struct CallOptions {
    signal: Option<web_sys::AbortSignal>,
    /// Milliseconds; overrides the config's `timeout`.
    timeout: Option<f64>,
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

fn get_prop(obj: &JsValue, key: &str) -> JsValue {
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
    fn lookup(&self, name: &str) -> Option<JsValue> {
        let bag = self.bag.try_borrow().ok()?;
        bag.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn lookup_str(&self, name: &str) -> Option<String> {
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
    fn emit(&self, event: &str, payload: &JsValue) {
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

    /// Milliseconds between status requests (`pollInterval`, default 3000).
    fn poll_interval(&self) -> i32 {
        self.lookup("pollInterval")
            .and_then(|v| v.as_f64())
            .filter(|ms| ms.is_finite() && *ms >= 0.0)
            .map_or(3000, |ms| ms.min(f64::from(i32::MAX)) as i32)
    }

    /// getFlowAuthentication: a ticket, then its status at once and every
    /// `pollInterval` ms until it is done or failed.
    async fn flow_authentication(
        self: Rc<Self>,
        method: &'static str,
        plan: Plan<JsValue>,
        opts: &CallOptions,
    ) -> Result<JsValue, JsValue> {
        let ticket = self.clone().execute(method, plan, opts).await?;
        let ticket = ticket.as_string().unwrap_or_else(|| convert::to_display(&ticket));
        let status = flows::auth_status::<JsValue>(&ticket)
            .map_err(|e| convert::js_error(&e, &JsValue::UNDEFINED, None))?;
        loop {
            let result = self.clone().execute(method, status.clone(), opts).await?;
            if !result.is_undefined() {
                return Ok(result);
            }
            // An abort during the wait ends it early; the next request then
            // rejects with ERR_CANCELED without being sent.
            sleep(self.poll_interval(), opts.signal.as_ref()).await;
        }
    }

    async fn execute(self: Rc<Self>, method: &'static str, plan: Plan<JsValue>, opts: &CallOptions) -> Result<JsValue, JsValue> {
        // Configuration is read at call time: `set` takes effect on the next request.
        let Some(base) = self.lookup_str("baseUrl") else {
            let msg = format!("{method}: config 'baseUrl' is not set (pass it to new Appmixer or api.set)");
            return Err(invalid(msg));
        };
        let token = if plan.auth { self.lookup_str("accessToken") } else { None };
        let body = convert::encode_body(&plan.body)
            .map_err(|problem| convert::js_error(&SdkError::invalid_arg(method, "body", problem), &JsValue::UNDEFINED, None))?;

        let pairs = convert::query_pairs(&plan.query);
        let mut url = if plan.tasks_prefix {
            let prefix = self.lookup_str("peopleTasksPath").unwrap_or_else(|| "/people-task".into());
            request::join_url(&base, &request::tasks_path(&prefix, &plan.path))
        } else {
            request::join_url(&base, &plan.path)
        };
        request::append_query(&mut url, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));

        let mut headers: Vec<(String, String)> = Vec::new();
        if let Some(b) = &body {
            headers.push(("Content-Type".into(), b.content_type.into()));
        }
        if let Some(t) = &token {
            headers.push(("Authorization".into(), ["Bearer ", t].concat()));
        }
        headers.extend(plan.headers.iter().cloned());
        let timeout = opts.timeout.or_else(|| self.lookup("timeout").and_then(|v| v.as_f64()).filter(|ms| *ms > 0.0));
        let timer = timeout.map(web_sys::AbortSignal::timeout_with_f64);
        let signal = match (&opts.signal, &timer) {
            (Some(user), Some(timer)) => Some(web_sys::AbortSignal::any(&Array::of2(user, timer))),
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (None, None) => None,
        };
        let outgoing = Outgoing {
            method: plan.method,
            url,
            headers,
            body: body.as_ref().map(|b| b.text.clone()),
            signal,
        };
        let result = if opts.signal.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
            Err(SdkError::canceled())
        } else {
            transport::send(&outgoing).await.map_err(|e| {
                // A failed fetch whose signal fired was aborted, not lost.
                if opts.signal.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
                    SdkError::canceled()
                } else if timer.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
                    SdkError::timeout(timeout.unwrap_or_default())
                } else {
                    e
                }
            })
        };
        let failure = match result {
            Ok(incoming) if incoming.ok() => match resolve(plan.resolve, &incoming) {
                Ok(value) => return Ok(value),
                Err(e) => (e, Some(incoming)),
            },
            Ok(incoming) => (SdkError::http(incoming.status), Some(incoming)),
            Err(e) => (e, None),
        };
        let (err, incoming) = failure;
        let shown_url = request::redact(&outgoing.url, token.as_deref());
        let data = body.map_or(JsValue::UNDEFINED, |b| b.data);
        let config = convert::config_object(
            plan.method.as_str(),
            &shown_url,
            &convert::params_object(&pairs),
            &data,
            &redacted_headers(&outgoing.headers, token.as_deref()),
        );
        let js = convert::js_error(&err, &config, incoming.as_ref());
        if err.emits_event() {
            self.emit("error", &js);
        }
        Err(js)
    }
}

/// Headers as `error.config` shows them: no token anywhere.
fn redacted_headers(headers: &[(String, String)], token: Option<&str>) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if name.eq_ignore_ascii_case("authorization") {
                if value.starts_with("Bearer ") { "Bearer [REDACTED]".to_owned() } else { "[REDACTED]".to_owned() }
            } else {
                request::redact(value, token)
            };
            (name.clone(), shown)
        })
        .collect()
}

/// Applies the method's `Resolve` rule to a successful answer.
fn resolve(rule: Resolve, incoming: &Incoming) -> Result<JsValue, SdkError> {
    let body = &incoming.data;
    match rule {
        Resolve::Body => Ok(body.clone()),
        Resolve::Field(field) => {
            let v = if body.is_object() { get_prop(body, field) } else { JsValue::UNDEFINED };
            if v.is_undefined() {
                let mut m = String::from("the response has no '");
                m.push_str(field);
                m.push('\'');
                return Err(SdkError::bad_response(&m));
            }
            Ok(v)
        }
        Resolve::FieldOrEmpty(field) => {
            let v = if body.is_object() { get_prop(body, field) } else { JsValue::UNDEFINED };
            Ok(if v.is_undefined() || v.is_null() { Object::new().into() } else { v })
        }
        Resolve::FlowAuthStatus => {
            let status = if body.is_object() { get_prop(body, "status").as_string() } else { None };
            match status.as_deref() {
                Some("done") => {
                    let _ = Reflect::delete_property(body.unchecked_ref::<Object>(), &JsValue::from_str("status"));
                    Ok(body.clone())
                }
                Some("error") => Err(SdkError::bad_response("the engine reported an error for this flow's authentication")),
                // Still pending: the caller polls again.
                _ => Ok(JsValue::UNDEFINED),
            }
        }
        Resolve::FlowWithId => {
            if body.is_object() && get_prop(body, "id").is_undefined() {
                let flow_id = get_prop(body, "flowId");
                if !flow_id.is_undefined() {
                    let _ = Reflect::set(body, &JsValue::from_str("id"), &flow_id);
                }
            }
            Ok(body.clone())
        }
    }
}
