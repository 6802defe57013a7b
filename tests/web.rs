//! The core in headless Chromium against a running emulator
//! (`APPMIXER_EMULATOR_URL`, set by `npm test` when it builds these tests).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use appmixer_wasm::core::{Core, Hooks};
use js_sys::{Array, Map, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DOWN: &str = "http://127.0.0.1:9";

/// Every event the core emitted, in order: `(name, payload)`.
type EventLog = Rc<RefCell<Vec<(String, JsValue)>>>;

// Not `env!`: the crate must still build (clippy, --no-run) without an emulator.
#[allow(clippy::option_env_unwrap)]
fn emulator() -> String {
    option_env!("APPMIXER_EMULATOR_URL")
        .expect(
            "APPMIXER_EMULATOR_URL must be set when the wasm tests are built (npm test does it)",
        )
        .trim_end_matches('/')
        .to_owned()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn get_str(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string in {:?}", JSON::stringify(v)))
}

fn config(pairs: &[(&str, &str)]) -> Map {
    let bag = Map::new();
    for (k, v) in pairs {
        bag.set(&JsValue::from_str(k), &JsValue::from_str(v));
    }
    bag
}

/// Hooks that record every emitted event, as the JS entry's would dispatch them.
fn recording_hooks() -> (Hooks, EventLog) {
    let log = Rc::new(RefCell::new(Vec::new()));
    let hooks = Object::new();
    let sink = log.clone();
    let emit = Closure::<dyn Fn(String, JsValue)>::new(move |event: String, payload: JsValue| {
        sink.borrow_mut().push((event, payload));
    });
    let tracing = Closure::<dyn Fn() -> bool>::new(|| true);
    Reflect::set(&hooks, &"emit".into(), emit.as_ref()).unwrap();
    Reflect::set(&hooks, &"tracing".into(), tracing.as_ref()).unwrap();
    emit.forget();
    tracing.forget();
    (hooks.unchecked_into(), log)
}

fn new_core(pairs: &[(&str, &str)]) -> (Core, Map, EventLog) {
    let bag = config(pairs);
    let (hooks, log) = recording_hooks();
    (Core::new(bag.clone(), hooks), bag, log)
}

fn errors(log: &EventLog) -> Vec<JsValue> {
    log.borrow()
        .iter()
        .filter(|(e, _)| e == "error")
        .map(|(_, p)| p.clone())
        .collect()
}

fn args(items: &[&str]) -> Array {
    items.iter().map(|s| JsValue::from_str(s)).collect()
}

/// Drives a call as `js/facade.js` does: await each promise a step returns
/// and hand its outcome to the next step.
async fn call(core: &Core, name: &str, a: Array) -> Result<JsValue, JsValue> {
    // An unknown name goes in as the index past the table, which is refused.
    let index = appmixer_wasm::api::methods()
        .position(|m| m.name == name)
        .unwrap_or_else(|| appmixer_wasm::api::methods().count());
    let mut call = core.call(index, &a)?;
    let (mut ok, mut input) = (true, JsValue::UNDEFINED);
    loop {
        let out = call.step(ok, input)?;
        let Some(promise) = out.dyn_ref::<js_sys::Promise>() else {
            return Ok(out);
        };
        (ok, input) = match JsFuture::from(promise.clone()).await {
            Ok(v) => (true, v),
            Err(e) => (false, e),
        };
    }
}

async fn fetch_json(url: &str) -> JsValue {
    let resp = gloo_net::http::Request::get(url).send().await.unwrap();
    JSON::parse(&resp.text().await.unwrap()).unwrap()
}

/// What the emulator received after `seq`, without CORS preflights.
async fn seen_since(seq: f64) -> Vec<JsValue> {
    let all: Array = fetch_json(&format!("{}/_emulator/requests?since={seq}", emulator()))
        .await
        .into();
    all.iter()
        .filter(|r| get_str(r, "method") != "OPTIONS")
        .collect()
}

async fn last_seq() -> f64 {
    let all: Array = fetch_json(&format!("{}/_emulator/requests", emulator()))
        .await
        .into();
    let n = all.length();
    if n == 0 {
        0.0
    } else {
        get(&all.get(n - 1), "seq").as_f64().unwrap()
    }
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}@wasm.test",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e9) as u64
    )
}

#[wasm_bindgen_test]
async fn signup_authenticate_and_get_user() {
    let (core, bag, log) = new_core(&[("baseUrl", &emulator())]);
    let username = unique("web");
    let seq = last_seq().await;
    let signup = call(&core, "signupUser", args(&[&username, "pw"]))
        .await
        .unwrap();
    assert_eq!(get_str(&signup, "token").split('.').count(), 3);
    let auth = call(&core, "authenticateUser", args(&[&username, "pw"]))
        .await
        .unwrap();
    let user_id = get_str(&get(&auth, "user"), "id");
    bag.set(&"accessToken".into(), &get(&auth, "token"));
    let user = call(&core, "getUser", Array::new()).await.unwrap();
    let telemetry: Vec<String> = log.borrow().iter().map(|(e, _)| e.clone()).collect();
    assert_eq!(
        telemetry,
        ["request", "response", "request", "response", "request", "response"]
    );
    assert_eq!(get_str(&user, "id"), user_id);
    assert_eq!(get_str(&user, "email"), username);

    let seen = seen_since(seq).await;
    let lines: Vec<String> = seen
        .iter()
        .filter(|r| {
            get(r, "body")
                .as_string()
                .is_some_and(|b| b.contains(&username))
                || get(r, "userId").as_string().as_deref() == Some(&user_id)
        })
        .map(|r| format!("{} {}", get_str(r, "method"), get_str(r, "path")))
        .collect();
    assert_eq!(lines, ["POST /user", "POST /user/auth", "GET /user"]);
    let get_req = seen
        .iter()
        .rev()
        .find(|r| get_str(r, "path") == "/user" && get_str(r, "method") == "GET")
        .unwrap();
    assert_eq!(
        get_str(&get(get_req, "headers"), "authorization"),
        "Bearer [REDACTED]"
    );
}

#[wasm_bindgen_test]
async fn http_failure_is_an_appmixer_error_emitted_once() {
    let (core, _bag, log) = new_core(&[("baseUrl", &emulator())]);
    let err = call(&core, "authenticateUser", args(&[&unique("nobody"), "x"]))
        .await
        .unwrap_err();
    let emitted = errors(&log);
    assert_eq!(emitted.len(), 1);
    assert_eq!(emitted[0], err, "the event carries the rejected object");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get_str(&err, "name"), "AppmixerError");
    assert_eq!(get(&err, "code").as_f64(), Some(403.0));
    assert_eq!(get(&get(&err, "response"), "status").as_f64(), Some(403.0));
    assert_eq!(
        get_str(&err, "message"),
        "Request failed with status code 403"
    );
}

#[wasm_bindgen_test]
async fn bad_token_is_401_and_token_is_redacted() {
    let token = "aaa.bbb.SECRET-SIGNATURE";
    let (core, _, _) = new_core(&[("baseUrl", &emulator()), ("accessToken", token)]);
    let err = call(&core, "getUser", Array::new()).await.unwrap_err();
    assert_eq!(get(&err, "code").as_f64(), Some(401.0));
    let json = JSON::stringify(&err).unwrap().as_string().unwrap();
    assert!(!json.contains("SECRET-SIGNATURE"), "{json}");
    assert!(json.contains("Bearer [REDACTED]"), "{json}");
}

#[wasm_bindgen_test]
async fn invalid_arguments_and_missing_base_url_send_nothing() {
    let seq = last_seq().await;
    let (core, _, log) = new_core(&[("baseUrl", &emulator())]);
    let bad: Array = [JsValue::from_f64(42.0), JsValue::from_str("pw")]
        .iter()
        .collect();
    let err = call(&core, "authenticateUser", bad).await.unwrap_err();
    assert_eq!(get_str(&err, "code"), "ERR_INVALID_ARG");
    assert_eq!(
        get_str(&err, "message"),
        "authenticateUser: argument 'username' must be a string, got number"
    );
    let (no_base, _, _) = new_core(&[]);
    let err = call(&no_base, "getUser", Array::new()).await.unwrap_err();
    assert_eq!(get_str(&err, "code"), "ERR_INVALID_ARG");
    let err = call(&core, "noSuchMethod", Array::new()).await.unwrap_err();
    assert_eq!(get_str(&err, "code"), "ERR_INVALID_ARG");
    assert!(seen_since(seq).await.is_empty());
    assert!(errors(&log).is_empty(), "no error event for bad arguments");
}

#[wasm_bindgen_test]
async fn nothing_listening_is_err_network() {
    let (core, _, log) = new_core(&[("baseUrl", DOWN)]);
    let err = call(&core, "getUser", Array::new()).await.unwrap_err();
    assert_eq!(get_str(&err, "code"), "ERR_NETWORK");
    assert!(get(&err, "response").is_undefined());
    assert_eq!(errors(&log).len(), 1);
}

#[wasm_bindgen_test]
async fn configuration_is_read_at_each_request() {
    let (core, bag, _) = new_core(&[("baseUrl", DOWN)]);
    let err = call(&core, "getUser", Array::new()).await.unwrap_err();
    assert_eq!(get_str(&err, "code"), "ERR_NETWORK");
    bag.set(&"baseUrl".into(), &format!("{}/", emulator()).into());
    let err = call(&core, "getUser", Array::new()).await.unwrap_err();
    assert_eq!(
        get(&err, "code").as_f64(),
        Some(401.0),
        "the new baseUrl (trailing slash) is used"
    );
    assert_eq!(
        get_str(&get(&err, "config"), "url"),
        format!("{}/user", emulator())
    );
}
