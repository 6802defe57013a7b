//! User: sign-in, sign-up, the current user.

use crate::prelude::*;

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{Body, Field, Method, Plan};

pub fn authenticate_user<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let username = a.str(0, "username")?;
    let password = a.str(1, "password")?;
    let fields = vec![
        ("username", Field::Str(username)),
        ("password", Field::Str(password)),
    ];
    Ok(Plan::new(Method::Post, "/user/auth".into())
        .body(Body::Fields(fields, None))
        .without_auth())
}

pub fn signup_user<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let username = a.str(0, "username")?;
    let password = a.str(1, "password")?;
    // The engine keys accounts by e-mail; the official SDK sends the username as both.
    let fields = vec![
        ("username", Field::Str(username.clone())),
        ("password", Field::Str(password)),
        ("email", Field::Str(username)),
    ];
    Ok(Plan::new(Method::Post, "/user".into())
        .body(Body::Fields(fields, None))
        .without_auth())
}

pub fn get_user<V: Clone>(_: &Args<V>) -> Result<Plan<V>, SdkError> {
    Ok(Plan::new(Method::Get, "/user".into()))
}

#[cfg(test)]
mod tests;
