//! Data stores (`/stores`) and their records (`/store`).

use crate::auth::AuthUser;
use crate::boom::{ApiResult, Boom};
use crate::state::{AppState, DataStore, StoreRecord};
use crate::util::{
    iso, later_than, object_id, parse_json, parse_json_object, parse_sort, query_get, query_pairs,
    query_usize, tick,
};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::cmp::Ordering;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/stores", get(list_stores).post(create_store))
        .route(
            "/stores/{id}",
            get(get_store).put(rename_store).delete(delete_store),
        )
        .route("/store", get(list_records).delete(delete_records))
        .route("/store/count", get(count_records))
        .route("/store/{store_id}/{key}", post(upsert_record))
}

fn store_not_found() -> Boom {
    Boom::not_found("Store not found.")
}

fn parse_store_name(body: &serde_json::Map<String, Value>) -> ApiResult<String> {
    match body.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(Boom::bad_request("\"name\" is not allowed to be empty")),
        Some(_) => Err(Boom::bad_request("\"name\" must be a string")),
        None => Err(Boom::bad_request("\"name\" is required")),
    }
}

async fn list_stores(State(state): State<AppState>, user: AuthUser) -> Json<Vec<Value>> {
    let mut stores: Vec<DataStore> = state.db(|db| {
        db.data
            .get(&user.id)
            .map(|d| d.stores.values().cloned().collect())
            .unwrap_or_default()
    });
    stores.sort_by_key(|s| s.seq);
    Json(stores.iter().map(DataStore::to_json).collect())
}

async fn get_store(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| {
            db.data
                .get(&user.id)?
                .stores
                .get(&id)
                .map(DataStore::to_json)
        })
        .map(Json)
        .ok_or_else(store_not_found)
}

async fn create_store(
    State(state): State<AppState>,
    user: AuthUser,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let name = parse_store_name(&parse_json_object(&body)?)?;
    let store = state.db(|db| {
        let seq = db.next_seq();
        let store = DataStore {
            store_id: object_id(),
            name,
            created: tick(),
            seq,
        };
        let data = db.user_data(&user.id);
        data.records
            .insert(store.store_id.clone(), Default::default());
        data.stores.insert(store.store_id.clone(), store.clone());
        store
    });
    Ok(Json(
        json!({ "storeId": store.store_id, "name": store.name }),
    ))
}

async fn rename_store(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let name = parse_store_name(&parse_json_object(&body)?)?;
    state
        .db(|db| {
            let store = db.data.get_mut(&user.id)?.stores.get_mut(&id)?;
            let old = std::mem::replace(&mut store.name, name);
            Some(json!({ "oldName": old, "storeId": store.store_id }))
        })
        .map(Json)
        .ok_or_else(store_not_found)
}

async fn delete_store(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    state
        .db(|db| {
            let data = db.data.get_mut(&user.id)?;
            let store = data.stores.remove(&id)?;
            data.records.remove(&id);
            Some(json!({ "storeId": store.store_id }))
        })
        .map(Json)
        .ok_or_else(store_not_found)
}

// ---------------------------------------------------------------------------
// Records

struct RecordQuery {
    store_id: String,
    pattern: Option<String>,
    limit: usize,
    offset: usize,
    sort: Vec<(String, bool)>,
}

impl RecordQuery {
    fn parse(raw: Option<&str>) -> ApiResult<RecordQuery> {
        let pairs = query_pairs(raw);
        let store_id = query_get(&pairs, "storeId")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Boom::bad_request("\"storeId\" is required"))?
            .to_string();
        let sort = parse_sort(query_get(&pairs, "sort"))?;
        for (field, _) in &sort {
            if !matches!(field.as_str(), "key" | "value" | "createdAt" | "updatedAt") {
                return Err(Boom::bad_request(format!(
                    "Invalid sort field \"{field}\" (use key, value, createdAt or updatedAt)"
                )));
            }
        }
        Ok(RecordQuery {
            store_id,
            pattern: query_get(&pairs, "pattern")
                .filter(|p| !p.is_empty())
                .map(str::to_lowercase),
            limit: query_usize(&pairs, "limit", 100)?,
            offset: query_usize(&pairs, "offset", 0)?,
            sort,
        })
    }

    /// The store's records matching the pattern; 404 for a store the user does not own.
    fn matching(&self, state: &AppState, user: &AuthUser) -> ApiResult<Vec<StoreRecord>> {
        let records: Vec<StoreRecord> = state
            .db(|db| {
                let data = db.data.get(&user.id)?;
                data.stores.get(&self.store_id)?;
                Some(
                    data.records
                        .get(&self.store_id)
                        .map(|r| r.values().cloned().collect())
                        .unwrap_or_default(),
                )
            })
            .ok_or_else(store_not_found)?;
        Ok(match &self.pattern {
            None => records,
            Some(p) => records
                .into_iter()
                .filter(|r| r.key.to_lowercase().contains(p) || r.value.to_lowercase().contains(p))
                .collect(),
        })
    }
}

fn compare_records(a: &StoreRecord, b: &StoreRecord, sort: &[(String, bool)]) -> Ordering {
    for (field, desc) in sort {
        let o = match field.as_str() {
            "key" => a.key.cmp(&b.key),
            "value" => a.value.cmp(&b.value),
            "createdAt" => a.created_at.cmp(&b.created_at),
            _ => a.updated_at.cmp(&b.updated_at),
        };
        let o = if *desc { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o;
        }
    }
    // Ties keep insertion order, reversed when the (first) sort is descending.
    let tie = a.seq.cmp(&b.seq);
    if sort.first().is_some_and(|(_, desc)| *desc) {
        tie.reverse()
    } else {
        tie
    }
}

async fn list_records(
    State(state): State<AppState>,
    user: AuthUser,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Vec<Value>>> {
    let q = RecordQuery::parse(query.as_deref())?;
    let mut records = q.matching(&state, &user)?;
    records.sort_by(|a, b| compare_records(a, b, &q.sort));
    let take = if q.limit == 0 { usize::MAX } else { q.limit };
    Ok(Json(
        records
            .iter()
            .skip(q.offset)
            .take(take)
            .map(|r| r.to_json(&q.store_id, &user.id))
            .collect(),
    ))
}

async fn count_records(
    State(state): State<AppState>,
    user: AuthUser,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let q = RecordQuery::parse(query.as_deref())?;
    Ok(Json(json!({ "count": q.matching(&state, &user)?.len() })))
}

async fn upsert_record(
    State(state): State<AppState>,
    user: AuthUser,
    Path((store_id, key)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let value = String::from_utf8_lossy(&body).into_owned();
    state
        .db(|db| {
            let seq = db.next_seq();
            let data = db.data.get_mut(&user.id)?;
            data.stores.get(&store_id)?;
            let records = data.records.entry(store_id.clone()).or_default();
            let record = match records.get_mut(&key) {
                Some(r) => {
                    r.value = value;
                    r.updated_at = later_than(r.updated_at);
                    r.clone()
                }
                None => {
                    let now = tick();
                    let r = StoreRecord {
                        key: key.clone(),
                        value,
                        created_at: now,
                        updated_at: now,
                        seq,
                    };
                    records.insert(key.clone(), r.clone());
                    r
                }
            };
            Some(json!({
                "key": record.key,
                "value": record.value,
                "storeId": store_id,
                "createdAt": iso(record.created_at),
                "updatedAt": iso(record.updated_at),
            }))
        })
        .map(Json)
        .ok_or_else(store_not_found)
}

async fn delete_records(
    State(state): State<AppState>,
    user: AuthUser,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let bad = || Boom::bad_request("Body must be an array of {key, storeId}");
    let Value::Array(items) = parse_json(&body)? else {
        return Err(bad());
    };
    let items = items
        .iter()
        .map(|item| {
            let key = item.get("key").and_then(Value::as_str).ok_or_else(bad)?;
            let store_id = item
                .get("storeId")
                .and_then(Value::as_str)
                .ok_or_else(bad)?;
            Ok((key.to_string(), store_id.to_string()))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let deleted = state.db(|db| {
        let Some(data) = db.data.get_mut(&user.id) else {
            return 0;
        };
        items
            .iter()
            .filter(|(key, store_id)| {
                data.records
                    .get_mut(store_id)
                    .and_then(|r| r.remove(key))
                    .is_some()
            })
            .count()
    });
    Ok(Json(json!({ "deletedCount": deleted })))
}
