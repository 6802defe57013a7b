//! `--data FILE`: the binary saves everything, restarts with the same data
//! (tokens stay valid), survives SIGKILL during writes, refuses a corrupt file.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Proc {
    child: Child,
    port: u16,
    lines: Vec<String>,
}

fn start(args: &[&str]) -> Proc {
    let mut child = Command::new(env!("CARGO_BIN_EXE_appmixer-emulator"))
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut lines = Vec::new();
    let port = loop {
        let Some(Ok(line)) = out.next() else {
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            panic!("no listening line; stderr: {err}");
        };
        if let Some(rest) = line.strip_prefix("listening on http://127.0.0.1:") {
            break rest.parse().unwrap();
        }
        lines.push(line);
    };
    Proc { child, port, lines }
}

impl Proc {
    fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }

    fn wait(&mut self) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = self.child.kill();
                panic!("did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        http(
            self.port,
            method,
            path,
            token,
            body.map(|b| b.to_string()).as_deref(),
        )
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request (Connection: close); the status and the JSON body
/// (`null` when not JSON).
fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (u16, Value) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let body = body.unwrap_or("");
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out);
    let status: u16 = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad response: {text}"));
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "emu-{name}-{}-{}",
        std::process::id(),
        appmixer_emulator::util::uuid_v4()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn file_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).expect("data file exists");
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("data file is not JSON: {e}"))
}

#[test]
fn data_survives_a_restart_and_tokens_stay_valid() {
    let dir = temp_dir("restart");
    let file = dir.join("emu.json");
    let data = file.to_str().unwrap();
    let p = start(&["--data", data, "--test-hooks"]);
    assert!(file.exists(), "written at start");

    let (s, b) = p.call(
        "POST",
        "/user",
        None,
        Some(&json!({"username": "keep@example.com", "password": "pw-123456"})),
    );
    assert_eq!(s, 200, "{b}");
    let token = b["token"].as_str().unwrap().to_string();
    let t = Some(token.as_str());
    let flow =
        json!({"on": {"type": "appmixer.utils.appevents.OnAppEvent", "config": {"event": "go"}}});
    let (_, b) = p.call(
        "POST",
        "/flows",
        t,
        Some(&json!({"name": "Kept flow", "flow": flow})),
    );
    let flow_id = b["flowId"].as_str().unwrap().to_string();
    p.call(
        "POST",
        &format!("/flows/{flow_id}/coordinator"),
        t,
        Some(&json!({"command": "start"})),
    );
    let (_, b) = p.call("POST", "/stores", t, Some(&json!({"name": "Kept store"})));
    let store_id = b["storeId"].as_str().unwrap().to_string();
    let (s, _) = http(
        p.port,
        "POST",
        &format!("/store/{store_id}/k%201"),
        t,
        Some("the value"),
    );
    assert_eq!(s, 200);
    let (_, account) = p.call(
        "POST",
        "/accounts",
        t,
        Some(&json!({"service": "appmixer:slack", "token": "tok-SECRET", "name": "ws"})),
    );
    let (_, task) = p.call(
        "POST",
        "/people-task/tasks",
        t,
        Some(&json!({"title": "Kept task", "approver": "boss@example.com", "requester": "keep@example.com"})),
    );
    let (_, chart) = p.call(
        "POST",
        "/charts",
        t,
        Some(&json!({"name": "Kept chart", "type": "pie"})),
    );
    let (s, _) = p.call(
        "POST",
        "/plugins/appmixer/utils/appevents/events/go",
        t,
        Some(&json!({"n": 1})),
    );
    assert_eq!(s, 200);
    p.call(
        "POST",
        "/_emulator/faults",
        None,
        Some(&json!({"path": "/user", "fault": {"status": 500}})),
    );

    // Saved in the background within a moment (no shutdown needed).
    let deadline = Instant::now() + Duration::from_secs(5);
    while !std::fs::read_to_string(&file)
        .unwrap_or_default()
        .contains("Kept chart")
    {
        assert!(Instant::now() < deadline, "not saved in the background");
        std::thread::sleep(Duration::from_millis(50));
    }

    let (_, logs_before) = p.call("GET", "/logs?size=100", t, None);
    let mut p = p;
    p.signal("-TERM");
    assert!(p.wait().success());

    let saved = file_json(&file);
    assert_eq!(saved["format"], "appmixer-emulator-data");
    let text = saved.to_string();
    assert!(text.contains("pbkdf2-sha256$"), "password hashes are kept");
    assert!(text.contains("tok-SECRET"), "account tokens are kept");
    assert!(
        text.contains(task["approverSecret"].as_str().unwrap()),
        "task secrets are kept"
    );
    assert!(
        !text.contains("/_emulator/faults"),
        "the recorder is not kept"
    );

    // Restart on the same file.
    let p = start(&["--data", data, "--test-hooks"]);
    let (s, user) = p.call("GET", "/user", t, None);
    assert_eq!(
        s, 200,
        "the old token is still valid (and the fault is gone): {user}"
    );
    assert_eq!(user["username"], "keep@example.com");
    let (s, _) = p.call(
        "POST",
        "/user/auth",
        None,
        Some(&json!({"username": "keep@example.com", "password": "pw-123456"})),
    );
    assert_eq!(s, 200, "the password still works");
    let (_, flows) = p.call("GET", "/flows", t, None);
    assert_eq!(flows[0]["name"], "Kept flow");
    assert_eq!(flows[0]["stage"], "running");
    let (_, recs) = p.call("GET", &format!("/store?storeId={store_id}"), t, None);
    assert_eq!(recs[0]["key"], "k 1");
    assert_eq!(recs[0]["value"], "the value");
    let (_, accounts) = p.call("GET", "/accounts", t, None);
    assert_eq!(accounts[0]["accountId"], account["accountId"]);
    assert!(!accounts.to_string().contains("tok-SECRET"));
    let (_, logs) = p.call("GET", "/logs?size=100", t, None);
    assert_eq!(logs, logs_before);
    assert_eq!(logs["total"], 2, "one start entry + one app event entry");
    let (_, tasks) = p.call("GET", "/people-task/tasks", t, None);
    assert_eq!(tasks[0]["title"], "Kept task");
    let (s, _) = p.call(
        "PUT",
        &format!(
            "/people-task/tasks/{}/approve",
            task["taskId"].as_str().unwrap()
        ),
        t,
        Some(&json!({"secret": task["approverSecret"]})),
    );
    assert_eq!(s, 200, "the approver secret still works");
    let (_, charts) = p.call("GET", "/charts", t, None);
    assert_eq!(charts[0]["chartId"], chart["chartId"]);
    let (_, events) = p.call("GET", "/_emulator/app-events", None, None);
    assert_eq!(events[0]["event"], "go");
    let (_, faults) = p.call("GET", "/_emulator/faults", None, None);
    assert_eq!(faults, json!([]), "faults are not kept");
    let (_, requests) = p.call("GET", "/_emulator/requests", None, None);
    assert!(
        requests
            .as_array()
            .unwrap()
            .iter()
            .all(|r| !(r["method"] == "POST" && r["path"] == "/flows")),
        "the recorder starts empty"
    );
    drop(p);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigkill_during_a_burst_of_writes_leaves_a_loadable_file() {
    let dir = temp_dir("kill");
    let file = dir.join("burst.json");
    let data = file.to_str().unwrap();
    let mut token = String::new();
    let mut store_id = String::new();
    let mut last_count = 0usize;
    for (round, kill_after_ms) in [150u64, 420, 730].into_iter().enumerate() {
        let mut p = start(&["--data", data]);
        if round == 0 {
            let (_, b) = p.call(
                "POST",
                "/user",
                None,
                Some(&json!({"username": "burst@example.com", "password": "pw-123456"})),
            );
            token = b["token"].as_str().unwrap().to_string();
            let (_, b) = p.call("POST", "/stores", Some(&token), Some(&json!({"name": "S"})));
            store_id = b["storeId"].as_str().unwrap().to_string();
            // Saves are debounced (SIGKILL may lose the last ~200 ms): wait
            // for the store to be on disk before the burst.
            let deadline = Instant::now() + Duration::from_secs(5);
            while !std::fs::read_to_string(&file)
                .unwrap_or_default()
                .contains(&store_id)
            {
                assert!(Instant::now() < deadline, "store not saved");
                std::thread::sleep(Duration::from_millis(20));
            }
        } else {
            // What was saved before the kill is served again.
            let (s, b) = p.call(
                "GET",
                &format!("/store/count?storeId={store_id}"),
                Some(&token),
                None,
            );
            assert_eq!(s, 200, "{b}");
            let count = b["count"].as_u64().unwrap() as usize;
            assert!(count >= last_count, "{count} < {last_count}");
            last_count = count;
        }
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let (port, token, store_id, stop) = (p.port, token.clone(), store_id.clone(), stop.clone());
                std::thread::spawn(move || {
                    let mut i = 0;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let mut s = match TcpStream::connect(("127.0.0.1", port)) {
                            Ok(s) => s,
                            Err(_) => break,
                        };
                        let body = format!("value {round}-{w}-{i} {}", "x".repeat(200));
                        let req = format!(
                            "POST /store/{store_id}/k{round}-{w}-{i} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if s.write_all(req.as_bytes()).is_err() {
                            break;
                        }
                        let mut out = Vec::new();
                        let _ = s.read_to_end(&mut out);
                        i += 1;
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(kill_after_ms));
        p.signal("-KILL");
        let status = p.wait();
        assert!(!status.success());
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for w in writers {
            w.join().unwrap();
        }
        // Always a complete, loadable file.
        let saved = file_json(&file);
        assert_eq!(saved["format"], "appmixer-emulator-data");
        assert!(appmixer_emulator::persist::load(&file).unwrap().is_some());
    }
    // The last kill's file loads too.
    let p = start(&["--data", data]);
    let (s, _) = p.call("GET", "/user", Some(&token), None);
    assert_eq!(s, 200);
    drop(p);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "burst.json" && !n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_data_file_is_refused() {
    let dir = temp_dir("corrupt");
    let file = dir.join("bad.json");
    for content in [
        "{\"format\": \"appmixer-emulator-data\", \"db\": ",
        "[]",
        "",
    ] {
        std::fs::write(&file, content).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_appmixer-emulator"))
            .args(["--port", "0", "--data", file.to_str().unwrap()])
            .output()
            .expect("run");
        assert!(!out.status.success(), "{content:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot load data file"), "{err}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"));
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            content,
            "left untouched"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn seeding_a_saved_file_again_keeps_it() {
    let dir = temp_dir("seed");
    let file = dir.join("seed.json");
    let data = file.to_str().unwrap();
    let mut counts = Vec::new();
    for _ in 0..2 {
        let mut p = start(&["--seed", "demo", "--data", data]);
        assert!(
            p.lines.join("\n").contains("demo@example.com / demo1234"),
            "{:?}",
            p.lines
        );
        let (_, b) = p.call(
            "POST",
            "/user/auth",
            None,
            Some(&json!({"username": "demo@example.com", "password": "demo1234"})),
        );
        let token = b["token"].as_str().unwrap().to_string();
        let (_, flows) = p.call("GET", "/flows/count", Some(&token), None);
        let (_, logs) = p.call("GET", "/logs?size=0", Some(&token), None);
        counts.push((flows["count"].clone(), logs["total"].clone()));
        p.signal("-INT");
        assert!(p.wait().success());
    }
    assert_eq!(counts[0], counts[1], "not seeded twice");
    let _ = std::fs::remove_dir_all(&dir);
}
