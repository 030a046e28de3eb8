//! IBM Security Verify's API-client administration (`/v1.0/apiclients`) and its token endpoints,
//! written from IBM's API reference (docs.verify.ibm.com, "Create an API client") and its public OpenAPI file.
//!
//! Choices where the documents leave room (see docs/guides/sandbox.md):
//! - the path key is the internal `id` (the one in the create response's Location header, which
//!   the IBM SDK also uses); `id` and `clientId` always differ, so mixing them up shows as a 404;
//! - request bodies with properties the schema does not name are refused with 400, so a client
//!   that sends made-up fields finds out here rather than on a tenant;
//! - GET returns the properties that were set, plus `id`, `clientId`, `clientSecret` and `enabled`;
//! - the admin client holds every entitlement; an API client that obtains its own token gets only
//!   its entitlements, and is refused (403, no body) without `manageAPIClients`/`readAPIClients`.
//! - `messageId`s are in IBM's format but chosen by the sandbox (prefix `CSIBS`).
//!
//! The module is cut by concern: `model` (entitlements, clients, tokens), `validate` (request
//! checks), `error` (IBM's error answers), `token` (the token endpoints and the bearer check) and
//! `list` (the list's query language); the handlers of the other calls are here.

mod error;
mod list;
mod model;
mod token;
mod validate;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{self, Path};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::Deserialize;
use serde_json::{Value, json};

pub use model::{
    AdditionalConfig, ApiClient, ENTITLEMENTS, IpFilterOp, IssuedToken, OverrideSettings, Scope,
    State,
};

use super::AppState;
use error::{ApiError, MSG_INVALID_JSON, MSG_QUERY};
use list::list;
pub use model::oob_add_fields;
use model::{create_client, take_newer_fields, update_client};
use token::{Access, authorize, token};
use validate::{ClientBody, parse_body, require_json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1.0/endpoint/default/token", post(token))
        .route("/oauth2/token", post(token))
        .route(
            "/v1.0/apiclients",
            get(list).post(create).patch(bulk_delete),
        )
        .route(
            "/v1.0/apiclients/{id}",
            get(read).put(update).delete(remove),
        )
}

/// What every write starts with: the token must allow changes, then the body must be JSON of
/// the client's shape (authorization first, as IBM's gateway checks it first).
fn authorized_body(
    shared: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<ClientBody, ApiError> {
    authorize(shared, headers, Access::Manage)?;
    require_json(headers)?;
    parse_body(body)
}

async fn create(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = authorized_body(&shared, &headers, &body)?;
    let client = create_client(
        &mut shared.state.lock().ibm_verify,
        body,
        shared.options.ignore_supplied_client_ids,
    )?;
    // "201, empty body": the caller must GET the Location to learn the id and secret.
    let location = format!("/v1.0/apiclients/{}", client.id);
    let mut response = StatusCode::CREATED.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

async fn read(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    authorize(&shared, &headers, Access::Read)?;
    let found = shared
        .state
        .lock()
        .ibm_verify
        .clients
        .iter()
        .find(|client| client.id == id)
        .map(ApiClient::to_json);
    found
        .map(|client| axum::Json(client).into_response())
        .ok_or(ApiError::NotFound)
}

async fn update(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&shared, &headers, Access::Manage)?;
    require_json(&headers)?;
    let mut state = shared.state.lock();
    // The fields of a newer API that the client has are taken out before the body is checked
    // against the documented schema (which refuses unknown properties).
    let mut value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let newer = take_newer_fields(&state.ibm_verify, &id, &mut value).unwrap_or_default();
    let body = if newer.is_empty() {
        parse_body(&body)?
    } else {
        parse_body(value.to_string().as_bytes())?
    };
    update_client(&mut state.ibm_verify, &id, body, newer)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// "A successful response is returned even if the object does not exist."
async fn remove(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    authorize(&shared, &headers, Access::Manage)?;
    delete_by_id(&mut shared.state.lock().ibm_verify, &id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `BulkOperation`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkOperation {
    op: Option<String>,
    path: Option<String>,
}

async fn bulk_delete(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&shared, &headers, Access::Manage)?;
    require_json(&headers)?;
    let operations: Vec<BulkOperation> = serde_json::from_slice(&body).map_err(|error| {
        ApiError::bad_request(
            MSG_INVALID_JSON,
            format!("The JSON input was invalid: {error}"),
        )
    })?;
    let mut results = Vec::new();
    let mut all_succeeded = true;
    {
        let mut state = shared.state.lock();
        for operation in operations {
            let op = operation.op.unwrap_or_default();
            let path = operation.path.unwrap_or_default();
            let id = path.strip_prefix('/').filter(|id| !id.is_empty());
            match (op.as_str(), id) {
                ("remove", Some(id)) => {
                    delete_by_id(&mut state.ibm_verify, id);
                    results.push(json!({ "op": op, "path": path, "result": "success" }));
                }
                _ => {
                    all_succeeded = false;
                    results.push(json!({
                        "op": op, "path": path, "result": "failure",
                        "error": "Only remove operations with a path of /<id> are supported.",
                    }));
                }
            }
        }
    }
    if all_succeeded {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok((
        StatusCode::MULTI_STATUS,
        axum::Json(json!({
            "messageId": MSG_QUERY,
            "messageDescription": "Not all operations were successful.",
            "results": results,
        })),
    )
        .into_response())
}

/// Creates a client from an `APIClientConfigRequest` as if made in the IBM console; returns it as
/// GET does.
pub fn oob_create(state: &mut State, body: Value) -> Result<Value, String> {
    let body: ClientBody = serde_json::from_value(body)
        .map_err(|error| format!("The JSON input was invalid: {error}"))?;
    create_client(state, body, false)
        .map(|client| client.to_json())
        .map_err(|error| error.description())
}

/// Deletes the client with this `id`, if there is one (the API's delete and bulk remove).
fn delete_by_id(state: &mut State, id: &str) {
    state.clients.retain(|client| client.id != id);
}

/// Deletes the client with this `id` (or, for convenience, this `clientId`).
pub fn oob_delete(state: &mut State, id: &str) -> bool {
    let before = state.clients.len();
    state
        .clients
        .retain(|client| client.id != id && client.client_id != id);
    state.clients.len() != before
}
