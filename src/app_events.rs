//! App events: `sendAppEvent` triggers flows listening for an event.

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{path, Body, Field, Method, Part, Plan, QueryPart};

/// `POST /plugins/appmixer/utils/appevents/events/:event{params}` with `data`.
pub fn send_app_event<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let event = a.str(0, "event")?;
    let data = a.opt_object(1, "data")?;
    let params = a.opt_object(2, "params")?;
    let p = path(a.method, "event", &[Part::Lit("plugins/appmixer/utils/appevents/events"), Part::Seg(&event)])?;
    let body = match data {
        Some(d) => Body::Json(d),
        None => Body::Fields(Vec::<(&str, Field<V>)>::new(), None),
    };
    let mut plan = Plan::new(Method::Post, p).body(body);
    if let Some(q) = params {
        plan = plan.query(QueryPart::Object(q));
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Arg;

    #[test]
    fn posts_to_the_event_route() {
        let items = [Arg::Str("order created".into()), Arg::Object(1u8), Arg::Object(2)];
        let p = send_app_event(&Args::new("sendAppEvent", &items)).unwrap();
        assert_eq!(p.path, "/plugins/appmixer/utils/appevents/events/order%20created");
        assert_eq!((p.body, p.query), (Body::Json(1), vec![QueryPart::Object(2)]));
        let p = send_app_event(&Args::new("sendAppEvent", &items[..1])).unwrap();
        assert_eq!((p.body, p.query.len()), (Body::Fields(vec![], None), 0));
    }
}
