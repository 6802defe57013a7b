//! Running a plan as a synchronous state machine, a `Call`: URL and headers,
//! the fetch (with abort, timeout, opt-in retries and token refresh),
//! telemetry events, and the resolve-or-reject step that builds the one error
//! object and emits `error` once per call.
//!
//! The core has no async runtime (it would cost bytes and a hop per await):
//! each `step` returns either the call's result or a promise for the JS
//! driver (`js/facade.js`) to await and hand back to the next `step`.

use crate::prelude::*;

use alloc::rc::Rc;

use js_sys::{Array, Function, JsString, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::convert;
use crate::core::{get_prop, invalid, CallOptions, Inner, Setting};
use crate::error::{ErrorKind, SdkError};
use crate::flows;
use crate::request::{self, Plan, Resolve};
use crate::retry::{self, RetryPolicy};
use crate::transport::{self, Incoming, Outgoing};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = parse)]
    fn date_parse(text: &str) -> f64;
}

fn number(v: &JsValue) -> Option<f64> {
    v.as_f64().filter(|n| n.is_finite() && *n >= 0.0)
}

/// One attempt: the token it carried, its signals.
struct Sent {
    /// The request may carry the token (so a 401 may be cured by a refresh).
    auth: bool,
    /// Kept a JS string: it is copied into wasm memory only to redact it.
    token: Option<JsString>,
    /// The caller's signal and/or the timeout's.
    signal: Option<AbortSignal>,
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
        self.lookup(Setting::PollInterval)
            .as_ref()
            .and_then(number)
            .unwrap_or(3000.0)
    }

    /// Config `retry`: `{limit, baseDelay, maxDelay}` or a number (the limit).
    fn retry_policy(&self) -> RetryPolicy {
        let Some(v) = self.lookup(Setting::Retry) else {
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

    fn prepare(&self, method: &'static str, plan: &Plan<JsValue>) -> Result<Prepared, JsValue> {
        // Configuration is read at call time: `set` takes effect on the next request.
        let Some(base) = self.base_url() else {
            return Err(invalid(
                [
                    method,
                    ": config 'baseUrl' is not set (pass it to new Appmixer or api.set)",
                ]
                .concat(),
            ));
        };
        let body = convert::encode_body(&plan.body)
            .map_err(|problem| convert::thrown(&SdkError::invalid_arg(method, "body", problem)))?;
        let pairs = convert::query_pairs(&plan.query).map_err(|()| {
            let e = SdkError::invalid_arg(
                method,
                "query",
                "cannot be read (a getter or toString threw)",
            );
            convert::thrown(&e)
        })?;
        // `_request` may name an absolute URL: the token only goes to `baseUrl`.
        let auth = plan.auth
            && (!request::is_absolute(&plan.path) || request::is_under(&plan.path, &base));
        let mut url = if plan.tasks_prefix {
            let prefix = self
                .lookup_str(Setting::PeopleTasksPath)
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
            return Err(convert::thrown(&e));
        }
        Ok(Prepared {
            url,
            pairs,
            body,
            auth,
        })
    }
}

/// Where a call is between two `step`s.
enum State {
    /// Send (again): the first step, after a wait, after a refresh.
    Ready,
    /// The fetch promise is out; the next step gets its answer.
    Sending(Sent),
    /// The refresh promise is out; the next step gets the new token. The
    /// failure that asked for it is kept in case the refresh fails.
    Refreshing {
        sent: Sent,
        err: SdkError,
        incoming: Option<Incoming>,
        promise: Promise,
    },
    /// Settled: every later step is refused.
    Done,
}

/// getFlowAuthentication's phases: the ticket, then its status until done.
#[derive(PartialEq)]
enum Poll {
    None,
    Ticket,
    Status,
}

/// One api call in flight. The JS driver calls `step(true, undefined)`, then
/// awaits each promise a step returns and passes its outcome to the next
/// step, until a step returns the result or throws the `AppmixerError`.
#[wasm_bindgen]
pub struct Call {
    inner: Rc<Inner>,
    method: &'static str,
    plan: Plan<JsValue>,
    prepared: Prepared,
    opts: CallOptions,
    /// Milliseconds, from the call's options or the config.
    timeout: Option<f64>,
    attempt: u32,
    refreshed: bool,
    poll: Poll,
    state: State,
}

impl Call {
    pub(crate) fn new(
        inner: Rc<Inner>,
        method: &'static str,
        plan: Plan<JsValue>,
        opts: CallOptions,
    ) -> Result<Call, JsValue> {
        let prepared = inner.prepare(method, &plan)?;
        let timeout = opts.timeout.or_else(|| {
            inner
                .lookup(Setting::Timeout)
                .as_ref()
                .and_then(number)
                .filter(|ms| *ms > 0.0)
        });
        let poll = if plan.then.is_some() {
            Poll::Ticket
        } else {
            Poll::None
        };
        Ok(Call {
            inner,
            method,
            plan,
            prepared,
            opts,
            timeout,
            attempt: 0,
            refreshed: false,
            poll,
            state: State::Ready,
        })
    }
}

#[wasm_bindgen]
impl Call {
    /// Advances the call with the outcome of the promise the last step
    /// returned (`ok` false: it rejected with `input`). Returns a promise to
    /// await, or the call's result; throws the call's `AppmixerError`.
    pub fn step(&mut self, ok: bool, input: JsValue) -> Result<JsValue, JsValue> {
        match core::mem::replace(&mut self.state, State::Done) {
            State::Ready => self.send(),
            State::Sending(sent) => {
                let answer = if ok {
                    Ok(Incoming::from_answer(&input))
                } else {
                    Err(SdkError::network())
                };
                self.answered(sent, answer)
            }
            State::Refreshing {
                sent,
                err,
                incoming,
                promise,
            } => {
                self.inner.refresh_settled(&promise);
                match input.as_string().filter(|t| ok && !t.is_empty()) {
                    Some(token) => {
                        self.inner
                            .set_value(Setting::AccessToken, JsValue::from_str(&token));
                        self.send()
                    }
                    None => Err(self.fail(&sent, &err, incoming.as_ref())),
                }
            }
            State::Done => Err(invalid(
                [self.method, ": this call has already settled"].concat(),
            )),
        }
    }
}

impl Call {
    /// Sends one attempt (unless the caller aborted) and returns its promise.
    fn send(&mut self) -> Result<JsValue, JsValue> {
        let sent = self.start();
        if self.opts.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return self.answered(sent, Err(SdkError::canceled()));
        }
        let body = self.prepared.body.as_ref();
        let outgoing = Outgoing {
            method: self.plan.method,
            url: &self.prepared.url,
            content_type: body.map(|b| b.content_type),
            token: sent.token.as_ref(),
            headers: &self.plan.headers,
            body: body.map(|b| &b.text),
            signal: sent.signal.as_ref(),
        };
        match transport::send(&outgoing) {
            Ok(promise) => {
                self.state = State::Sending(sent);
                Ok(promise.into())
            }
            Err(e) => self.answered(sent, Err(e)),
        }
    }

    /// Resolves, or decides what follows a failure: a refresh, a retry after
    /// a wait, or the error.
    fn answered(
        &mut self,
        sent: Sent,
        answer: Result<Incoming, SdkError>,
    ) -> Result<JsValue, JsValue> {
        let (err, incoming) = match self.finish(&sent, answer) {
            Ok(value) => return self.succeeded(value),
            Err(failure) => failure,
        };
        match self.next_step(&sent, &err, incoming.as_ref()) {
            Step::Refresh(refresh) => {
                // Someone already refreshed since this request went out: replay.
                if self.inner.token() != sent.token {
                    return self.send();
                }
                let promise = self.inner.refresh(&refresh);
                self.state = State::Refreshing {
                    sent,
                    err,
                    incoming,
                    promise: promise.clone(),
                };
                Ok(promise.into())
            }
            Step::Retry(delay) => {
                self.attempt += 1;
                self.state = State::Ready;
                Ok(transport::sleep(delay, self.opts.signal.clone()).into())
            }
            Step::Fail => Err(self.fail(&sent, &err, incoming.as_ref())),
        }
    }

    /// A successful answer: the result, or getFlowAuthentication's next poll.
    fn succeeded(&mut self, value: JsValue) -> Result<JsValue, JsValue> {
        match self.poll {
            Poll::Ticket => {
                let ticket = value
                    .as_string()
                    .unwrap_or_else(|| convert::to_display(&value));
                let status =
                    flows::auth_status::<JsValue>(&ticket).map_err(|e| convert::thrown(&e))?;
                self.prepared = self.inner.prepare(self.method, &status)?;
                self.plan = status;
                self.poll = Poll::Status;
                self.attempt = 0;
                self.refreshed = false;
                self.send()
            }
            // Still pending: ask again after `pollInterval` (an abort during
            // the wait ends it; the next send then rejects with ERR_CANCELED).
            Poll::Status if value.is_undefined() => {
                self.attempt = 0;
                self.refreshed = false;
                self.state = State::Ready;
                Ok(transport::sleep(self.inner.poll_interval(), self.opts.signal.clone()).into())
            }
            _ => Ok(value),
        }
    }

    /// Builds one attempt's request (token read now) and announces it.
    fn start(&self) -> Sent {
        let inner = &self.inner;
        let prepared = &self.prepared;
        let token = if prepared.auth { inner.token() } else { None };
        let timer = self.timeout.map(AbortSignal::timeout_with_f64);
        let signal = match (&self.opts.signal, &timer) {
            (Some(user), Some(timer)) => Some(AbortSignal::any(&Array::of2(user, timer))),
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (None, None) => None,
        };
        let telemetry = inner.tracing();
        let sent = Sent {
            auth: prepared.auth,
            token,
            signal,
            timer,
            attempt: self.attempt,
            started: telemetry.then(js_sys::Date::now),
        };
        if telemetry {
            self.telemetry("request", &sent, None);
        }
        sent
    }

    /// Names an aborted or timed-out fetch, announces the answer and applies
    /// the method's resolve rule.
    fn finish(
        &self,
        sent: &Sent,
        answer: Result<Incoming, SdkError>,
    ) -> Result<JsValue, (SdkError, Option<Incoming>)> {
        let answer = answer.map_err(|e| {
            // A failed fetch whose signal fired was aborted, not lost.
            if self.opts.signal.as_ref().is_some_and(AbortSignal::aborted) {
                SdkError::canceled()
            } else if sent.timer.as_ref().is_some_and(AbortSignal::aborted) {
                SdkError::timeout(self.timeout.unwrap_or_default())
            } else {
                e
            }
        });
        if let Some(started) = sent.started {
            let status = answer.as_ref().ok().map(|r| r.status);
            self.telemetry(
                "response",
                sent,
                Some((status, js_sys::Date::now() - started)),
            );
        }
        match answer {
            Ok(incoming) if incoming.ok() => {
                resolve(self.plan.resolve, &incoming).map_err(|e| (e, Some(incoming)))
            }
            Ok(incoming) => Err((SdkError::http(incoming.status), Some(incoming))),
            Err(e) => Err((e, None)),
        }
    }

    /// After a failure: refresh the token (once, on a 401), retry (opt-in,
    /// transient failures of idempotent methods), or fail.
    fn next_step(&mut self, sent: &Sent, err: &SdkError, incoming: Option<&Incoming>) -> Step {
        let status = incoming.map(|i| i.status);
        if status == Some(401) && sent.auth && !self.refreshed {
            if let Some(refresh) = self
                .inner
                .lookup(Setting::RefreshAccessToken)
                .and_then(|f| f.dyn_into::<Function>().ok())
            {
                self.refreshed = true;
                return Step::Refresh(refresh);
            }
        }
        let transient = matches!(err.kind, ErrorKind::Network | ErrorKind::Http(_));
        let policy = self.inner.retry_policy();
        if transient && policy.retries(self.attempt, self.plan.method, status) {
            let retry_after = incoming.and_then(retry_after_ms);
            return Step::Retry(policy.delay_ms(self.attempt, retry_after, js_sys::Math::random()));
        }
        Step::Fail
    }

    /// `request` / `response` events for telemetry (only built when listened to).
    fn telemetry(&self, event: &str, sent: &Sent, answer: Option<(Option<u16>, f64)>) {
        let info = transport::telemetry_info(
            self.method,
            self.plan.method.as_str(),
            &self.prepared.url,
            sent.token.as_ref(),
            sent.attempt,
            answer.and_then(|(status, _)| status),
            answer.map(|(_, duration)| duration),
        );
        self.inner.emit(event, &info);
    }

    /// The `AppmixerError` for a failed call, emitted on `error` first.
    fn fail(&self, sent: &Sent, err: &SdkError, incoming: Option<&Incoming>) -> JsValue {
        let prepared = &self.prepared;
        let body = prepared.body.as_ref();
        let no_data = JsValue::UNDEFINED;
        let config = convert::SentConfig {
            method: self.plan.method.as_str(),
            url: &prepared.url,
            params: &prepared.pairs,
            data: body.map_or(&no_data, |b| &b.data),
            content_type: body.map(|b| b.content_type),
            token: sent.token.as_ref(),
            headers: &self.plan.headers,
        };
        let js = convert::request_error(err, &config, incoming);
        if err.emits_event() {
            self.inner.emit("error", &js);
        }
        js
    }
}

impl Inner {
    /// The refresh under way, else a new one: one refresh is shared by every
    /// call that got a 401 meanwhile.
    fn refresh(&self, refresh: &Function) -> Promise {
        if let Some(pending) = self.refreshing.try_borrow().ok().and_then(|r| r.clone()) {
            return pending;
        }
        let started = match refresh.call0(&JsValue::UNDEFINED) {
            Ok(v) => Promise::resolve(&v),
            Err(e) => Promise::reject(&e),
        };
        if let Ok(mut slot) = self.refreshing.try_borrow_mut() {
            *slot = Some(started.clone());
        }
        started
    }

    /// The refresh `promise` has settled: the next 401 starts a new one.
    fn refresh_settled(&self, promise: &Promise) {
        if let Ok(mut slot) = self.refreshing.try_borrow_mut() {
            if slot
                .as_ref()
                .is_some_and(|p| JsValue::from(p) == JsValue::from(promise))
            {
                *slot = None;
            }
        }
    }
}

fn retry_after_ms(incoming: &Incoming) -> Option<f64> {
    let value = incoming.header("retry-after")?;
    retry::retry_after_seconds(&value).or_else(|| {
        let at = date_parse(&value);
        at.is_finite().then(|| (at - js_sys::Date::now()).max(0.0))
    })
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
