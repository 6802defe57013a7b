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
    pub const NONE: RetryPolicy = RetryPolicy { limit: 0, base_ms: 300.0, max_ms: 10_000.0 };

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
    value.trim().parse::<u32>().ok().map(|s| f64::from(s) * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy { limit: 2, base_ms: 100.0, max_ms: 1000.0 };

    #[test]
    fn only_idempotent_methods_and_transient_failures() {
        assert!(P.retries(0, Method::Get, None));
        assert!(P.retries(1, Method::Put, Some(503)));
        assert!(P.retries(0, Method::Delete, Some(429)));
        assert!(!P.retries(2, Method::Get, Some(503)), "limit reached");
        assert!(!P.retries(0, Method::Post, Some(503)), "never POST");
        assert!(!P.retries(0, Method::Post, None));
        for s in [400, 401, 403, 404, 409, 413] {
            assert!(!P.retries(0, Method::Get, Some(s)), "{s}");
        }
        assert!(!RetryPolicy::NONE.retries(0, Method::Get, None), "off by default");
    }

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        assert_eq!(P.delay_ms(0, None, 0.0), 50.0);
        assert_eq!(P.delay_ms(0, None, 1.0), 100.0);
        assert_eq!(P.delay_ms(2, None, 1.0), 400.0);
        assert_eq!(P.delay_ms(9, None, 1.0), 1000.0);
        assert_eq!(P.delay_ms(40, None, 1.0), 1000.0);
        assert_eq!(P.delay_ms(0, Some(300.0), 0.7), 300.0, "Retry-After wins");
        assert_eq!(P.delay_ms(0, Some(60_000.0), 0.7), 1000.0, "up to the cap");
    }

    #[test]
    fn retry_after_seconds_parses_integers() {
        assert_eq!(retry_after_seconds(" 2 "), Some(2000.0));
        assert_eq!(retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
