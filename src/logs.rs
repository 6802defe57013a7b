//! Flow logs.

use crate::args::Args;
use crate::error::SdkError;
use crate::request::{path, Method, Part, Plan, QueryPart};

/// `GET /logs{from, size, sort, query}`.
pub fn get_logs<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let mut plan = Plan::new(Method::Get, "/logs".into());
    if let Some(q) = a.opt_object(0, "query")? {
        plan = plan.query(QueryPart::Object(q));
    }
    Ok(plan)
}

/// `GET /logs/:index/:logId`.
pub fn get_log<V: Clone>(a: &Args<V>) -> Result<Plan<V>, SdkError> {
    let log_id = a.str(0, "logId")?;
    let index = a.str(1, "index")?;
    let index_seg = path(a.method, "index", &[Part::Lit("logs"), Part::Seg(&index)])?;
    let id_seg = path(a.method, "logId", &[Part::Seg(&log_id)])?;
    Ok(Plan::new(Method::Get, [index_seg, id_seg].concat()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Arg;

    #[test]
    fn log_requests() {
        let p = get_logs(&Args::new("getLogs", &[Arg::Object(1u8)])).unwrap();
        assert_eq!((p.path.as_str(), p.query), ("/logs", vec![QueryPart::Object(1)]));
        let items = [Arg::Str("id/1".into()), Arg::Str("appmixer-202612".into())];
        let p = get_log::<u8>(&Args::new("getLog", &items)).unwrap();
        assert_eq!(p.path, "/logs/appmixer-202612/id%2F1");
        let e = get_log::<u8>(&Args::new("getLog", &items[..1])).unwrap_err();
        assert!(e.message().contains("'index'"));
    }
}
