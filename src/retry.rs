//! Opt-in retries (config `retry`): which failures are retried and how long
//! to wait. Off by default, as in the official SDK.

use crate::request::Method;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub limit: u32,
    /// First backoff, doubled per retry.
    pub base_ms: f64,
    /// Cap of any single wait, `Retry-After` included.
    pub max_ms: f64,
}

impl RetryPolicy {
    pub const NONE: RetryPolicy = RetryPolicy {
        limit: 0,
        base_ms: 300.0,
        max_ms: 10_000.0,
    };

    /// Only idempotent methods, and only failures a retry may cure:
    /// network errors (`status` None) and 408/429/500/502/503/504.
    pub fn retries(&self, attempt: u32, method: Method, status: Option<u16>) -> bool {
        attempt < self.limit
            && method != Method::Post
            && status.is_none_or(|s| matches!(s, 408 | 429 | 500 | 502 | 503 | 504))
    }

    /// Exponential backoff with jitter (`random` in [0, 1)), or the server's
    /// `Retry-After`, never more than `max_ms`.
    pub fn delay_ms(&self, attempt: u32, retry_after_ms: Option<f64>, random: f64) -> f64 {
        if let Some(ms) = retry_after_ms.filter(|ms| ms.is_finite() && *ms >= 0.0) {
            return ms.min(self.max_ms);
        }
        let exp = self.base_ms * f64::from(1u32 << attempt.min(20));
        exp.min(self.max_ms) * (0.5 + random.clamp(0.0, 1.0) / 2.0)
    }
}

/// `Retry-After` as delay-seconds; an HTTP date is handled by the caller.
pub fn retry_after_seconds(value: &str) -> Option<f64> {
    // Digits by hand: `str::parse` and Unicode `trim` cost the wasm bytes.
    let digits = value.trim_ascii();
    if digits.is_empty() {
        return None;
    }
    let mut seconds: u32 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        seconds = seconds.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
    }
    Some(f64::from(seconds) * 1000.0)
}

#[cfg(test)]
mod tests;
