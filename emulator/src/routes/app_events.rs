//! App events (`sendAppEvent`): an event triggers the caller's running flows
//! that have an `appmixer.utils.appevents.OnAppEvent` component listening
//! for it (`config.event` or `config.properties.event`).

use crate::auth::AuthUser;
use crate::boom::ApiResult;
use crate::routes::logs;
use crate::state::{AppEvent, AppState, Flow, MAX_APP_EVENTS_PER_USER};
use crate::util::{json_path, parse_json, tick, uuid_v4};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

/// The component type that receives app events.
pub const ON_APP_EVENT: &str = "appmixer.utils.appevents.OnAppEvent";

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/plugins/appmixer/utils/appevents/events/{event}",
        post(send_event),
    )
}

/// The IDs of the flow's components listening for `event`.
fn listeners<'a>(flow: &'a Flow, event: &str) -> Vec<(&'a String, &'a Value)> {
    let mut out: Vec<(&String, &Value)> = flow
        .flow
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, c)| c.get("type").and_then(Value::as_str) == Some(ON_APP_EVENT))
        .filter(|(_, c)| {
            ["config.event", "config.properties.event"]
                .iter()
                .any(|p| json_path(c, p).and_then(Value::as_str) == Some(event))
        })
        .collect();
    out.sort_by_key(|(id, _)| *id);
    out
}

async fn send_event(
    State(state): State<AppState>,
    user: AuthUser,
    Path(event): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    // Any JSON is accepted as the event data; an empty body is `{}`.
    let data = parse_json(&body)?;
    let received = tick();
    let record = state.db(|db| {
        let data_ref = db.user_data(&user.id);
        let mut flows: Vec<&Flow> = data_ref.flows.values().filter(|f| f.running).collect();
        flows.sort_by_key(|f| (f.btime, f.seq));
        let mut triggered = Vec::new();
        let mut entries = Vec::new();
        for flow in flows {
            let hits = listeners(flow, &event);
            if hits.is_empty() {
                continue;
            }
            triggered.push(flow.flow_id.clone());
            for (i, (cid, _)) in hits.into_iter().enumerate() {
                entries.push(logs::entry(
                    &user.id,
                    &flow.flow_id,
                    cid,
                    ON_APP_EVENT,
                    "out",
                    "info",
                    received + i as i64,
                    format!("App event \"{event}\" received"),
                    json!({ "event": event, "data": data }),
                ));
            }
        }
        let record = AppEvent {
            event_id: uuid_v4(),
            event: event.clone(),
            data: data.clone(),
            query: query.clone(),
            received,
            triggered,
        };
        data_ref.push_logs(entries);
        data_ref.app_events.push(record.clone());
        if data_ref.app_events.len() > MAX_APP_EVENTS_PER_USER {
            let excess = data_ref.app_events.len() - MAX_APP_EVENTS_PER_USER;
            data_ref.app_events.drain(..excess);
        }
        record
    });
    Ok(Json(record.to_json()))
}
