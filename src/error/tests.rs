use super::*;

#[test]
fn messages_and_codes() {
    let e = SdkError::http(403);
    assert_eq!(e.message(), "Request failed with status code 403");
    assert_eq!(e.status(), Some(403));
    assert!(e.emits_event());
    let e = SdkError::invalid_arg("getFlow", "flowId", "must be a string, got number");
    assert_eq!(
        e.message(),
        "getFlow: argument 'flowId' must be a string, got number"
    );
    assert_eq!(e.code(), "ERR_INVALID_ARG");
    assert!(!e.emits_event());
    assert_eq!(SdkError::network().code(), "ERR_NETWORK");
    assert_eq!(
        SdkError::timeout(1500.0).message(),
        "timeout of 1500ms exceeded"
    );
    assert_eq!(SdkError::timeout(1500.0).code(), "ECONNABORTED");
    assert_eq!(SdkError::canceled().code(), "ERR_CANCELED");
}
