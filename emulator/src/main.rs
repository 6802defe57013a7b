//! `appmixer-emulator [--port N] [--host H] [--seed demo] [--test-hooks] [--token-ttl SECS]`

use appmixer_emulator::{app, seed, AppState, Config};
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str =
    "usage: appmixer-emulator [--port N] [--host H] [--seed demo] [--test-hooks] [--token-ttl SECS]

  --port N          port to listen on (default 2200; 0 picks a free port)
  --host H          address to bind (default 127.0.0.1)
  --seed demo       create demo users and data (credentials are printed)
  --test-hooks      serve /_emulator/* (request recorder, token minting)
  --token-ttl SECS  lifetime of issued tokens (default 86400)";

struct Cli {
    port: u16,
    host: String,
    seed: bool,
    config: Config,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Option<Cli>, String> {
    let mut cli = Cli {
        port: 2200,
        host: "127.0.0.1".into(),
        seed: false,
        config: Config::default(),
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => {
                let v = value("--port")?;
                cli.port = v.parse().map_err(|_| format!("invalid --port: {v}"))?;
            }
            "--host" => cli.host = value("--host")?,
            "--seed" => match value("--seed")?.as_str() {
                "demo" => cli.seed = true,
                "none" => cli.seed = false,
                other => return Err(format!("unknown seed: {other} (expected demo)")),
            },
            "--token-ttl" => {
                let v = value("--token-ttl")?;
                cli.config.token_ttl = match v.parse::<i64>() {
                    Ok(n) if n > 0 => n,
                    _ => return Err(format!("invalid --token-ttl: {v}")),
                };
            }
            "--test-hooks" if inline.is_none() => cli.config.test_hooks = true,
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(Some(cli))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match parse_args(std::env::args().skip(1)) {
        Ok(Some(cli)) => cli,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("appmixer-emulator: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let state = AppState::new(cli.config.clone());
    let mut out = std::io::stdout().lock();
    if cli.seed {
        for line in seed::demo(&state) {
            let _ = writeln!(out, "{line}");
        }
    }
    let listener = match tokio::net::TcpListener::bind((cli.host.as_str(), cli.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "appmixer-emulator: cannot listen on {}:{}: {e}",
                cli.host, cli.port
            );
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(cli.port);
    let host = if cli.host.contains(':') && !cli.host.starts_with('[') {
        format!("[{}]", cli.host)
    } else {
        cli.host.clone()
    };
    let _ = writeln!(out, "listening on http://{host}:{port}");
    let _ = out.flush();
    drop(out);

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let mut server = tokio::spawn(async move {
        axum::serve(listener, app(state))
            .with_graceful_shutdown(async {
                let _ = stop_rx.await;
            })
            .await
    });
    tokio::select! {
        _ = shutdown_signal() => {}
        res = &mut server => {
            // The server only ends by itself on an I/O error.
            if let Ok(Err(e)) = res {
                eprintln!("appmixer-emulator: {e}");
                return ExitCode::FAILURE;
            }
            return ExitCode::SUCCESS;
        }
    }
    let _ = stop_tx.send(());
    // Let in-flight requests finish, but do not wait long for lingering clients.
    let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
    ExitCode::SUCCESS
}
