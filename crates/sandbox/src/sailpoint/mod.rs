//! SailPoint Identity Security Cloud emulator: the OAuth-client API (`/beta/oauth-clients`, its
//! identical GA twin `/v3/oauth-clients`, the dated `/v2024`…`/v2026` and SDK 2.x's per-API
//! `/oauth-clients/v1`, see [`router`]) and the `POST /oauth/token` client_credentials grant that
//! guards it, written from SailPoint's OpenAPI files (sailpoint-oss/api-specs) and SDKs.
//!
//! Faithful points: create answers 200 with the secret (the only time it is shown; GET says
//! `secret: null`), PATCH takes RFC 6902 `application/json-patch+json` limited to the 13 documented
//! patchable fields, list filters only `lastUsed le|isnull`, errors are `ErrorResponseDto`, 401 is
//! `{"error": "JWT validation failed: ..."}`, and the documented limit of 100 requests per access
//! token per 10 s answers 429 with `Retry-After` and `{"message": " Rate Limit Exceeded "}`.
//! Every enabled OAuth client with the `CLIENT_CREDENTIALS` grant gets tokens that live its
//! `accessTokenValiditySeconds`; such a token has no user context (the spec's `applicationAuth`),
//! so it may only get a client, and only with an OAuth-client scope (see `token`).
//!
//! Choices where the documents are silent (conservative: the sandbox is at least as strict as the
//! service is likely to be): unknown create fields are rejected; required fields may not be null;
//! `grantTypes` may not be empty; `refreshTokenValiditySeconds` defaults to 86400; a wrong
//! Content-Type answers 400 (the only client error the spec documents); issued tokens are
//! JWT-shaped but signed with a random key.
//! Not emulated: `/oauth/info`, form-data (multipart) token requests, the authorization-code and
//! refresh-token grants.
//!
//! Cut by concern: `model` (the clients), `token` (the grant and the bearer check), `validate`
//! (request checks), `render` (response shapes), `error` (error answers); the handlers are here.

mod error;
mod model;
mod render;
mod token;
mod validate;

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;

pub use error::ApiError;
pub use model::{OAuthClient, State};
pub use token::Authorized;
pub use validate::PATCHABLE_FIELDS;

use super::AppState;
use render::{render_created, render_get};
use token::{Operation, issue_token};
use validate::{
    Filter, check_patch_paths, new_client, parse_filter, require_content_type, validate_fields,
};

/// Requests one access token may make per window (developer.sailpoint.com rate-limit page).
pub const RATE_LIMIT_REQUESTS: u32 = 100;
/// The rate-limit window.
pub const RATE_LIMIT_WINDOW: Duration = Duration::from_secs(10);
/// Scope given to clients created without one.
pub const DEFAULT_SCOPE: &str = "sp:scopes:all";
/// Refresh-token lifetime given to clients created without one (undocumented default).
pub const DEFAULT_REFRESH_TOKEN_VALIDITY_SECONDS: i32 = 86_400;

/// The versioned path prefixes that serve the OAuth-client API: `beta`, the GA `v3`, and the
/// dated `v2024`/`v2025`/`v2026` (SailPoint's api-specs repository defines the same contract under
/// each; SDK 1.4.x has a module per prefix calling `{prefix}/oauth-clients`).
pub const VERSION_PREFIXES: [&str; 5] = ["/beta", "/v3", "/v2024", "/v2025", "/v2026"];

/// The per-API layout of SDK 2.x (`sailpoint.oauth_clients`, spec `idn/apis/oauth-clients`): the
/// version comes after the resource, `/oauth-clients/v1` and `/oauth-clients/v1/{id}`.
pub const PER_API_COLLECTION: &str = "/oauth-clients/v1";

/// Routes: `POST /oauth/token`, `{prefix}/oauth-clients[/{id}]` for every [`VERSION_PREFIXES`]
/// entry, and [`PER_API_COLLECTION`]`[/{id}]`. Every layout serves the same store, and a token's
/// rate limit counts requests to all of them together.
pub fn router() -> Router<AppState> {
    let mut collections: Vec<String> = VERSION_PREFIXES
        .iter()
        .map(|prefix| format!("{prefix}/oauth-clients"))
        .collect();
    collections.push(PER_API_COLLECTION.to_owned());
    let mut router = Router::new().route("/oauth/token", post(issue_token));
    for collection in collections {
        router = router
            .route(&collection, get(list_clients).post(create_client))
            .route(
                &format!("{collection}/{{id}}"),
                get(get_client).delete(delete_client).patch(patch_client),
            );
    }
    router
}

/// Creates a client out of band from a `CreateOAuthClientRequest` JSON; returns the
/// `CreateOAuthClientResponse` (with its secret). Also accepts `lastUsed` and `metadata`, which
/// the API never lets a caller set, so that filters and drift can be exercised. `created` and
/// `modified` are `now`, the sandbox clock's.
pub fn oob_create(
    state: &mut State,
    body: Value,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Value, String> {
    let Value::Object(mut fields) = body else {
        return Err("the body must be a JSON object".into());
    };
    let last_used = fields.remove("lastUsed");
    let metadata = fields.remove("metadata");
    let mut client = new_client(Value::Object(fields), now).map_err(|e| e.to_string())?;
    if let Some(last_used) = last_used.filter(|v| !v.is_null()) {
        client.last_used =
            Some(serde_json::from_value(last_used).map_err(|_| "lastUsed must be a date-time")?);
    }
    if let Some(metadata) = metadata.filter(|v| !v.is_null()) {
        client.metadata = Some(
            metadata
                .as_str()
                .ok_or("metadata must be a string")?
                .to_owned(),
        );
    }
    let secret = client.issue_secret();
    let response = render_created(&client, &secret);
    state.clients.push(client);
    Ok(response)
}

/// Deletes a client out of band; false when there is none with that id.
pub fn oob_delete(state: &mut State, id: &str) -> bool {
    let before = state.clients.len();
    state.clients.retain(|c| c.id != id);
    state.clients.len() != before
}

// ---------------------------------------------------------------------------------------------
// OAuth-client handlers

#[derive(Deserialize)]
struct ListQuery {
    filters: Option<String>,
}

async fn list_clients(
    auth: Authorized,
    AxumState(app): AxumState<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    auth.allows(Operation::List)?;
    let filter = match query.filters.as_deref() {
        None => Filter::All,
        Some(text) => parse_filter(text)?,
    };
    let state = app.state.lock();
    let items: Vec<Value> = state
        .sailpoint
        .clients
        .iter()
        .filter(|c| filter.matches(c))
        .map(render_get)
        .collect();
    Ok(axum::Json(Value::Array(items)).into_response())
}

async fn create_client(
    auth: Authorized,
    AxumState(app): AxumState<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    auth.allows(Operation::Manage)?;
    require_content_type(&headers, "application/json")?;
    let request: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("The request body is not valid JSON: {e}")))?;
    // `created` and `modified` on the sandbox clock, like every time the tenant tells.
    let mut client = new_client(request, app.clock.now())?;
    let secret = client.issue_secret();
    let response = render_created(&client, &secret);
    app.state.lock().sailpoint.clients.push(client);
    Ok(axum::Json(response).into_response())
}

async fn get_client(
    auth: Authorized,
    AxumState(app): AxumState<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    auth.allows(Operation::Get)?;
    let state = app.state.lock();
    let client = find(&state.sailpoint, &id)?;
    Ok(axum::Json(render_get(client)).into_response())
}

async fn delete_client(
    auth: Authorized,
    AxumState(app): AxumState<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    auth.allows(Operation::Manage)?;
    let mut state = app.state.lock();
    find(&state.sailpoint, &id)?;
    oob_delete(&mut state.sailpoint, &id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn patch_client(
    auth: Authorized,
    AxumState(app): AxumState<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    auth.allows(Operation::Manage)?;
    require_content_type(&headers, "application/json-patch+json")?;
    let operations: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("The request body is not valid JSON: {e}")))?;
    check_patch_paths(&operations)?;
    let patch: json_patch::Patch = serde_json::from_value(operations)
        .map_err(|e| ApiError::BadRequest(format!("Invalid JSON Patch operation: {e}")))?;

    let mut state = app.state.lock();
    let index = state
        .sailpoint
        .clients
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| not_found(&id))?;
    let current = &state.sailpoint.clients[index];
    let mut document = serde_json::to_value(current)
        .map_err(|e| ApiError::BadRequest(format!("cannot patch this client: {e}")))?;
    json_patch::patch(&mut document, &patch.0)
        .map_err(|e| ApiError::BadRequest(format!("The JSON Patch could not be applied: {e}")))?;
    let Value::Object(fields) = &document else {
        return Err(ApiError::BadRequest(
            "The patched client is not an object".into(),
        ));
    };
    validate_fields(fields)?;
    let mut patched: OAuthClient = serde_json::from_value(document)
        .map_err(|e| ApiError::BadRequest(format!("Invalid field value: {e}")))?;
    patched.modified = crate::clock::to_millis(app.clock.now());
    let response = render_get(&patched);
    state.sailpoint.clients[index] = patched;
    Ok(axum::Json(response).into_response())
}

// ---------------------------------------------------------------------------------------------
// Validation and rendering

fn find<'a>(state: &'a State, id: &str) -> Result<&'a OAuthClient, ApiError> {
    state
        .clients
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| not_found(id))
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("The OAuth client \"{id}\" was not found."))
}
