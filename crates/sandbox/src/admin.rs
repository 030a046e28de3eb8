//! The admin API under `/_sandbox/`: credentials, state, reset, the request log, injected faults
//! and out-of-band objects. It is the sandbox's own API, so it never sees the fault injection or
//! the request log (see [`super::control`]), and it needs no authentication: the sandbox is a
//! local test tool.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use http::StatusCode;
use serde::Deserialize;
use serde_json::json;

use super::control::Control;
use super::faults::FaultSpec;
use super::{Vendor, akamai, ibm_verify, oracle_oam, sailpoint};

pub fn router<S>(control: Arc<Control>) -> Router<S> {
    Router::new()
        .route("/_sandbox/credentials", get(credentials))
        .route("/_sandbox/state", get(state))
        .route("/_sandbox/reset", post(reset))
        .route("/_sandbox/requests", get(requests).delete(clear_requests))
        .route(
            "/_sandbox/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/_sandbox/clock", get(clock).post(advance_clock))
        .route("/_sandbox/objects/{vendor}", post(create_object))
        .route(
            "/_sandbox/objects/{vendor}/{*id}",
            delete(delete_object).patch(add_newer_fields),
        )
        .with_state(control)
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

async fn credentials(State(control): State<Arc<Control>>) -> Response {
    Json(control.shared.options.credentials.clone()).into_response()
}

fn clock_json(control: &Control) -> serde_json::Value {
    let clock = &control.shared.clock;
    json!({
        "now": crate::clock::format_millis(clock.now()),
        "offset_seconds": clock.offset().as_secs(),
    })
}

async fn clock(State(control): State<Arc<Control>>) -> Response {
    Json(clock_json(&control)).into_response()
}

#[derive(Deserialize)]
struct AdvanceClock {
    advance_seconds: u64,
}

/// `POST /_sandbox/clock {"advance_seconds": N}` moves the emulator's time forward by N seconds.
async fn advance_clock(
    State(control): State<Arc<Control>>,
    body: Result<Json<AdvanceClock>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(AdvanceClock { advance_seconds })) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "expected {\"advance_seconds\": <non-negative integer>}",
        );
    };
    control
        .shared
        .clock
        .advance(std::time::Duration::from_secs(advance_seconds));
    Json(clock_json(&control)).into_response()
}

async fn state(State(control): State<Arc<Control>>) -> Response {
    let state = control.shared.state.lock().clone();
    Json(state).into_response()
}

async fn reset(State(control): State<Arc<Control>>) -> Response {
    control.reset();
    control.persist_or_warn().await;
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct RequestsQuery {
    vendor: Option<String>,
}

async fn requests(
    State(control): State<Arc<Control>>,
    Query(query): Query<RequestsQuery>,
) -> Response {
    let vendor = match query.vendor.as_deref() {
        None | Some("") | Some("*") => None,
        Some(key) => match Vendor::from_key(key) {
            Some(vendor) => Some(vendor),
            None => return error(StatusCode::BAD_REQUEST, format!("unknown vendor {key:?}")),
        },
    };
    Json(control.requests(vendor)).into_response()
}

async fn clear_requests(State(control): State<Arc<Control>>) -> Response {
    control.clear_requests();
    StatusCode::NO_CONTENT.into_response()
}

async fn list_faults(State(control): State<Arc<Control>>) -> Response {
    Json(control.faults.list()).into_response()
}

async fn add_fault(
    State(control): State<Arc<Control>>,
    body: Result<Json<FaultSpec>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(spec) = match body {
        Ok(body) => body,
        Err(rejection) => return error(StatusCode::BAD_REQUEST, rejection.body_text()),
    };
    match control.faults.add(spec.clone()) {
        Ok(()) => (StatusCode::CREATED, Json(spec)).into_response(),
        Err(refused) => error(StatusCode::BAD_REQUEST, refused.to_string()),
    }
}

async fn clear_faults(State(control): State<Arc<Control>>) -> Response {
    control.faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

fn unknown_vendor(key: &str) -> Response {
    error(StatusCode::NOT_FOUND, format!("unknown vendor {key:?}"))
}

/// Creates an object as if someone had used the vendor's console: for drift and import tests.
async fn create_object(
    State(control): State<Arc<Control>>,
    Path(vendor): Path<String>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Some(vendor) = Vendor::from_key(&vendor) else {
        return unknown_vendor(&vendor);
    };
    let Json(body) = match body {
        Ok(body) => body,
        Err(rejection) => return error(StatusCode::BAD_REQUEST, rejection.body_text()),
    };
    // Stamped on the sandbox clock, like the objects the vendor APIs make.
    let now = control.shared.clock.now();
    let created = {
        let mut state = control.shared.state.lock();
        match vendor {
            Vendor::IbmVerify => ibm_verify::oob_create(&mut state.ibm_verify, body),
            Vendor::OracleOam => oracle_oam::oob_create(&mut state.oracle_oam, body),
            Vendor::Sailpoint => sailpoint::oob_create(&mut state.sailpoint, body, now),
            Vendor::Akamai => akamai::oob_create(&mut state.akamai, body, now),
        }
    };
    match created {
        Ok(object) => {
            control.persist_or_warn().await;
            (StatusCode::CREATED, Json(object)).into_response()
        }
        Err(message) => error(StatusCode::BAD_REQUEST, message),
    }
}

/// `PATCH /_sandbox/objects/{vendor}/{id}` with a JSON object: gives the object fields of an API newer
/// than the OpenAPI file, as if the vendor had added them, so a test can check that an update keeps
/// what the provider does not model. Only the full-replace platforms (IBM Security Verify, Akamai)
/// take them: OAM's update is a merge and SailPoint's a JSON Patch, so nothing is at stake there.
async fn add_newer_fields(
    State(control): State<Arc<Control>>,
    Path((vendor, id)): Path<(String, String)>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Some(vendor) = Vendor::from_key(&vendor) else {
        return unknown_vendor(&vendor);
    };
    let fields = match body {
        Ok(Json(serde_json::Value::Object(fields))) => fields,
        Ok(_) => return error(StatusCode::BAD_REQUEST, "expected a JSON object of fields"),
        Err(rejection) => return error(StatusCode::BAD_REQUEST, rejection.body_text()),
    };
    let added = {
        let mut state = control.shared.state.lock();
        match vendor {
            Vendor::IbmVerify => ibm_verify::oob_add_fields(&mut state.ibm_verify, &id, fields),
            Vendor::Akamai => akamai::oob_add_fields(&mut state.akamai, &id, fields),
            Vendor::OracleOam | Vendor::Sailpoint => {
                return error(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "{vendor} updates are not full replaces: newer fields are not emulated"
                    ),
                );
            }
        }
    };
    changed_or_not_found(&control, added, vendor, &id).await
}

/// Deletes an object behind the provider's back. For OAM the id is `<identityDomain>/<clientId>`.
async fn delete_object(
    State(control): State<Arc<Control>>,
    Path((vendor, id)): Path<(String, String)>,
) -> Response {
    let Some(vendor) = Vendor::from_key(&vendor) else {
        return unknown_vendor(&vendor);
    };
    let deleted = {
        let mut state = control.shared.state.lock();
        match vendor {
            Vendor::IbmVerify => ibm_verify::oob_delete(&mut state.ibm_verify, &id),
            Vendor::OracleOam => oracle_oam::oob_delete(&mut state.oracle_oam, &id),
            Vendor::Sailpoint => sailpoint::oob_delete(&mut state.sailpoint, &id),
            Vendor::Akamai => akamai::oob_delete(&mut state.akamai, &id),
        }
    };
    changed_or_not_found(&control, deleted, vendor, &id).await
}

/// 204 after saving the state when an out-of-band change found its object, else 404.
async fn changed_or_not_found(
    control: &Control,
    changed: bool,
    vendor: Vendor,
    id: &str,
) -> Response {
    if changed {
        control.persist_or_warn().await;
        StatusCode::NO_CONTENT.into_response()
    } else {
        error(
            StatusCode::NOT_FOUND,
            format!("no {vendor} object with id {id:?}"),
        )
    }
}
