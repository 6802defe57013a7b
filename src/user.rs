//! User: sign-in, sign-up, the current user.

use crate::api::{BodySpec, FieldSpec, Kind, Seg, Spec};
use crate::request::Method;

const CREDENTIALS: &[(&str, Kind)] = &[("username", Kind::Str), ("password", Kind::Str)];

pub const METHODS: &[Spec] = &[
    Spec::new("authenticateUser", Method::Post, &[Seg::Lit("user/auth")])
        .params(CREDENTIALS)
        .body(BodySpec::Fields(
            &[
                ("username", FieldSpec::Arg(0)),
                ("password", FieldSpec::Arg(1)),
            ],
            None,
        ))
        .without_auth(),
    // The engine keys accounts by e-mail; the official SDK sends the username as both.
    Spec::new("signupUser", Method::Post, &[Seg::Lit("user")])
        .params(CREDENTIALS)
        .body(BodySpec::Fields(
            &[
                ("username", FieldSpec::Arg(0)),
                ("password", FieldSpec::Arg(1)),
                ("email", FieldSpec::Arg(0)),
            ],
            None,
        ))
        .without_auth(),
    Spec::new("getUser", Method::Get, &[Seg::Lit("user")]),
];

#[cfg(test)]
mod tests;
