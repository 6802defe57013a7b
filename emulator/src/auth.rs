//! HS256 JSON Web Tokens and salted, iterated password hashes.

use crate::boom::Boom;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// PBKDF2 rounds. Few enough to keep debug-build tests fast, many enough that
/// the hash is not a plain digest.
pub const PBKDF2_ROUNDS: u32 = 4_096;

fn mac(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this never fails.
    <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

/// Signs a token `{id, scope: ["user"], iat, exp}` valid for `ttl_secs` (may be negative).
pub fn sign_token(secret: &[u8], user_id: &str, iat: i64, ttl_secs: i64) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = json!({
        "id": user_id,
        "scope": ["user"],
        "iat": iat,
        "exp": iat.saturating_add(ttl_secs),
    });
    let payload = URL_SAFE_NO_PAD.encode(payload.to_string().as_bytes());
    let signing_input = format!("{header}.{payload}");
    let mut m = mac(secret);
    m.update(signing_input.as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(m.finalize().into_bytes());
    format!("{signing_input}.{sig}")
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Malformed,
    BadSignature,
    Expired,
}

/// Verifies signature and expiry; returns the user ID of the payload.
pub fn verify_token(secret: &[u8], token: &str, now_secs: i64) -> Result<String, TokenError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let header: Value = URL_SAFE_NO_PAD
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(TokenError::Malformed)?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(TokenError::Malformed);
    }
    let sig = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| TokenError::Malformed)?;
    let mut m = mac(secret);
    m.update(h.as_bytes());
    m.update(b".");
    m.update(p.as_bytes());
    m.verify_slice(&sig).map_err(|_| TokenError::BadSignature)?;
    let payload: Value = URL_SAFE_NO_PAD
        .decode(p)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(TokenError::Malformed)?;
    let exp = payload
        .get("exp")
        .and_then(Value::as_f64)
        .ok_or(TokenError::Malformed)?;
    if exp <= now_secs as f64 {
        return Err(TokenError::Expired);
    }
    payload
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or(TokenError::Malformed)
}

/// PBKDF2-HMAC-SHA256 with one 32-byte output block.
fn pbkdf2(password: &[u8], salt: &[u8], rounds: u32) -> [u8; 32] {
    let keyed = mac(password);
    let mut m = keyed.clone();
    m.update(salt);
    m.update(&1u32.to_be_bytes());
    let mut u: [u8; 32] = m.finalize().into_bytes().into();
    let mut out = u;
    for _ in 1..rounds {
        let mut m = keyed.clone();
        m.update(&u);
        u = m.finalize().into_bytes().into();
        for (o, x) in out.iter_mut().zip(u.iter()) {
            *o ^= x;
        }
    }
    out
}

/// `pbkdf2-sha256$ROUNDS$SALT$HASH` (salt and hash in unpadded base64).
pub fn hash_password(password: &str) -> String {
    let salt = crate::util::random_bytes::<16>();
    let hash = pbkdf2(password.as_bytes(), &salt, PBKDF2_ROUNDS);
    format!(
        "pbkdf2-sha256${PBKDF2_ROUNDS}${}${}",
        STANDARD_NO_PAD.encode(salt),
        STANDARD_NO_PAD.encode(hash)
    )
}

/// Checks a password against a stored hash in constant time.
pub fn verify_password(password: &str, stored: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some("pbkdf2-sha256"), Some(rounds), Some(salt), Some(hash), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let (Ok(rounds), Ok(salt), Ok(hash)) = (
        rounds.parse::<u32>(),
        STANDARD_NO_PAD.decode(salt),
        STANDARD_NO_PAD.decode(hash),
    ) else {
        return false;
    };
    if rounds == 0 {
        return false;
    }
    let computed = pbkdf2(password.as_bytes(), &salt, rounds);
    constant_time_eq(&computed, &hash)
}

/// Compares two byte strings without an early exit on the first difference.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The token of an `Authorization: Bearer <token>` header value, if it has that shape.
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, rest) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = rest.trim();
    (!token.is_empty()).then_some(token)
}

/// The authenticated user of a request (extractor; 401 Boom when absent or invalid).
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: String,
    pub username: String,
    pub email: String,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = Boom;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Boom> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(Boom::unauthorized("Missing authentication"));
        };
        let invalid = || Boom::unauthorized("Invalid token");
        let value = value.to_str().map_err(|_| invalid())?;
        let token = bearer_token(value).ok_or_else(invalid)?;
        let id = state.verify_token(token).map_err(|_| invalid())?;
        state
            .db(|db| {
                db.users.get(&id).map(|u| AuthUser {
                    id: u.id.clone(),
                    username: u.username.clone(),
                    email: u.email.clone(),
                })
            })
            .ok_or_else(invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_roundtrip_and_failures() {
        let secret = [7u8; 32];
        let t = sign_token(&secret, "abc", 1000, 60);
        assert_eq!(verify_token(&secret, &t, 1000), Ok("abc".to_string()));
        assert_eq!(verify_token(&secret, &t, 1060), Err(TokenError::Expired));
        assert_eq!(
            verify_token(&[8u8; 32], &t, 1000),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            verify_token(&secret, "a.b", 1000),
            Err(TokenError::Malformed)
        );
        assert_eq!(verify_token(&secret, "", 1000), Err(TokenError::Malformed));
    }

    #[test]
    fn password_hash_roundtrip() {
        let h = hash_password("s3cret");
        assert!(!h.contains("s3cret"));
        assert!(verify_password("s3cret", &h));
        assert!(!verify_password("s3creT", &h));
        assert!(!verify_password("s3cret", "garbage"));
        assert_ne!(hash_password("s3cret"), h, "salted");
    }

    #[test]
    fn pbkdf2_matches_rfc7914_vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256("passwd", "salt", 1), first 32 bytes.
        let out = pbkdf2(b"passwd", b"salt", 1);
        assert_eq!(
            crate::util::hex(&out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }
}
