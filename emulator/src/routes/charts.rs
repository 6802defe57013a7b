//! Insights charts: list, read, create, update, delete (per user).

use crate::auth::AuthUser;
use crate::boom::{ApiResult, Boom};
use crate::state::{AppState, Chart};
use crate::util::{later_than, object_id, parse_json_object, tick};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/charts", get(list_charts).post(create_chart))
        .route(
            "/charts/{id}",
            get(get_chart).put(update_chart).delete(delete_chart),
        )
}

/// The chart types the engine draws.
pub const TYPES: &[&str] = &["bar", "line", "scatter", "area", "pie"];
/// The index a chart queries when none is given.
pub const DEFAULT_INDEX: &str = "appmixer-*";

fn chart_not_found() -> Boom {
    Boom::not_found("Chart not found.")
}

/// The fields a create or update may set; `None` = not given.
#[derive(Default)]
struct ChartFields {
    name: Option<String>,
    index: Option<String>,
    chart_type: Option<String>,
    query: Option<Value>,
    options: Option<Value>,
    traces: Option<Value>,
}

fn parse_fields(body: &Map<String, Value>) -> ApiResult<ChartFields> {
    let string = |key: &str| -> ApiResult<Option<String>> {
        match body.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
            Some(Value::String(_)) => Err(Boom::bad_request(format!(
                "\"{key}\" is not allowed to be empty"
            ))),
            Some(_) => Err(Boom::bad_request(format!("\"{key}\" must be a string"))),
        }
    };
    let object = |key: &str| -> ApiResult<Option<Value>> {
        match body.get(key) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(json!({}))),
            Some(v @ (Value::Object(_) | Value::Array(_))) => Ok(Some(v.clone())),
            Some(_) => Err(Boom::bad_request(format!(
                "\"{key}\" must be an object or an array"
            ))),
        }
    };
    let chart_type = string("type")?;
    if let Some(t) = &chart_type {
        if !TYPES.contains(&t.as_str()) {
            return Err(Boom::bad_request(format!(
                "\"type\" must be one of {}",
                TYPES.join(", ")
            )));
        }
    }
    Ok(ChartFields {
        name: string("name")?,
        index: string("index")?,
        chart_type,
        query: object("query")?,
        options: object("options")?,
        traces: object("traces")?,
    })
}

async fn list_charts(State(state): State<AppState>, user: AuthUser) -> Json<Vec<Value>> {
    let mut charts: Vec<Chart> = state.db(|db| {
        db.data
            .get(&user.id)
            .map(|d| d.charts.values().cloned().collect())
            .unwrap_or_default()
    });
    charts.sort_by_key(|c| c.seq);
    Json(charts.iter().map(Chart::to_json).collect())
}

async fn get_chart(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| db.data.get(&user.id)?.charts.get(&id).map(Chart::to_json))
        .map(Json)
        .ok_or_else(chart_not_found)
}

async fn create_chart(
    State(state): State<AppState>,
    user: AuthUser,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let f = parse_fields(&parse_json_object(&body)?)?;
    let name = f
        .name
        .ok_or_else(|| Boom::bad_request("\"name\" is required"))?;
    let chart_type = f
        .chart_type
        .ok_or_else(|| Boom::bad_request("\"type\" is required"))?;
    let chart = state.db(|db| {
        let chart = Chart {
            chart_id: object_id(),
            user_id: user.id.clone(),
            name,
            index: f.index.unwrap_or_else(|| DEFAULT_INDEX.to_string()),
            chart_type,
            query: f.query.unwrap_or_else(|| json!({})),
            options: f.options.unwrap_or_else(|| json!({})),
            traces: f.traces.unwrap_or_else(|| json!({})),
            mtime: tick(),
            seq: db.next_seq(),
        };
        db.user_data(&user.id)
            .charts
            .insert(chart.chart_id.clone(), chart.clone());
        chart
    });
    Ok(Json(chart.to_json()))
}

async fn update_chart(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let f = parse_fields(&parse_json_object(&body)?)?;
    state
        .db(|db| {
            let c = db.data.get_mut(&user.id)?.charts.get_mut(&id)?;
            if let Some(v) = f.name {
                c.name = v;
            }
            if let Some(v) = f.index {
                c.index = v;
            }
            if let Some(v) = f.chart_type {
                c.chart_type = v;
            }
            if let Some(v) = f.query {
                c.query = v;
            }
            if let Some(v) = f.options {
                c.options = v;
            }
            if let Some(v) = f.traces {
                c.traces = v;
            }
            c.mtime = later_than(c.mtime);
            Some(c.to_json())
        })
        .map(Json)
        .ok_or_else(chart_not_found)
}

async fn delete_chart(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| db.data.get_mut(&user.id)?.charts.remove(&id))
        .map(|c| Json(json!({ "chartId": c.chart_id })))
        .ok_or_else(chart_not_found)
}
