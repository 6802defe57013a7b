//! `--data FILE`: the whole database (users with password hashes, flows,
//! stores, records, accounts with tokens, logs, tasks with secrets, charts,
//! app events) and the token secret, as one JSON file.
//!
//! - Loaded at start when the file exists; an unreadable or invalid file is
//!   an error (the binary exits non-zero).
//! - Saved after mutating requests by [`saver`], at most every
//!   [`SAVE_INTERVAL`], and once more on shutdown ([`save`]).
//! - Every save is atomic: the JSON goes to a temporary file in the same
//!   directory, which is fsynced and renamed over FILE (then the directory
//!   is fsynced), so FILE is always a complete snapshot, even after a crash.
//! - Not saved: the request recorder, fault rules and flow-auth tickets.

use crate::state::{AppState, Config, Db};
use crate::util::{hex, iso, now_ms};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The `format` field of a data file.
pub const FORMAT: &str = "appmixer-emulator-data";
/// The `version` field of a data file.
pub const VERSION: u64 = 1;
/// The shortest time between two background saves.
pub const SAVE_INTERVAL: Duration = Duration::from_millis(200);

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    #[serde(rename = "savedAt")]
    saved_at: String,
    /// The token-signing secret (hex), so issued tokens stay valid.
    secret: String,
    db: &'a Db,
}

#[derive(Deserialize)]
struct FileIn {
    format: String,
    version: u64,
    secret: String,
    db: Db,
}

fn unhex32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Reads a data file: `Ok(None)` when it does not exist, `Err` (a sentence)
/// when it cannot be read or is not a valid data file.
pub fn load(path: &Path) -> Result<Option<(Db, [u8; 32])>, String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    let file: FileIn =
        serde_json::from_slice(&bytes).map_err(|e| format!("not a valid data file: {e}"))?;
    if file.format != FORMAT {
        return Err(format!(
            "not a valid data file: format is \"{}\", expected \"{FORMAT}\"",
            file.format
        ));
    }
    if file.version != VERSION {
        return Err(format!(
            "unsupported data file version {} (this build reads {VERSION})",
            file.version
        ));
    }
    let secret =
        unhex32(&file.secret).ok_or("not a valid data file: \"secret\" must be 64 hex digits")?;
    Ok(Some((file.db, secret)))
}

/// Loads `path` into a new state (a fresh one when the file does not exist).
pub fn open(config: Config, path: &Path) -> Result<(AppState, bool), String> {
    Ok(match load(path)? {
        Some((db, secret)) => (AppState::from_parts(config, db, secret), true),
        None => (AppState::new(config), false),
    })
}

/// The state as data-file JSON (serialized under the database lock).
pub fn snapshot(state: &AppState) -> Vec<u8> {
    let secret = hex(state.secret());
    state.db(|db| {
        serde_json::to_vec(&FileOut {
            format: FORMAT,
            version: VERSION,
            saved_at: iso(now_ms()),
            secret,
            db,
        })
        // Serializing maps with string keys and JSON values cannot fail.
        .unwrap_or_default()
    })
}

/// Serializes saves within the process, so an older snapshot never
/// overwrites a newer one.
static WRITE_LOCK: Mutex<()> = Mutex::new(());

/// Writes the state to `path` atomically (blocking).
pub fn save(state: &AppState, path: &Path) -> std::io::Result<()> {
    let _guard = WRITE_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let bytes = snapshot(state);
    write_atomic(path, &bytes)
}

/// Replaces `path` with `bytes`: temp file in the same directory, fsync,
/// rename, fsync of the directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the data path names no file",
        )
    })?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Saves `state` to `path` whenever it changes, at most every
/// [`SAVE_INTERVAL`]. Runs until dropped/aborted; errors are reported on
/// stderr and retried at the next change.
pub async fn saver(state: AppState, path: PathBuf) {
    let mut last_save: Option<Instant> = None;
    let mut saved = state.generation();
    loop {
        state.changed().await;
        if let Some(last) = last_save {
            tokio::time::sleep((last + SAVE_INTERVAL).saturating_duration_since(Instant::now()))
                .await;
        }
        let generation = state.generation();
        if generation == saved {
            continue;
        }
        let (s, p) = (state.clone(), path.clone());
        match tokio::task::spawn_blocking(move || save(&s, &p)).await {
            Ok(Ok(())) => saved = generation,
            Ok(Err(e)) => eprintln!(
                "appmixer-emulator: cannot save data file {}: {e}",
                path.display()
            ),
            Err(e) => eprintln!("appmixer-emulator: saving failed: {e}"),
        }
        last_save = Some(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_keeps_users_secret_and_data() {
        let dir = std::env::temp_dir().join(format!("emu-persist-{}", crate::util::uuid_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("data.json");
        assert!(load(&path).unwrap().is_none());
        let state = AppState::new(Config::default());
        let user = state
            .create_user("p@example.com", "p@example.com", "pw")
            .unwrap();
        save(&state, &path).unwrap();
        let (db, secret) = load(&path).unwrap().unwrap();
        assert_eq!(&secret, state.secret());
        let again = AppState::from_parts(Config::default(), db, secret);
        assert!(again.db(|db| db.user_by_name("P@example.com").is_some()));
        let token = state.issue_token(&user.id);
        assert_eq!(again.verify_token(&token), Ok(user.id.clone()));
        // No temp files are left behind.
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("data.json")]);

        for bad in [
            "",
            "{",
            "[]",
            r#"{"format":"x","version":1,"secret":"","db":{}}"#,
        ] {
            std::fs::write(&path, bad).unwrap();
            assert!(load(&path).is_err(), "{bad:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
