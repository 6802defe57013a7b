//! `appmixer-emulator [--port N] [--host H] [--seed demo] [--test-hooks] [--token-ttl SECS] [--data FILE]`

use appmixer_emulator::{persist, seed, serve, AppState, Config};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str =
    "usage: appmixer-emulator [--port N] [--host H] [--seed demo] [--test-hooks] [--token-ttl SECS] [--data FILE]

  --port N          port to listen on (default 2200; 0 picks a free port)
  --host H          address to bind (default 127.0.0.1)
  --seed demo       create demo users and data (credentials are printed)
  --test-hooks      serve /_emulator/* (request recorder, token minting, faults)
  --token-ttl SECS  lifetime of issued tokens (default 86400)
  --data FILE       keep all data in FILE (loaded at start, saved after changes)";

struct Cli {
    port: u16,
    host: String,
    seed: bool,
    data: Option<PathBuf>,
    config: Config,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Option<Cli>, String> {
    let mut cli = Cli {
        port: 2200,
        host: "127.0.0.1".into(),
        seed: false,
        data: None,
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
            "--data" => {
                let v = value("--data")?;
                if v.is_empty() {
                    return Err("--data needs a file path".into());
                }
                cli.data = Some(PathBuf::from(v));
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
    let state = match &cli.data {
        None => AppState::new(cli.config.clone()),
        Some(path) => match persist::open(cli.config.clone(), path) {
            Ok((state, _loaded)) => state,
            Err(e) => {
                eprintln!(
                    "appmixer-emulator: cannot load data file {}: {e}",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
        },
    };
    // Bind first: a busy port must not seed, print credentials or touch the data file.
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
    let mut out = std::io::stdout().lock();
    if cli.seed {
        for line in seed::demo(&state) {
            let _ = writeln!(out, "{line}");
        }
    }
    let mut saver = None;
    if let Some(path) = &cli.data {
        // Write once now: creates the file and proves it is writable.
        if let Err(e) = persist::save(&state, path) {
            eprintln!(
                "appmixer-emulator: cannot write data file {}: {e}",
                path.display()
            );
            return ExitCode::FAILURE;
        }
        saver = Some(tokio::spawn(persist::saver(state.clone(), path.clone())));
    }
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
    let server_state = state.clone();
    let mut server = tokio::spawn(async move {
        serve(listener, server_state, async {
            let _ = stop_rx.await;
        })
        .await
    });
    let code = tokio::select! {
        _ = shutdown_signal() => {
            let _ = stop_tx.send(());
            // Let in-flight requests finish, but do not wait long for lingering clients.
            let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
            ExitCode::SUCCESS
        }
        res = &mut server => {
            // The server only ends by itself on an I/O error.
            if let Ok(Err(e)) = res {
                eprintln!("appmixer-emulator: {e}");
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    };
    if let (Some(path), Some(saver)) = (&cli.data, saver) {
        saver.abort();
        let _ = saver.await;
        let s = state.clone();
        let p = path.clone();
        match tokio::task::spawn_blocking(move || persist::save(&s, &p)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                eprintln!(
                    "appmixer-emulator: cannot save data file {}: {e}",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
            Err(_) => return ExitCode::FAILURE,
        }
    }
    code
}
