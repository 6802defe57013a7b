//! The SDK's one error type. It becomes a JS `AppmixerError` in
//! `convert::thrown` (before sending) or `convert::request_error` (after).

use crate::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad argument or configuration: rejected before any request, no event.
    InvalidArg,
    /// The server answered outside 200–299.
    Http(u16),
    /// Nothing answered, or the request could not be sent.
    Network,
    /// A success status whose body cannot be used.
    BadResponse,
    Canceled,
    Timeout,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkError {
    pub kind: ErrorKind,
    message: String,
}

impl SdkError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        SdkError {
            kind,
            message: message.into(),
        }
    }

    /// `getFlow: argument 'flowId' must be a string`.
    pub fn invalid_arg(method: &str, arg: &str, problem: &str) -> Self {
        let mut m = String::with_capacity(method.len() + arg.len() + problem.len() + 16);
        m.push_str(method);
        m.push_str(": argument '");
        m.push_str(arg);
        m.push_str("' ");
        m.push_str(problem);
        Self::new(ErrorKind::InvalidArg, m)
    }

    pub fn http(status: u16) -> Self {
        let mut m = String::from("Request failed with status code ");
        crate::request::push_decimal(&mut m, u64::from(status));
        Self::new(ErrorKind::Http(status), m)
    }

    pub fn network() -> Self {
        Self::new(ErrorKind::Network, "Network Error")
    }

    pub fn canceled() -> Self {
        Self::new(ErrorKind::Canceled, "canceled")
    }

    /// axios's wording: `timeout of 1000ms exceeded`.
    pub fn timeout(ms: f64) -> Self {
        let mut m = String::from("timeout of ");
        crate::request::push_decimal(&mut m, ms as u64);
        m.push_str("ms exceeded");
        Self::new(ErrorKind::Timeout, m)
    }

    pub fn bad_response(problem: &str) -> Self {
        Self::new(ErrorKind::BadResponse, problem)
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `code` string; HTTP failures use the numeric status instead
    /// (see `status`).
    pub fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::InvalidArg => "ERR_INVALID_ARG",
            ErrorKind::Http(_) => "ERR_BAD_REQUEST",
            ErrorKind::Network => "ERR_NETWORK",
            ErrorKind::BadResponse => "ERR_BAD_RESPONSE",
            ErrorKind::Canceled => "ERR_CANCELED",
            ErrorKind::Timeout => "ECONNABORTED",
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self.kind {
            ErrorKind::Http(s) => Some(s),
            _ => None,
        }
    }

    /// Only failures of a sent request are announced on the `error` event.
    pub fn emits_event(&self) -> bool {
        self.kind != ErrorKind::InvalidArg
    }
}

#[cfg(test)]
mod tests;
