use super::*;

const P: RetryPolicy = RetryPolicy {
    limit: 2,
    base_ms: 100.0,
    max_ms: 1000.0,
};

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
    assert!(
        !RetryPolicy::NONE.retries(0, Method::Get, None),
        "off by default"
    );
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
    assert_eq!(retry_after_seconds("0"), Some(0.0));
    assert_eq!(retry_after_seconds("4294967295"), Some(4_294_967_295_000.0));
    assert_eq!(retry_after_seconds("4294967296"), None);
    assert_eq!(retry_after_seconds(""), None);
    assert_eq!(retry_after_seconds("1.5"), None);
}
