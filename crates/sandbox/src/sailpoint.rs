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
//!
//! Choices where the documents are silent (conservative: the sandbox is at least as strict as the
//! service is likely to be): unknown create fields are rejected; required fields may not be null;
//! `grantTypes` may not be empty; `refreshTokenValiditySeconds` defaults to 86400; a wrong
//! Content-Type answers 400 (the only client error the spec documents); issued tokens are
//! JWT-shaped but signed with a random key.
//! Not emulated: the PAT vs client-credentials user context (403), `/oauth/info`, form-data
//! (multipart) token requests, and tokens for the OAuth clients created through the API.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State as AxumState};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use chrono::{DateTime, SecondsFormat, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::AppState;

/// Requests one access token may make per window (developer.sailpoint.com rate-limit page).
pub const RATE_LIMIT_REQUESTS: u32 = 100;
/// The rate-limit window.
pub const RATE_LIMIT_WINDOW: Duration = Duration::from_secs(10);
/// Scope given to clients created without one.
pub const DEFAULT_SCOPE: &str = "sp:scopes:all";
/// Refresh-token lifetime given to clients created without one (undocumented default).
pub const DEFAULT_REFRESH_TOKEN_VALIDITY_SECONDS: i32 = 86_400;

const GRANT_TYPES: [&str; 3] = ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE", "REFRESH_TOKEN"];
const ACCESS_TYPES: [&str; 2] = ["ONLINE", "OFFLINE"];
const CLIENT_TYPES: [&str; 2] = ["CONFIDENTIAL", "PUBLIC"];

/// The fields a PATCH may touch, as the spec lists them.
pub const PATCHABLE_FIELDS: [&str; 13] = [
    "tenant",
    "businessName",
    "homepageUrl",
    "name",
    "description",
    "accessTokenValiditySeconds",
    "refreshTokenValiditySeconds",
    "redirectUris",
    "grantTypes",
    "accessType",
    "enabled",
    "strongAuthSupported",
    "claimsSupported",
];

const REQUIRED_ON_CREATE: [&str; 6] = [
    "name",
    "description",
    "accessTokenValiditySeconds",
    "grantTypes",
    "accessType",
    "enabled",
];

const CREATE_FIELDS: [&str; 15] = [
    "businessName",
    "homepageUrl",
    "name",
    "description",
    "accessTokenValiditySeconds",
    "refreshTokenValiditySeconds",
    "redirectUris",
    "grantTypes",
    "accessType",
    "type",
    "internal",
    "enabled",
    "strongAuthSupported",
    "claimsSupported",
    "scope",
];

/// Every SailPoint object the sandbox holds.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// OAuth clients in creation order (the order list returns them in).
    #[serde(default)]
    pub clients: Vec<OAuthClient>,
    /// Issued access tokens and their rate-limit windows; never persisted.
    #[serde(skip)]
    sessions: Sessions,
}

/// One OAuth client. The secret is not kept: it is shown once, at creation.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthClient {
    pub id: String,
    /// Patchable per the spec but absent from every response schema, so never rendered.
    #[serde(default)]
    pub tenant: Option<String>,
    #[serde(default)]
    pub business_name: Option<String>,
    #[serde(default)]
    pub homepage_url: Option<String>,
    pub name: String,
    pub description: String,
    pub access_token_validity_seconds: i32,
    #[serde(default)]
    pub refresh_token_validity_seconds: Option<i32>,
    #[serde(default)]
    pub redirect_uris: Option<Vec<String>>,
    pub grant_types: Vec<String>,
    pub access_type: String,
    #[serde(rename = "type")]
    pub client_type: String,
    pub internal: bool,
    pub enabled: bool,
    pub strong_auth_supported: bool,
    pub claims_supported: bool,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    #[serde(default)]
    pub metadata: Option<String>,
    #[serde(default)]
    pub last_used: Option<DateTime<Utc>>,
    pub scope: Vec<String>,
}

#[derive(Clone, Default)]
struct Sessions {
    by_token: HashMap<String, Session>,
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sessions({} tokens)", self.by_token.len())
    }
}

#[derive(Clone, Debug)]
struct Session {
    expires_at: Instant,
    window_started: Instant,
    requests_in_window: u32,
}

/// Client errors of the OAuth-client API, each rendered in the vendor's documented shape.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("JWT validation failed: {0}")]
    Unauthorized(&'static str),
    #[error("rate limit exceeded")]
    RateLimited { retry_after_secs: u64 },
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::BadRequest(text) => {
                error_dto(StatusCode::BAD_REQUEST, "400.1 Bad Request Content", text)
            }
            ApiError::NotFound(text) => error_dto(StatusCode::NOT_FOUND, "404 Not found", text),
            ApiError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({ "error": self.to_string() })),
            )
                .into_response(),
            ApiError::RateLimited { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry_after_secs.to_string())],
                axum::Json(json!({ "message": " Rate Limit Exceeded " })),
            )
                .into_response(),
        }
    }
}

fn error_dto(status: StatusCode, detail_code: &str, text: &str) -> Response {
    let message = json!({ "locale": "en-US", "localeOrigin": "DEFAULT", "text": text });
    let body = json!({
        "detailCode": detail_code,
        "trackingId": random_hex(16),
        "messages": [message],
        "causes": [],
    });
    (status, axum::Json(body)).into_response()
}

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
/// the API never lets a caller set, so that filters and drift can be exercised.
pub fn oob_create(state: &mut State, body: Value) -> Result<Value, String> {
    let Value::Object(mut fields) = body else {
        return Err("the body must be a JSON object".into());
    };
    let last_used = fields.remove("lastUsed");
    let metadata = fields.remove("metadata");
    let mut client = new_client(Value::Object(fields)).map_err(|e| e.to_string())?;
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
    let secret = new_secret();
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
// Token endpoint

async fn issue_token(
    AxumState(app): AxumState<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut params = query;
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        params.extend(url::form_urlencoded::parse(&body).into_owned());
    }
    let oauth_error = |status: StatusCode, error: &str, description: &str| {
        (
            status,
            axum::Json(json!({ "error": error, "error_description": description })),
        )
            .into_response()
    };
    if params.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only grant_type=client_credentials is supported",
        );
    }
    let expected = &app.options.credentials.sailpoint;
    let id_ok =
        params.get("client_id").map(String::as_bytes) == Some(expected.client_id.as_bytes());
    let secret_ok = params
        .get("client_secret")
        .is_some_and(|s| constant_time_eq(s.as_bytes(), expected.client_secret.as_bytes()));
    if !(id_ok && secret_ok) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Bad credentials",
        );
    }

    let lifetime = app.options.token_lifetime;
    let issued = app.clock.now();
    let jti = uuid::Uuid::new_v4().to_string();
    let token = fake_jwt(&json!({
        "tenant_id": "sandbox",
        "internal": true,
        "pod": "sandbox",
        "org": "sandbox",
        "identity_id": "sandbox-admin",
        "user_name": "sandbox.admin",
        "strong_auth": false,
        "authorities": ["ORG_ADMIN"],
        "client_id": expected.client_id,
        "strong_auth_supported": false,
        "claims_supported": false,
        "scope": [DEFAULT_SCOPE],
        "exp": issued.timestamp() + i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 2),
        "iat": issued.timestamp(),
        "jti": jti,
    }));
    {
        let now = app.clock.instant();
        let mut state = app.state.lock();
        let sessions = &mut state.sailpoint.sessions.by_token;
        // Expired tokens are kept for an hour so that using one still says "expired".
        sessions.retain(|_, s| {
            s.expires_at
                .checked_add(Duration::from_secs(3600))
                .is_none_or(|keep_until| keep_until > now)
        });
        sessions.insert(
            token.clone(),
            Session {
                // A lifetime too large for the clock means "practically never".
                expires_at: now
                    .checked_add(lifetime)
                    .unwrap_or_else(|| now + Duration::from_secs(10 * 365 * 86_400)),
                window_started: now,
                requests_in_window: 0,
            },
        );
    }
    axum::Json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": lifetime.as_secs(),
        "scope": DEFAULT_SCOPE,
        "tenant_id": "sandbox",
        "internal": true,
        "pod": "sandbox",
        "strong_auth_supported": false,
        "org": "sandbox",
        "claims_supported": false,
        "identity_id": "sandbox-admin",
        "strong_auth": false,
        "jti": jti,
    }))
    .into_response()
}

/// A bearer token checked against issued tokens and counted against the rate limit.
pub struct Authorized;

impl FromRequestParts<AppState> for Authorized {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or(ApiError::Unauthorized("no bearer token"))?;
        let now = app.clock.instant();
        let mut state = app.state.lock();
        let session = state
            .sailpoint
            .sessions
            .by_token
            .get_mut(token)
            .ok_or(ApiError::Unauthorized("JWT is invalid"))?;
        if session.expires_at <= now {
            return Err(ApiError::Unauthorized("JWT is expired"));
        }
        if app.options.sailpoint_rate_limit {
            let elapsed = now.duration_since(session.window_started);
            if elapsed >= RATE_LIMIT_WINDOW {
                session.window_started = now;
                session.requests_in_window = 0;
            }
            if session.requests_in_window >= RATE_LIMIT_REQUESTS {
                let left = RATE_LIMIT_WINDOW.saturating_sub(elapsed);
                // Round up so that waiting Retry-After seconds always reaches the next window.
                let retry_after_secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                return Err(ApiError::RateLimited {
                    retry_after_secs: retry_after_secs.max(1),
                });
            }
            session.requests_in_window += 1;
        }
        Ok(Authorized)
    }
}

// ---------------------------------------------------------------------------------------------
// OAuth-client handlers

#[derive(Deserialize)]
struct ListQuery {
    filters: Option<String>,
}

async fn list_clients(
    _auth: Authorized,
    AxumState(app): AxumState<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
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
    _auth: Authorized,
    AxumState(app): AxumState<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_content_type(&headers, "application/json")?;
    let request: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("The request body is not valid JSON: {e}")))?;
    let client = new_client(request)?;
    let secret = new_secret();
    let response = render_created(&client, &secret);
    app.state.lock().sailpoint.clients.push(client);
    Ok(axum::Json(response).into_response())
}

async fn get_client(
    _auth: Authorized,
    AxumState(app): AxumState<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let state = app.state.lock();
    let client = find(&state.sailpoint, &id)?;
    Ok(axum::Json(render_get(client)).into_response())
}

async fn delete_client(
    _auth: Authorized,
    AxumState(app): AxumState<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let mut state = app.state.lock();
    find(&state.sailpoint, &id)?;
    oob_delete(&mut state.sailpoint, &id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn patch_client(
    _auth: Authorized,
    AxumState(app): AxumState<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
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
    patched.modified = now_millis();
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

fn require_content_type(headers: &HeaderMap, expected: &str) -> Result<(), ApiError> {
    let actual = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media_type = actual.split(';').next().unwrap_or("").trim();
    if media_type.eq_ignore_ascii_case(expected) {
        Ok(())
    } else {
        Err(ApiError::BadRequest(format!(
            "Unsupported Content-Type \"{actual}\": this operation accepts {expected}"
        )))
    }
}

/// Builds a client from a `CreateOAuthClientRequest`, applying the documented defaults.
fn new_client(request: Value) -> Result<OAuthClient, ApiError> {
    let Value::Object(mut fields) = request else {
        return Err(ApiError::BadRequest(
            "The request body must be a JSON object".into(),
        ));
    };
    if let Some(unknown) = fields.keys().find(|k| !CREATE_FIELDS.contains(&k.as_str())) {
        return Err(ApiError::BadRequest(format!(
            "Unrecognized field \"{unknown}\" in CreateOAuthClientRequest"
        )));
    }
    for name in REQUIRED_ON_CREATE {
        if fields.get(name).is_none_or(Value::is_null) {
            return Err(ApiError::BadRequest(format!(
                "Required field \"{name}\" is missing"
            )));
        }
    }
    let now = now_millis();
    let defaults = [
        ("type", json!("CONFIDENTIAL")),
        ("internal", json!(false)),
        ("strongAuthSupported", json!(false)),
        ("claimsSupported", json!(false)),
        (
            "refreshTokenValiditySeconds",
            json!(DEFAULT_REFRESH_TOKEN_VALIDITY_SECONDS),
        ),
        ("scope", json!([DEFAULT_SCOPE])),
    ];
    for (name, default) in defaults {
        let entry = fields.entry(name).or_insert(Value::Null);
        if entry.is_null() {
            *entry = default;
        }
    }
    if fields
        .get("scope")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        fields.insert("scope".into(), json!([DEFAULT_SCOPE]));
    }
    fields.insert("id".into(), Value::String(random_hex(16)));
    fields.insert("created".into(), json!(now));
    fields.insert("modified".into(), json!(now));
    validate_fields(&fields)?;
    serde_json::from_value(Value::Object(fields))
        .map_err(|e| ApiError::BadRequest(format!("Invalid field value: {e}")))
}

/// Type, enum and cross-field checks shared by create and PATCH.
fn validate_fields(fields: &Map<String, Value>) -> Result<(), ApiError> {
    let bad = |name: &str, what: &str| ApiError::BadRequest(format!("\"{name}\" must be {what}"));
    for name in REQUIRED_ON_CREATE {
        if fields.get(name).is_none_or(Value::is_null) {
            return Err(ApiError::BadRequest(format!(
                "Required field \"{name}\" is missing"
            )));
        }
    }
    for name in [
        "tenant",
        "businessName",
        "homepageUrl",
        "name",
        "description",
    ] {
        if let Some(v) = fields.get(name)
            && !(v.is_null() || v.is_string())
        {
            return Err(bad(name, "a string"));
        }
    }
    for name in ["accessTokenValiditySeconds", "refreshTokenValiditySeconds"] {
        if let Some(v) = fields.get(name)
            && !v.is_null()
            && !v
                .as_i64()
                .is_some_and(|n| (0..=i64::from(i32::MAX)).contains(&n))
        {
            return Err(bad(name, "a non-negative 32-bit integer"));
        }
    }
    for name in [
        "internal",
        "enabled",
        "strongAuthSupported",
        "claimsSupported",
    ] {
        if let Some(v) = fields.get(name)
            && !v.is_boolean()
        {
            return Err(bad(name, "a boolean"));
        }
    }
    for name in ["redirectUris", "scope"] {
        if let Some(v) = fields.get(name)
            && !v.is_null()
            && !v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
        {
            return Err(bad(name, "an array of strings"));
        }
    }
    check_enum(fields, "accessType", &ACCESS_TYPES)?;
    check_enum(fields, "type", &CLIENT_TYPES)?;
    let grant_types = fields
        .get("grantTypes")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| bad("grantTypes", "a non-empty array of GrantType"))?;
    for grant in grant_types {
        if !grant.as_str().is_some_and(|g| GRANT_TYPES.contains(&g)) {
            return Err(bad(
                "grantTypes",
                &format!("made of {}", GRANT_TYPES.join(", ")),
            ));
        }
    }
    let wants_code = grant_types.iter().any(|g| g == "AUTHORIZATION_CODE");
    let has_redirects = fields
        .get("redirectUris")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if wants_code && !has_redirects {
        return Err(ApiError::BadRequest(
            "redirectUris must contain at least one URI when grantTypes includes AUTHORIZATION_CODE"
                .into(),
        ));
    }
    Ok(())
}

fn check_enum(fields: &Map<String, Value>, name: &str, allowed: &[&str]) -> Result<(), ApiError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        Some(_) => Err(ApiError::BadRequest(format!(
            "\"{name}\" must be one of {}",
            allowed.join(", ")
        ))),
    }
}

/// Every `path` (and `from`) of a patch must name one of the patchable fields.
fn check_patch_paths(operations: &Value) -> Result<(), ApiError> {
    let list = operations.as_array().ok_or_else(|| {
        ApiError::BadRequest("The body must be a JSON array of JSON Patch operations".into())
    })?;
    for operation in list {
        for key in ["path", "from"] {
            let Some(pointer) = operation.get(key) else {
                continue;
            };
            let pointer = pointer.as_str().unwrap_or("");
            let field = pointer
                .strip_prefix('/')
                .and_then(|p| p.split('/').next())
                .unwrap_or("");
            if !PATCHABLE_FIELDS.contains(&field) {
                return Err(ApiError::BadRequest(format!(
                    "\"{pointer}\" is not patchable; patchable fields are: {}",
                    PATCHABLE_FIELDS.join(", ")
                )));
            }
        }
    }
    Ok(())
}

fn common_fields(client: &OAuthClient) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!(client.id));
    m.insert("businessName".into(), json!(client.business_name));
    m.insert("homepageUrl".into(), json!(client.homepage_url));
    m.insert("name".into(), json!(client.name));
    m.insert("description".into(), json!(client.description));
    m.insert(
        "accessTokenValiditySeconds".into(),
        json!(client.access_token_validity_seconds),
    );
    m.insert(
        "refreshTokenValiditySeconds".into(),
        json!(client.refresh_token_validity_seconds),
    );
    m.insert("redirectUris".into(), json!(client.redirect_uris));
    m.insert("grantTypes".into(), json!(client.grant_types));
    m.insert("accessType".into(), json!(client.access_type));
    m.insert("type".into(), json!(client.client_type));
    m.insert("internal".into(), json!(client.internal));
    m.insert("enabled".into(), json!(client.enabled));
    m.insert(
        "strongAuthSupported".into(),
        json!(client.strong_auth_supported),
    );
    m.insert("claimsSupported".into(), json!(client.claims_supported));
    m.insert("created".into(), json!(format_time(client.created)));
    m.insert("modified".into(), json!(format_time(client.modified)));
    m
}

/// `CreateOAuthClientResponse`: the one response carrying the secret.
fn render_created(client: &OAuthClient, secret: &str) -> Value {
    let mut m = common_fields(client);
    m.insert("secret".into(), json!(secret));
    m.insert("scope".into(), json!(client.scope));
    Value::Object(m)
}

/// `GetOAuthClientResponse`: `secret` is always null.
fn render_get(client: &OAuthClient) -> Value {
    let mut m = common_fields(client);
    m.insert("secret".into(), Value::Null);
    m.insert("metadata".into(), json!(client.metadata));
    m.insert("lastUsed".into(), json!(client.last_used.map(format_time)));
    m.insert("scope".into(), json!(client.scope));
    Value::Object(m)
}

enum Filter {
    All,
    LastUsedLe(DateTime<Utc>),
    LastUsedIsNull,
}

impl Filter {
    fn matches(&self, client: &OAuthClient) -> bool {
        match self {
            Filter::All => true,
            Filter::LastUsedIsNull => client.last_used.is_none(),
            Filter::LastUsedLe(limit) => client.last_used.is_some_and(|t| t <= *limit),
        }
    }
}

fn parse_filter(text: &str) -> Result<Filter, ApiError> {
    let unsupported = || {
        ApiError::BadRequest(format!(
            "Invalid filter \"{text}\": only lastUsed with the operators le and isnull is supported"
        ))
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["lastUsed", "isnull"] => Ok(Filter::LastUsedIsNull),
        ["lastUsed", "le", value] => {
            let value = value.trim_matches('"');
            DateTime::parse_from_rfc3339(value)
                .map(|t| Filter::LastUsedLe(t.with_timezone(&Utc)))
                .map_err(|_| {
                    ApiError::BadRequest(format!("Invalid date-time \"{value}\" in filter"))
                })
        }
        _ => Err(unsupported()),
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

fn now_millis() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_secret() -> String {
    random_hex(32)
}

fn fake_jwt(claims: &Value) -> String {
    let header = BASE64URL.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = BASE64URL.encode(claims.to_string());
    let mut signature = [0u8; 32];
    rand::rng().fill_bytes(&mut signature);
    format!("{header}.{payload}.{}", BASE64URL.encode(signature))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse() {
        assert!(matches!(
            parse_filter("lastUsed isnull"),
            Ok(Filter::LastUsedIsNull)
        ));
        assert!(matches!(
            parse_filter("lastUsed le 2023-02-05T10:59:27.214Z"),
            Ok(Filter::LastUsedLe(_))
        ));
        assert!(parse_filter("name eq \"x\"").is_err());
        assert!(parse_filter("lastUsed ge 2023-02-05T10:59:27.214Z").is_err());
    }

    #[test]
    fn patch_paths_limited_to_patchable_fields() {
        assert!(
            check_patch_paths(&json!([{"op": "replace", "path": "/name", "value": "x"}])).is_ok()
        );
        assert!(
            check_patch_paths(&json!([{"op": "add", "path": "/redirectUris/-", "value": "x"}]))
                .is_ok()
        );
        assert!(
            check_patch_paths(&json!([{"op": "replace", "path": "/scope", "value": []}])).is_err()
        );
        assert!(
            check_patch_paths(&json!([{"op": "copy", "from": "/id", "path": "/name"}])).is_err()
        );
    }
}
