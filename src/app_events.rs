//! App events: `sendAppEvent` triggers flows listening for an event.

use crate::prelude::*;

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{path, Body, Field, Method, Part, Plan};

/// `POST /plugins/appmixer/utils/appevents/events/:event{params}` with `data`.
pub fn send_app_event<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let event = a.str(0, "event")?;
    let data = a.opt_object(1, "data")?;
    let params = a.opt_object(2, "params")?;
    let p = path(
        a.method,
        "event",
        &[
            Part::Lit("plugins/appmixer/utils/appevents/events"),
            Part::Seg(&event),
        ],
    )?;
    let body = match data {
        Some(d) => Body::Json(d),
        None => Body::Fields(Vec::<(&str, Field<V>)>::new(), None),
    };
    Ok(Plan::new(Method::Post, p).body(body).query_object(params))
}

#[cfg(test)]
mod tests;
