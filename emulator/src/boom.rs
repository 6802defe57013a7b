//! Boom-style error bodies (`{"statusCode", "error", "message"}`), as the real
//! engine (hapi) answers them.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An HTTP error that renders as a Boom JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boom {
    pub status: StatusCode,
    pub message: String,
}

impl Boom {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Boom {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Payload content length greater than maximum allowed: {limit}"),
        )
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The JSON body of this error.
    pub fn body(&self) -> serde_json::Value {
        json!({
            "statusCode": self.status.as_u16(),
            "error": error_name(self.status),
            "message": self.message,
        })
    }
}

/// The `error` field hapi's Boom uses for a status.
pub fn error_name(status: StatusCode) -> &'static str {
    match status.as_u16() {
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Large",
        s => status.canonical_reason().unwrap_or(if s >= 500 {
            "Internal Server Error"
        } else {
            "Unknown"
        }),
    }
}

impl IntoResponse for Boom {
    fn into_response(self) -> Response {
        let body = self.body().to_string();
        let mut resp = (self.status, body).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        resp
    }
}

/// Result type of every handler.
pub type ApiResult<T> = Result<T, Boom>;
