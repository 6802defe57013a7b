//! App events: `sendAppEvent` triggers flows listening for an event.

use crate::api::{BodySpec, Kind, QuerySpec, Seg, Spec};
use crate::request::Method;

pub const METHODS: &[Spec] = &[
    // `POST /plugins/appmixer/utils/appevents/events/:event{params}` with `data` (or `{}`).
    Spec::new(
        "sendAppEvent",
        Method::Post,
        &[
            Seg::Lit("plugins/appmixer/utils/appevents/events"),
            Seg::Arg(0),
        ],
    )
    .params(&[
        ("event", Kind::Str),
        ("data", Kind::OptObject),
        ("params", Kind::OptObject),
    ])
    .query(QuerySpec::Object(2))
    .body(BodySpec::Json(1)),
];

#[cfg(test)]
mod tests;
