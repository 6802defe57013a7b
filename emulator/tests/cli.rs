//! The binary: CLI output, a real listener, SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn http_get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn binary_prints_credentials_then_listening_line_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_appmixer-emulator"))
        .args([
            "--port",
            "0",
            "--seed",
            "demo",
            "--test-hooks",
            "--token-ttl",
            "600",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut before = Vec::new();
    let port: u16 = loop {
        let line = lines.next().expect("a line").expect("utf-8");
        if let Some(rest) = line.strip_prefix("listening on http://127.0.0.1:") {
            break rest.parse().expect("port");
        }
        assert!(!line.starts_with("listening"), "{line}");
        before.push(line);
    };
    assert!(port > 0);
    let before = before.join("\n");
    assert!(before.contains("demo@example.com / demo1234"), "{before}");
    assert!(before.contains("alice@example.com / alice1234"), "{before}");

    let resp = http_get(port, "/");
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains(r#"{"version":"6.5.0-emulator"}"#), "{resp}");
    assert!(
        resp.to_lowercase()
            .contains("access-control-allow-origin: *"),
        "{resp}"
    );
    let resp = http_get(port, "/_emulator/requests");
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("did not exit on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn binary_rejects_unknown_arguments() {
    let out = Command::new(env!("CARGO_BIN_EXE_appmixer-emulator"))
        .args(["--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown argument"));
}

#[test]
fn hooks_are_off_by_default() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_appmixer-emulator"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let port: u16 = first
        .strip_prefix("listening on http://127.0.0.1:")
        .expect(&first)
        .parse()
        .unwrap();
    let resp = http_get(port, "/_emulator/requests");
    assert!(resp.starts_with("HTTP/1.1 404"), "{resp}");
    assert!(resp.contains(r#""statusCode":404"#), "{resp}");
    let _ = child.kill();
    let _ = child.wait();
}
