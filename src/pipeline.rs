//! Running a plan: URL and headers, the fetch (with abort, timeout, opt-in
//! retries and token refresh), telemetry events, and the resolve-or-reject
//! step that builds the one error object and emits `error` once per call.

use crate::prelude::*;

use alloc::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::convert;
use crate::core::{get_prop, invalid, CallOptions, Inner};
use crate::error::{ErrorKind, SdkError};
use crate::flows;
use crate::request::{self, Plan, Resolve};
use crate::retry::{self, RetryPolicy};
use crate::transport::{self, Incoming, Outgoing};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_namespace = Date, js_name = parse)]
    fn date_parse(text: &str) -> f64;
}

/// Waits `ms`, or less when `signal` aborts.
async fn sleep(ms: f64, signal: Option<&AbortSignal>) {
    let ms = ms.clamp(0.0, f64::from(i32::MAX)) as i32;
    let mut wake: Option<Function> = None;
    let promise = Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms);
        if let Some(signal) = signal {
            let once = web_sys::AddEventListenerOptions::new();
            once.set_once(true);
            let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
                "abort", &resolve, &once,
            );
        }
        wake = Some(resolve);
    });
    let _ = JsFuture::from(promise).await;
    // The timer won: take the listener off a signal that may live much longer.
    if let (Some(signal), Some(wake)) = (signal, wake) {
        let _ = signal.remove_event_listener_with_callback("abort", &wake);
    }
}

fn number(v: &JsValue) -> Option<f64> {
    v.as_f64().filter(|n| n.is_finite() && *n >= 0.0)
}

/// One attempt: the request as sent, the token it carried, its timer.
struct Sent {
    outgoing: Outgoing,
    /// The request may carry the token (so a 401 may be cured by a refresh).
    auth: bool,
    token: Option<String>,
    timer: Option<AbortSignal>,
    attempt: u32,
    /// `Date.now()` at sending, when someone listens to telemetry.
    started: Option<f64>,
}

enum Step {
    Refresh(Function),
    Retry(f64),
    Fail,
}

/// A request ready to send, minus the token (read at each attempt).
struct Prepared {
    url: String,
    pairs: Vec<(String, String)>,
    body: Option<convert::EncodedBody>,
    /// Send the token: the method needs it and the URL is under `baseUrl`.
    auth: bool,
}

impl Inner {
    /// Milliseconds between status requests (`pollInterval`, default 3000).
    fn poll_interval(&self) -> f64 {
        self.lookup("pollInterval")
            .as_ref()
            .and_then(number)
            .unwrap_or(3000.0)
    }

    /// Config `retry`: `{limit, baseDelay, maxDelay}` or a number (the limit).
    fn retry_policy(&self) -> RetryPolicy {
        let Some(v) = self.lookup("retry") else {
            return RetryPolicy::NONE;
        };
        let mut policy = RetryPolicy::NONE;
        if let Some(n) = number(&v) {
            policy.limit = n.min(100.0) as u32;
        } else if v.is_object() {
            policy.limit = number(&get_prop(&v, "limit")).map_or(0, |n| n.min(100.0) as u32);
            policy.base_ms = number(&get_prop(&v, "baseDelay")).unwrap_or(policy.base_ms);
            policy.max_ms = number(&get_prop(&v, "maxDelay")).unwrap_or(policy.max_ms);
        }
        policy
    }

    /// getFlowAuthentication: a ticket, then its status at once and every
    /// `pollInterval` ms until it is done or failed.
    pub(crate) async fn flow_authentication(
        self: Rc<Self>,
        method: &'static str,
        plan: Plan<JsValue>,
        opts: &CallOptions,
    ) -> Result<JsValue, JsValue> {
        let ticket = self.clone().execute(method, plan, opts).await?;
        let ticket = ticket
            .as_string()
            .unwrap_or_else(|| convert::to_display(&ticket));
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

    fn prepare(&self, method: &'static str, plan: &Plan<JsValue>) -> Result<Prepared, JsValue> {
        // Configuration is read at call time: `set` takes effect on the next request.
        let Some(base) = self.lookup_str("baseUrl") else {
            return Err(invalid(
                [
                    method,
                    ": config 'baseUrl' is not set (pass it to new Appmixer or api.set)",
                ]
                .concat(),
            ));
        };
        let body = convert::encode_body(&plan.body).map_err(|problem| {
            convert::js_error(
                &SdkError::invalid_arg(method, "body", problem),
                &JsValue::UNDEFINED,
                None,
            )
        })?;
        let pairs = convert::query_pairs(&plan.query).map_err(|()| {
            let e = SdkError::invalid_arg(
                method,
                "query",
                "cannot be read (a getter or toString threw)",
            );
            convert::js_error(&e, &JsValue::UNDEFINED, None)
        })?;
        // `_request` may name an absolute URL: the token only goes to `baseUrl`.
        let auth = plan.auth
            && (!request::is_absolute(&plan.path)
                || plan.path.starts_with(base.trim_end_matches('/')));
        let mut url = if plan.tasks_prefix {
            let prefix = self
                .lookup_str("peopleTasksPath")
                .unwrap_or_else(|| "/people-task".into());
            request::join_url(&base, &request::tasks_path(&prefix, &plan.path))
        } else {
            request::join_url(&base, &plan.path)
        };
        request::append_query(
            &mut url,
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        if url.len() > request::MAX_URL {
            let e = SdkError::invalid_arg(
                method,
                "query",
                "makes the request URL longer than 65000 bytes",
            );
            return Err(convert::js_error(&e, &JsValue::UNDEFINED, None));
        }
        Ok(Prepared {
            url,
            pairs,
            body,
            auth,
        })
    }

    /// Runs one api call; rejects with the `AppmixerError` after emitting it.
    /// The async part stays small: each step is a plain function.
    pub(crate) async fn execute(
        self: Rc<Self>,
        method: &'static str,
        plan: Plan<JsValue>,
        opts: &CallOptions,
    ) -> Result<JsValue, JsValue> {
        let prepared = self.prepare(method, &plan)?;
        let timeout = opts.timeout.or_else(|| {
            self.lookup("timeout")
                .as_ref()
                .and_then(number)
                .filter(|ms| *ms > 0.0)
        });
        let mut attempt = 0u32;
        let mut refreshed = false;
        loop {
            let sent = self.start(method, &plan, &prepared, opts, timeout, attempt);
            let result = if opts.signal.as_ref().is_some_and(AbortSignal::aborted) {
                Err(SdkError::canceled())
            } else {
                transport::send(&sent.outgoing).await
            };
            let (err, incoming) = match self.finish(method, &plan, &sent, result, opts, timeout) {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            match self.next_step(
                &plan,
                &sent,
                &err,
                incoming.as_ref(),
                attempt,
                &mut refreshed,
            ) {
                Step::Refresh(refresh) => {
                    if self.refresh_token(&refresh, sent.token.as_deref()).await {
                        continue;
                    }
                }
                Step::Retry(delay) => {
                    sleep(delay, opts.signal.as_ref()).await;
                    attempt += 1;
                    continue;
                }
                Step::Fail => {}
            }
            return Err(self.fail(&plan, &prepared, &sent, &err, incoming.as_ref()));
        }
    }

    /// Builds one attempt's request (token read now) and announces it.
    #[inline(never)]
    fn start(
        &self,
        method: &str,
        plan: &Plan<JsValue>,
        prepared: &Prepared,
        opts: &CallOptions,
        timeout: Option<f64>,
        attempt: u32,
    ) -> Sent {
        let token = if prepared.auth {
            self.lookup_str("accessToken")
        } else {
            None
        };
        let mut headers: Vec<(String, String)> = Vec::new();
        if let Some(b) = &prepared.body {
            headers.push(("Content-Type".into(), b.content_type.into()));
        }
        if let Some(t) = &token {
            headers.push(("Authorization".into(), ["Bearer ", t].concat()));
        }
        headers.extend(plan.headers.iter().cloned());
        let timer = timeout.map(AbortSignal::timeout_with_f64);
        let signal = match (&opts.signal, &timer) {
            (Some(user), Some(timer)) => Some(AbortSignal::any(&Array::of2(user, timer))),
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (None, None) => None,
        };
        let outgoing = Outgoing {
            method: plan.method,
            url: prepared.url.clone(),
            headers,
            body: prepared.body.as_ref().map(|b| b.text.clone()),
            signal,
        };
        let telemetry = self.has_handlers("request") || self.has_handlers("response");
        let sent = Sent {
            outgoing,
            auth: prepared.auth,
            token,
            timer,
            attempt,
            started: telemetry.then(js_sys::Date::now),
        };
        if telemetry {
            self.telemetry("request", method, &sent, None);
        }
        sent
    }

    /// Names an aborted or timed-out fetch, announces the answer and applies
    /// the method's resolve rule.
    #[inline(never)]
    fn finish(
        &self,
        method: &str,
        plan: &Plan<JsValue>,
        sent: &Sent,
        result: Result<Incoming, SdkError>,
        opts: &CallOptions,
        timeout: Option<f64>,
    ) -> Result<JsValue, (SdkError, Option<Incoming>)> {
        let result = result.map_err(|e| {
            // A failed fetch whose signal fired was aborted, not lost.
            if opts.signal.as_ref().is_some_and(AbortSignal::aborted) {
                SdkError::canceled()
            } else if sent.timer.as_ref().is_some_and(AbortSignal::aborted) {
                SdkError::timeout(timeout.unwrap_or_default())
            } else {
                e
            }
        });
        if let Some(started) = sent.started {
            let status = result.as_ref().ok().map(|r| r.status);
            self.telemetry(
                "response",
                method,
                sent,
                Some((status, js_sys::Date::now() - started)),
            );
        }
        match result {
            Ok(incoming) if incoming.ok() => {
                resolve(plan.resolve, &incoming).map_err(|e| (e, Some(incoming)))
            }
            Ok(incoming) => Err((SdkError::http(incoming.status), Some(incoming))),
            Err(e) => Err((e, None)),
        }
    }

    /// After a failure: refresh the token (once, on a 401), retry (opt-in,
    /// transient failures of idempotent methods), or fail.
    #[inline(never)]
    fn next_step(
        &self,
        plan: &Plan<JsValue>,
        sent: &Sent,
        err: &SdkError,
        incoming: Option<&Incoming>,
        attempt: u32,
        refreshed: &mut bool,
    ) -> Step {
        let status = incoming.map(|i| i.status);
        if status == Some(401) && sent.auth && !*refreshed {
            if let Some(refresh) = self
                .lookup("refreshAccessToken")
                .and_then(|f| f.dyn_into::<Function>().ok())
            {
                *refreshed = true;
                return Step::Refresh(refresh);
            }
        }
        let transient = matches!(err.kind, ErrorKind::Network | ErrorKind::Http(_));
        let policy = self.retry_policy();
        if transient && policy.retries(attempt, plan.method, status) {
            let retry_after = incoming.and_then(retry_after_ms);
            return Step::Retry(policy.delay_ms(attempt, retry_after, js_sys::Math::random()));
        }
        Step::Fail
    }

    /// The `AppmixerError` for a failed call, emitted on `error` first.
    #[inline(never)]
    fn fail(
        &self,
        plan: &Plan<JsValue>,
        prepared: &Prepared,
        sent: &Sent,
        err: &SdkError,
        incoming: Option<&Incoming>,
    ) -> JsValue {
        let token = sent.token.as_deref();
        let data = prepared
            .body
            .as_ref()
            .map_or(JsValue::UNDEFINED, |b| b.data.clone());
        let config = convert::config_object(
            plan.method.as_str(),
            &request::redact(&sent.outgoing.url, token),
            &convert::params_object(&prepared.pairs),
            &data,
            &redacted_headers(&sent.outgoing.headers, token),
        );
        let js = convert::js_error(err, &config, incoming);
        if err.emits_event() {
            self.emit("error", &js);
        }
        js
    }

    /// One refresh shared by every call that got a 401 meanwhile. `true` when
    /// a new token is in place (the caller then replays once).
    async fn refresh_token(&self, refresh: &Function, used: Option<&str>) -> bool {
        // Someone already refreshed since this request went out: just replay.
        if self.lookup_str("accessToken").as_deref() != used {
            return true;
        }
        let pending = self.refreshing.try_borrow().ok().and_then(|r| r.clone());
        let promise = match pending {
            Some(p) => p,
            None => {
                let started = match refresh.call0(&JsValue::UNDEFINED) {
                    Ok(v) => Promise::resolve(&v),
                    Err(e) => Promise::reject(&e),
                };
                if let Ok(mut slot) = self.refreshing.try_borrow_mut() {
                    *slot = Some(started.clone());
                }
                started
            }
        };
        let token = JsFuture::from(promise.clone()).await;
        if let Ok(mut slot) = self.refreshing.try_borrow_mut() {
            if slot
                .as_ref()
                .is_some_and(|p| JsValue::from(p) == JsValue::from(&promise))
            {
                *slot = None;
            }
        }
        match token
            .ok()
            .and_then(|t| t.as_string())
            .filter(|t| !t.is_empty())
        {
            Some(t) => {
                self.set_value("accessToken", JsValue::from_str(&t));
                true
            }
            None => false,
        }
    }

    /// `request` / `response` events for telemetry (only built when listened to).
    fn telemetry(
        &self,
        event: &str,
        method: &str,
        sent: &Sent,
        answer: Option<(Option<u16>, f64)>,
    ) {
        if !self.has_handlers(event) {
            return;
        }
        let info = Object::new();
        let set = |k: &str, v: &JsValue| convert::set_prop(&info, k, v);
        set("apiMethod", &JsValue::from_str(method));
        set("method", &JsValue::from_str(sent.outgoing.method.as_str()));
        set(
            "url",
            &JsValue::from_str(&request::redact(&sent.outgoing.url, sent.token.as_deref())),
        );
        set("attempt", &JsValue::from_f64(f64::from(sent.attempt)));
        if let Some((status, duration)) = answer {
            set(
                "status",
                &status.map_or(JsValue::NULL, |s| JsValue::from_f64(f64::from(s))),
            );
            set("duration", &JsValue::from_f64(duration));
        }
        self.emit(event, &info.into());
    }
}

fn retry_after_ms(incoming: &Incoming) -> Option<f64> {
    let value = incoming.header("retry-after")?;
    retry::retry_after_seconds(&value).or_else(|| {
        let at = date_parse(&value);
        at.is_finite().then(|| (at - js_sys::Date::now()).max(0.0))
    })
}

/// Headers as `error.config` shows them: no token anywhere.
fn redacted_headers(headers: &[(String, String)], token: Option<&str>) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if name.eq_ignore_ascii_case("authorization") {
                if value.starts_with("Bearer ") {
                    "Bearer [REDACTED]".to_owned()
                } else {
                    "[REDACTED]".to_owned()
                }
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
            let v = if body.is_object() {
                get_prop(body, field)
            } else {
                JsValue::UNDEFINED
            };
            if v.is_undefined() {
                let mut m = String::from("the response has no '");
                m.push_str(field);
                m.push('\'');
                return Err(SdkError::bad_response(&m));
            }
            Ok(v)
        }
        Resolve::FieldOrEmpty(field) => {
            let v = if body.is_object() {
                get_prop(body, field)
            } else {
                JsValue::UNDEFINED
            };
            Ok(if v.is_undefined() || v.is_null() {
                Object::new().into()
            } else {
                v
            })
        }
        Resolve::FlowAuthStatus => {
            let status = if body.is_object() {
                get_prop(body, "status").as_string()
            } else {
                None
            };
            match status.as_deref() {
                Some("done") => {
                    let _ = Reflect::delete_property(
                        body.unchecked_ref::<Object>(),
                        &JsValue::from_str("status"),
                    );
                    Ok(body.clone())
                }
                Some("error") => Err(SdkError::bad_response(
                    "the engine reported an error for this flow's authentication",
                )),
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
