//! Akamai Identity and Access Management API v3 emulator: API clients and their credentials under
//! `/identity-management/v3/api-clients`, written from Akamai's IAM API reference and Akamai's
//! OpenAPI file. Every request must carry a valid EdgeGrid `EG1-HMAC-SHA256` signature made with
//! the configured admin credentials (see [`edgegrid`]).
//!
//! Faithful points: create answers 201 + `Location` and returns the new credential's
//! `clientSecret` only when `createCredential` is true; credential create answers 201 with the
//! secret, the only time it is shown; get includes `actions`, `groupAccess`, `apiAccess`,
//! `credentials` and `ipAcl` only when their query flags are true; list is a plain array; only
//! inactive credentials can be deleted and `DELETED` credentials cannot be changed again; request
//! bodies reject unknown properties (`additionalProperties: false`), so `clientType` and
//! `createCredential` are refused on update; `self` names the caller's own client (there is no
//! `self/unlock`); errors are problem+json.
//!
//! Choices where the documents are silent (conservative):
//! - a client with ACTIVE credentials cannot be deleted (400) — the vendor's own Terraform
//!   provider deactivates first because "DeleteAPIClient will fail" otherwise;
//! - `clientName` is required on create, and an update may not change it (400) — the vendor's
//!   provider forbids that change;
//! - a locked client refuses updates and credential creation or update (403); deactivation and
//!   deletion still work;
//! - `notificationEmails` absent or empty on create is filled with the creator's address (the
//!   vendor's provider documents this quirk); an update may set `[]`;
//! - `accessLevel` accepts the spec's READ-ONLY/READ-WRITE plus CREDENTIAL-READ-ONLY/-READ-WRITE
//!   that the vendor's provider accepts; at most 99 APIs per client;
//! - cloned group access yields one fixed sandbox group; missing API and group names are
//!   generated;
//! - EdgeGrid: the signed scheme may be `https` (what Akamai requires) or `http` (the sandbox may
//!   be served without TLS); no headers are signed (Akamai's IAM API names none); timestamps
//!   must lie within 5 minutes of the server clock; nonces are not tracked for replay.
//! - the caller's own client (`self`) is materialised on first use with the configured
//!   client_token/access_token; locking it, or deactivating or deleting its credential or it,
//!   locks the caller out until the sandbox state is reset, as on the real service.
//!
//! Not emulated: `accountSwitchKey` (accepted and ignored; account switch keys list is empty),
//! users, groups and roles lookups, credential limits (none documented), 429s (none documented).

pub mod edgegrid;

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, OriginalUri, Path, Request, State as AxumState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Months, SecondsFormat, Utc};
use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{AppState, EdgeGridCredentials};
use edgegrid::{EdgeGridError, ReceivedRequest, VerifierCredentials};

/// Path prefix of every route here.
pub const BASE_PATH: &str = "/identity-management/v3/api-clients";
/// The largest request body read (EdgeGrid hashes at most the first 128 KiB of it anyway).
pub const MAX_REQUEST_BODY: usize = 1 << 20;
/// Documented limit of API services per client.
pub const MAX_APIS_PER_CLIENT: usize = 99;
/// The user the sandbox's admin credentials belong to.
pub const ADMIN_USER: &str = "sandbox-admin";

const ACCESS_LEVELS: [&str; 4] = [
    "READ-ONLY",
    "READ-WRITE",
    "CREDENTIAL-READ-ONLY",
    "CREDENTIAL-READ-WRITE",
];
const CLIENT_TYPES: [&str; 2] = ["CLIENT", "USER_CLIENT"];
const CREDENTIAL_STATUSES: [&str; 3] = ["ACTIVE", "INACTIVE", "DELETED"];
const CREATE_FIELDS: [&str; 12] = [
    "allowAccountSwitch",
    "apiAccess",
    "authorizedUsers",
    "canAutoCreateCredential",
    "clientDescription",
    "clientName",
    "clientType",
    "createCredential",
    "groupAccess",
    "ipAcl",
    "notificationEmails",
    "purgeOptions",
];
const UPDATE_FIELDS: [&str; 10] = [
    "allowAccountSwitch",
    "apiAccess",
    "authorizedUsers",
    "canAutoCreateCredential",
    "clientDescription",
    "clientName",
    "groupAccess",
    "ipAcl",
    "notificationEmails",
    "purgeOptions",
];

/// Every Akamai object the sandbox holds. Credential secrets are never stored.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// API clients in creation order.
    #[serde(default)]
    pub clients: Vec<ApiClient>,
    /// The caller's own client, created on first use of `self`.
    #[serde(default)]
    pub self_client: Option<ApiClient>,
    /// Set once the caller deleted its own client: every later request is refused.
    #[serde(default)]
    pub self_deleted: bool,
    #[serde(default)]
    pub last_credential_id: u64,
}

/// One API client, with its request-side fields normalised to what responses show.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClient {
    pub client_id: String,
    pub client_name: String,
    pub client_description: String,
    pub client_type: String,
    pub authorized_users: Vec<String>,
    pub notification_emails: Vec<String>,
    pub allow_account_switch: bool,
    pub can_auto_create_credential: bool,
    pub api_access: Value,
    pub group_access: Value,
    #[serde(default)]
    pub ip_acl: Option<Value>,
    #[serde(default)]
    pub purge_options: Option<Value>,
    pub access_token: String,
    pub service_consumer_token: String,
    #[serde(rename = "baseURL")]
    pub base_url: String,
    pub created_by: String,
    pub created_date: DateTime<Utc>,
    pub is_locked: bool,
    pub credentials: Vec<Credential>,
}

/// One credential. The secret is shown once, in the create response, and not kept.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    pub credential_id: u64,
    pub client_token: String,
    pub created_on: DateTime<Utc>,
    pub expires_on: DateTime<Utc>,
    pub status: String,
    pub description: String,
}

impl Credential {
    fn max_allowed_expiry(&self) -> DateTime<Utc> {
        two_years_after(self.created_on)
    }
}

impl ApiClient {
    fn active_credential_count(&self) -> usize {
        self.credentials
            .iter()
            .filter(|c| c.status == "ACTIVE")
            .count()
    }
}

/// Errors in Akamai's problem+json form.
#[derive(Debug, thiserror::Error)]
pub enum IamError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("request body too large")]
    TooLarge,
}

impl From<EdgeGridError> for IamError {
    fn from(e: EdgeGridError) -> Self {
        IamError::Unauthorized(e.to_string())
    }
}

impl IntoResponse for IamError {
    fn into_response(self) -> Response {
        let (status, kind, title) = match &self {
            IamError::BadRequest(_) => (
                StatusCode::BAD_REQUEST,
                "/identity-management/error-types/2",
                "Bad Request",
            ),
            IamError::NotFound(_) => (
                StatusCode::NOT_FOUND,
                "/identity-management/error-types/5",
                "Not Found",
            ),
            IamError::Forbidden(_) => (
                StatusCode::FORBIDDEN,
                "/identity-management/error-types/7",
                "Forbidden",
            ),
            IamError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                "https://problems.luna.akamaiapis.net/-/pep-authn/deny",
                "Not authorized",
            ),
            IamError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "/identity-management/error-types/2",
                "Payload Too Large",
            ),
        };
        let body = json!({
            "type": kind,
            "title": title,
            "status": status.as_u16(),
            "detail": self.to_string(),
            "instance": format!("/identity-management/v3/errors/{}", uuid::Uuid::new_v4()),
            "errors": [],
        });
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    }
}

/// A request whose EdgeGrid signature checked out: its body and query parameters.
pub struct Signed {
    pub body: Bytes,
    pub query: HashMap<String, String>,
}

impl FromRequest<AppState> for Signed {
    type Rejection = IamError;

    async fn from_request(request: Request, app: &AppState) -> Result<Self, IamError> {
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, MAX_REQUEST_BODY)
            .await
            .map_err(|_| IamError::TooLarge)?;
        // A nesting router strips its prefix from `uri`; the client signed the original.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |original| &original.0);
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| uri.authority().map(|a| a.as_str()))
            .unwrap_or("");
        let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
        let authorization = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let configured = &app.options.credentials.akamai;
        let credentials = VerifierCredentials {
            client_token: &configured.client_token,
            access_token: &configured.access_token,
            client_secret: &configured.client_secret,
        };
        let now = Utc::now();
        let mut outcome = Err(EdgeGridError::SignatureMismatch);
        for scheme in ["https", "http"] {
            let received = ReceivedRequest {
                method: parts.method.as_str(),
                scheme,
                host,
                path_and_query,
                canonical_headers: "",
                body: &body,
            };
            outcome = edgegrid::verify(
                &credentials,
                authorization,
                &received,
                edgegrid::DEFAULT_MAX_BODY,
                now,
                edgegrid::MAX_CLOCK_SKEW,
            );
            if !matches!(outcome, Err(EdgeGridError::SignatureMismatch)) {
                break;
            }
        }
        outcome?;
        check_own_client_usable(app, now)?;
        let query = uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        Ok(Signed { body, query })
    }
}

/// The caller's own client, once materialised, must be unlocked and hold its credential active.
fn check_own_client_usable(app: &AppState, now: DateTime<Utc>) -> Result<(), IamError> {
    let state = app.state.lock();
    if state.akamai.self_deleted {
        return Err(IamError::Unauthorized("the API client was deleted".into()));
    }
    let Some(own) = &state.akamai.self_client else {
        return Ok(());
    };
    if own.is_locked {
        return Err(IamError::Unauthorized("the API client is locked".into()));
    }
    let token = &app.options.credentials.akamai.client_token;
    let usable = own
        .credentials
        .iter()
        .any(|c| &c.client_token == token && c.status == "ACTIVE" && c.expires_on > now);
    if usable {
        Ok(())
    } else {
        Err(IamError::Unauthorized(
            "the credential is not active".into(),
        ))
    }
}

/// All routes under [`BASE_PATH`].
pub fn router() -> Router<AppState> {
    let p = BASE_PATH;
    Router::new()
        .route(p, get(list_clients).post(create_client))
        .route(
            &format!("{p}/{{client_id}}"),
            get(get_client).put(update_client).delete(delete_client),
        )
        .route(&format!("{p}/{{client_id}}/lock"), put(lock_client))
        .route(&format!("{p}/{{client_id}}/unlock"), put(unlock_client))
        .route(
            &format!("{p}/{{client_id}}/account-switch-keys"),
            get(account_switch_keys),
        )
        .route(
            &format!("{p}/{{client_id}}/credentials"),
            get(list_credentials).post(create_credential),
        )
        .route(
            &format!("{p}/{{client_id}}/credentials/deactivate"),
            post(deactivate_all_credentials),
        )
        .route(
            &format!("{p}/{{client_id}}/credentials/{{credential_id}}"),
            get(get_credential)
                .put(update_credential)
                .delete(delete_credential),
        )
        .route(
            &format!("{p}/{{client_id}}/credentials/{{credential_id}}/deactivate"),
            post(deactivate_credential),
        )
}

/// Creates a client out of band from the vendor's create JSON; returns the create response
/// (with `credentials[].clientSecret` when `createCredential` is true).
pub fn oob_create(state: &mut State, body: Value) -> Result<Value, String> {
    create(state, body).map_err(|e| e.to_string())
}

/// Deletes a client out of band, whatever its credentials; false when there is none.
pub fn oob_delete(state: &mut State, id: &str) -> bool {
    let before = state.clients.len();
    state.clients.retain(|c| c.client_id != id);
    state.clients.len() != before
}

// ---------------------------------------------------------------------------------------------
// Handlers

async fn list_clients(
    AxumState(app): AxumState<AppState>,
    signed: Signed,
) -> Result<Response, IamError> {
    let actions = flag(&signed.query, "actions")?;
    let state = app.state.lock();
    let items: Vec<Value> = state
        .akamai
        .clients
        .iter()
        .map(|c| render_summary(c, actions))
        .collect();
    Ok(axum::Json(Value::Array(items)).into_response())
}

async fn create_client(
    AxumState(app): AxumState<AppState>,
    signed: Signed,
) -> Result<Response, IamError> {
    let request = parse_json(&signed.body)?;
    let mut state = app.state.lock();
    let response = create(&mut state.akamai, request)?;
    let location = format!(
        "{BASE_PATH}/{}",
        response["clientId"].as_str().unwrap_or_default()
    );
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(response),
    )
        .into_response())
}

async fn get_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    let include = Include {
        actions: flag(&signed.query, "actions")?,
        group_access: flag(&signed.query, "groupAccess")?,
        api_access: flag(&signed.query, "apiAccess")?,
        credentials: flag(&signed.query, "credentials")?,
        ip_acl: flag(&signed.query, "ipAcl")?,
    };
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    Ok(axum::Json(render_detail(client, include, None)).into_response())
}

async fn update_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    let request = parse_json(&signed.body)?;
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    if client.is_locked {
        return Err(locked(client));
    }
    let fields = object_with(
        &request,
        &UPDATE_FIELDS,
        &["apiAccess", "groupAccess", "authorizedUsers"],
    )?;
    let settings = Settings::parse(fields, &client.client_type)?;
    if let Some(name) = &settings.client_name
        && name != &client.client_name
    {
        return Err(IamError::BadRequest(
            "Updating clientName is not possible".into(),
        ));
    }
    settings.apply(client, false);
    Ok(axum::Json(render_detail(client, Include::ALL, None)).into_response())
}

async fn delete_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    _signed: Signed,
) -> Result<Response, IamError> {
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    if client.active_credential_count() > 0 {
        return Err(IamError::BadRequest(format!(
            "API client {} has {} active credential(s); deactivate them before deleting the client",
            client.client_id,
            client.active_credential_count()
        )));
    }
    let id = client.client_id.clone();
    if client_id == "self"
        || state
            .akamai
            .self_client
            .as_ref()
            .is_some_and(|s| s.client_id == id)
    {
        state.akamai.self_client = None;
        state.akamai.self_deleted = true;
    } else {
        oob_delete(&mut state.akamai, &id);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn lock_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    _signed: Signed,
) -> Result<Response, IamError> {
    set_lock(&app, &client_id, true)
}

async fn unlock_client(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    _signed: Signed,
) -> Result<Response, IamError> {
    if client_id == "self" {
        // The API documents self/lock but no self/unlock.
        return Err(IamError::NotFound(
            "There is no unlock operation for self".into(),
        ));
    }
    set_lock(&app, &client_id, false)
}

fn set_lock(app: &AppState, client_id: &str, locked: bool) -> Result<Response, IamError> {
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        client_id,
        &app.options.credentials.akamai,
    )?;
    client.is_locked = locked;
    Ok(axum::Json(render_summary_without_actions(client)).into_response())
}

async fn account_switch_keys(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    _signed: Signed,
) -> Result<Response, IamError> {
    let mut state = app.state.lock();
    resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    Ok(axum::Json(json!([])).into_response())
}

async fn list_credentials(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    signed: Signed,
) -> Result<Response, IamError> {
    let actions = flag(&signed.query, "actions")?;
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    let items: Vec<Value> = client
        .credentials
        .iter()
        .map(|c| render_credential(c, actions))
        .collect();
    Ok(axum::Json(Value::Array(items)).into_response())
}

async fn create_credential(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    _signed: Signed,
) -> Result<Response, IamError> {
    let mut guard = app.state.lock();
    let state = &mut guard.akamai;
    let credential_id = next_credential_id(state);
    let client = resolve(state, &client_id, &app.options.credentials.akamai)?;
    if client.is_locked {
        return Err(locked(client));
    }
    let (credential, secret) = new_credential(credential_id);
    let body = json!({
        "clientSecret": secret,
        "clientToken": credential.client_token,
        "createdOn": format_time(credential.created_on),
        "credentialId": credential.credential_id,
        "description": credential.description,
        "expiresOn": format_time(credential.expires_on),
        "status": credential.status,
    });
    let location = format!(
        "{BASE_PATH}/{}/credentials/{}",
        client.client_id, credential.credential_id
    );
    client.credentials.push(credential);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(body),
    )
        .into_response())
}

async fn deactivate_all_credentials(
    AxumState(app): AxumState<AppState>,
    Path(client_id): Path<String>,
    _signed: Signed,
) -> Result<Response, IamError> {
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    for credential in client
        .credentials
        .iter_mut()
        .filter(|c| c.status == "ACTIVE")
    {
        credential.status = "INACTIVE".into();
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn get_credential(
    AxumState(app): AxumState<AppState>,
    Path((client_id, credential_id)): Path<(String, String)>,
    signed: Signed,
) -> Result<Response, IamError> {
    let actions = flag(&signed.query, "actions")?;
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    let credential = find_credential(client, &credential_id)?;
    Ok(axum::Json(render_credential(credential, actions)).into_response())
}

async fn update_credential(
    AxumState(app): AxumState<AppState>,
    Path((client_id, credential_id)): Path<(String, String)>,
    signed: Signed,
) -> Result<Response, IamError> {
    let request = parse_json(&signed.body)?;
    let fields = object_with(
        &request,
        &["description", "expiresOn", "status"],
        &["expiresOn", "status"],
    )?;
    let status = fields
        .get("status")
        .and_then(Value::as_str)
        .filter(|s| CREDENTIAL_STATUSES.contains(s))
        .ok_or_else(|| {
            IamError::BadRequest(format!(
                "status must be one of {}",
                CREDENTIAL_STATUSES.join(", ")
            ))
        })?
        .to_owned();
    let expires_on = fields
        .get("expiresOn")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| IamError::BadRequest("expiresOn must be an ISO 8601 date-time".into()))?;
    let description = match fields.get("description") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(IamError::BadRequest("description must be a string".into())),
    };

    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    if client.is_locked {
        return Err(locked(client));
    }
    let credential = find_credential_mut(client, &credential_id)?;
    if credential.status == "DELETED" {
        return Err(IamError::BadRequest(
            "A DELETED credential cannot be changed or reactivated".into(),
        ));
    }
    if expires_on > credential.max_allowed_expiry() {
        return Err(IamError::BadRequest(format!(
            "expiresOn may not be later than maxAllowedExpiry {}",
            format_time(credential.max_allowed_expiry())
        )));
    }
    if expires_on <= Utc::now() {
        return Err(IamError::BadRequest(
            "expiresOn must be in the future".into(),
        ));
    }
    credential.status = status;
    credential.expires_on = expires_on;
    if let Some(description) = description {
        credential.description = description;
    }
    Ok(axum::Json(json!({
        "description": credential.description,
        "expiresOn": format_time(credential.expires_on),
        "status": credential.status,
    }))
    .into_response())
}

async fn delete_credential(
    AxumState(app): AxumState<AppState>,
    Path((client_id, credential_id)): Path<(String, String)>,
    _signed: Signed,
) -> Result<Response, IamError> {
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    let credential = find_credential(client, &credential_id)?;
    if credential.status == "ACTIVE" {
        return Err(IamError::BadRequest(
            "You can only delete inactive credentials; deactivate this credential first".into(),
        ));
    }
    let id = credential.credential_id;
    client.credentials.retain(|c| c.credential_id != id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn deactivate_credential(
    AxumState(app): AxumState<AppState>,
    Path((client_id, credential_id)): Path<(String, String)>,
    _signed: Signed,
) -> Result<Response, IamError> {
    let mut state = app.state.lock();
    let client = resolve(
        &mut state.akamai,
        &client_id,
        &app.options.credentials.akamai,
    )?;
    let credential = find_credential_mut(client, &credential_id)?;
    if credential.status == "DELETED" {
        return Err(IamError::BadRequest("The credential is DELETED".into()));
    }
    credential.status = "INACTIVE".into();
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// Model operations

fn create(state: &mut State, request: Value) -> Result<Value, IamError> {
    let fields = object_with(
        &request,
        &CREATE_FIELDS,
        &["clientType", "apiAccess", "groupAccess", "authorizedUsers"],
    )?;
    let client_type = fields
        .get("clientType")
        .and_then(Value::as_str)
        .filter(|t| CLIENT_TYPES.contains(t))
        .ok_or_else(|| {
            IamError::BadRequest(format!(
                "clientType must be one of {}",
                CLIENT_TYPES.join(", ")
            ))
        })?
        .to_owned();
    let create_credential = optional_bool(fields, "createCredential")?.unwrap_or(false);
    let settings = Settings::parse(fields, &client_type)?;
    if settings.client_name.is_none() {
        return Err(IamError::BadRequest("clientName is required".into()));
    }
    let mut client = ApiClient {
        client_id: random_alnum(16),
        client_name: String::new(),
        client_description: String::new(),
        client_type,
        authorized_users: Vec::new(),
        notification_emails: Vec::new(),
        allow_account_switch: false,
        can_auto_create_credential: false,
        api_access: Value::Null,
        group_access: Value::Null,
        ip_acl: None,
        purge_options: None,
        access_token: akamai_token("akab"),
        service_consumer_token: akamai_token("akab"),
        base_url: format!("https://{}.luna.akamaiapis.net", akamai_token("akab")),
        created_by: ADMIN_USER.into(),
        created_date: now_millis(),
        is_locked: false,
        credentials: Vec::new(),
    };
    settings.apply(&mut client, true);
    let mut new_secret = None;
    if create_credential {
        let (credential, secret) = new_credential(next_credential_id(state));
        new_secret = Some((credential.credential_id, secret));
        client.credentials.push(credential);
    }
    let response = render_detail(&client, Include::ALL, new_secret.as_ref());
    state.clients.push(client);
    Ok(response)
}

/// The client-side settings shared by create and update, validated.
struct Settings {
    client_name: Option<String>,
    client_description: Option<String>,
    authorized_users: Vec<String>,
    notification_emails: Option<Vec<String>>,
    allow_account_switch: bool,
    can_auto_create_credential: bool,
    api_access: Value,
    group_access: Value,
    ip_acl: Option<Value>,
    purge_options: Option<Value>,
}

impl Settings {
    fn parse(fields: &Map<String, Value>, client_type: &str) -> Result<Self, IamError> {
        let authorized_users = string_array(fields.get("authorizedUsers"), "authorizedUsers")?;
        if CLIENT_TYPES.contains(&client_type) && authorized_users.len() != 1 {
            return Err(IamError::BadRequest(
                "authorizedUsers must hold exactly one username for CLIENT and USER_CLIENT".into(),
            ));
        }
        let notification_emails = match fields.get("notificationEmails") {
            None => None,
            v => Some(string_array(v, "notificationEmails")?),
        };
        Ok(Settings {
            client_name: non_empty_string(fields, "clientName")?,
            client_description: non_empty_string(fields, "clientDescription")?,
            authorized_users,
            notification_emails,
            allow_account_switch: optional_bool(fields, "allowAccountSwitch")?.unwrap_or(false),
            can_auto_create_credential: optional_bool(fields, "canAutoCreateCredential")?
                .unwrap_or(false),
            api_access: normalize_api_access(fields.get("apiAccess"))?,
            group_access: normalize_group_access(fields.get("groupAccess"))?,
            ip_acl: fields.get("ipAcl").map(normalize_ip_acl).transpose()?,
            purge_options: fields
                .get("purgeOptions")
                .map(normalize_purge_options)
                .transpose()?,
        })
    }

    /// Applies a create (`creating`) or a full-replace update.
    fn apply(self, client: &mut ApiClient, creating: bool) {
        if let Some(name) = self.client_name {
            client.client_name = name;
        }
        client.client_description = self.client_description.unwrap_or_default();
        client.authorized_users = self.authorized_users;
        client.notification_emails = match self.notification_emails {
            Some(emails) if !emails.is_empty() || !creating => emails,
            _ if creating => vec![format!("{ADMIN_USER}@example.com")],
            _ => Vec::new(),
        };
        client.allow_account_switch = self.allow_account_switch;
        client.can_auto_create_credential = self.can_auto_create_credential;
        client.api_access = self.api_access;
        client.group_access = self.group_access;
        client.ip_acl = self.ip_acl;
        client.purge_options = self.purge_options;
    }
}

fn resolve<'a>(
    state: &'a mut State,
    client_id: &str,
    admin: &EdgeGridCredentials,
) -> Result<&'a mut ApiClient, IamError> {
    let is_self = client_id == "self"
        || state
            .self_client
            .as_ref()
            .is_some_and(|s| s.client_id == client_id);
    if is_self {
        if state.self_client.is_none() {
            let id = next_credential_id(state);
            state.self_client = Some(own_client(admin, id));
        }
        return state
            .self_client
            .as_mut()
            .ok_or_else(|| IamError::NotFound("API client self not found".into()));
    }
    state
        .clients
        .iter_mut()
        .find(|c| c.client_id == client_id)
        .ok_or_else(|| IamError::NotFound(format!("API client {client_id} not found")))
}

/// The admin's own client, matching the configured EdgeGrid tokens.
fn own_client(admin: &EdgeGridCredentials, credential_id: u64) -> ApiClient {
    let now = now_millis();
    ApiClient {
        client_id: random_alnum(16),
        client_name: "sandbox-admin-client".into(),
        client_description: "The API client whose credentials sign requests to the sandbox".into(),
        client_type: "CLIENT".into(),
        authorized_users: vec![ADMIN_USER.into()],
        notification_emails: vec![format!("{ADMIN_USER}@example.com")],
        allow_account_switch: false,
        can_auto_create_credential: false,
        api_access: json!({ "allAccessibleApis": true, "apis": [] }),
        group_access: json!({ "cloneAuthorizedUserGroups": true, "groups": default_groups() }),
        ip_acl: None,
        purge_options: None,
        access_token: admin.access_token.clone(),
        service_consumer_token: akamai_token("akab"),
        base_url: "https://sandbox.luna.akamaiapis.net".into(),
        created_by: ADMIN_USER.into(),
        created_date: now,
        is_locked: false,
        credentials: vec![Credential {
            credential_id,
            client_token: admin.client_token.clone(),
            created_on: now,
            expires_on: two_years_after(now),
            status: "ACTIVE".into(),
            description: String::new(),
        }],
    }
}

fn next_credential_id(state: &mut State) -> u64 {
    state.last_credential_id = state.last_credential_id.max(100_000) + 1;
    state.last_credential_id
}

fn new_credential(credential_id: u64) -> (Credential, String) {
    let now = now_millis();
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    (
        Credential {
            credential_id,
            client_token: akamai_token("akab"),
            created_on: now,
            expires_on: two_years_after(now),
            status: "ACTIVE".into(),
            description: String::new(),
        },
        BASE64.encode(secret),
    )
}

fn find_credential<'a>(client: &'a ApiClient, id: &str) -> Result<&'a Credential, IamError> {
    let id = parse_credential_id(id)?;
    client
        .credentials
        .iter()
        .find(|c| c.credential_id == id)
        .ok_or_else(|| IamError::NotFound(format!("Credential {id} not found")))
}

fn find_credential_mut<'a>(
    client: &'a mut ApiClient,
    id: &str,
) -> Result<&'a mut Credential, IamError> {
    let id = parse_credential_id(id)?;
    client
        .credentials
        .iter_mut()
        .find(|c| c.credential_id == id)
        .ok_or_else(|| IamError::NotFound(format!("Credential {id} not found")))
}

fn parse_credential_id(id: &str) -> Result<u64, IamError> {
    id.parse()
        .map_err(|_| IamError::BadRequest(format!("credentialId must be an integer, not \"{id}\"")))
}

fn locked(client: &ApiClient) -> IamError {
    IamError::Forbidden(format!(
        "API client {} is locked; unlock it first",
        client.client_id
    ))
}

// ---------------------------------------------------------------------------------------------
// Request validation

fn parse_json(body: &[u8]) -> Result<Value, IamError> {
    serde_json::from_slice(body)
        .map_err(|e| IamError::BadRequest(format!("The request body is not valid JSON: {e}")))
}

/// The body as an object with only `allowed` keys and all `required` ones.
fn object_with<'a>(
    value: &'a Value,
    allowed: &[&str],
    required: &[&str],
) -> Result<&'a Map<String, Value>, IamError> {
    let fields = value
        .as_object()
        .ok_or_else(|| IamError::BadRequest("The request body must be a JSON object".into()))?;
    if let Some(unknown) = fields.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(IamError::BadRequest(format!(
            "Unrecognized property \"{unknown}\""
        )));
    }
    if let Some(missing) = required.iter().find(|k| !fields.contains_key(**k)) {
        return Err(IamError::BadRequest(format!("{missing} is required")));
    }
    Ok(fields)
}

fn optional_bool(fields: &Map<String, Value>, name: &str) -> Result<Option<bool>, IamError> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(IamError::BadRequest(format!("{name} must be a boolean"))),
    }
}

fn non_empty_string(fields: &Map<String, Value>, name: &str) -> Result<Option<String>, IamError> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
        Some(_) => Err(IamError::BadRequest(format!(
            "{name} must be a non-empty string"
        ))),
    }
}

fn string_array(value: Option<&Value>, name: &str) -> Result<Vec<String>, IamError> {
    value
        .and_then(Value::as_array)
        .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect())
        .ok_or_else(|| IamError::BadRequest(format!("{name} must be an array of strings")))
}

fn normalize_api_access(value: Option<&Value>) -> Result<Value, IamError> {
    let fields = object_with(
        value.unwrap_or(&Value::Null),
        &["allAccessibleApis", "apis"],
        &[],
    )
    .map_err(|e| IamError::BadRequest(format!("apiAccess: {e}")))?;
    let all = optional_bool(fields, "allAccessibleApis")?.unwrap_or(false);
    let apis = match fields.get("apis") {
        None if all => Vec::new(),
        None => {
            return Err(IamError::BadRequest(
                "apiAccess.apis is required unless allAccessibleApis is true".into(),
            ));
        }
        Some(Value::Array(list)) => list
            .iter()
            .map(normalize_api)
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => {
            return Err(IamError::BadRequest(
                "apiAccess.apis must be an array".into(),
            ));
        }
    };
    if apis.len() > MAX_APIS_PER_CLIENT {
        return Err(IamError::BadRequest(format!(
            "An API client can access at most {MAX_APIS_PER_CLIENT} API services"
        )));
    }
    Ok(json!({ "allAccessibleApis": all, "apis": apis }))
}

fn normalize_api(api: &Value) -> Result<Value, IamError> {
    let fields = object_with(
        api,
        &[
            "apiId",
            "accessLevel",
            "apiName",
            "description",
            "documentationUrl",
            "endPoint",
        ],
        &["apiId", "accessLevel"],
    )
    .map_err(|e| IamError::BadRequest(format!("apiAccess.apis[]: {e}")))?;
    let api_id = fields
        .get("apiId")
        .and_then(Value::as_u64)
        .ok_or_else(|| IamError::BadRequest("apiId must be a non-negative integer".into()))?;
    let access_level = fields
        .get("accessLevel")
        .and_then(Value::as_str)
        .filter(|l| ACCESS_LEVELS.contains(l))
        .ok_or_else(|| {
            IamError::BadRequest(format!(
                "accessLevel must be one of {}",
                ACCESS_LEVELS.join(", ")
            ))
        })?;
    let text = |name: &str, default: String| -> Result<String, IamError> {
        Ok(non_empty_string(fields, name)?.unwrap_or(default))
    };
    Ok(json!({
        "accessLevel": access_level,
        "apiId": api_id,
        "apiName": text("apiName", format!("API {api_id}"))?,
        "description": text("description", format!("Sandbox API {api_id}"))?,
        "documentationUrl": text("documentationUrl", format!("https://techdocs.akamai.com/api-{api_id}"))?,
        "endPoint": text("endPoint", format!("/api-{api_id}"))?,
    }))
}

fn normalize_group_access(value: Option<&Value>) -> Result<Value, IamError> {
    let fields = object_with(
        value.unwrap_or(&Value::Null),
        &["cloneAuthorizedUserGroups", "groups"],
        &["cloneAuthorizedUserGroups"],
    )
    .map_err(|e| IamError::BadRequest(format!("groupAccess: {e}")))?;
    let clone = optional_bool(fields, "cloneAuthorizedUserGroups")?.unwrap_or(false);
    let groups = if clone {
        default_groups()
    } else {
        match fields.get("groups") {
            Some(Value::Array(list)) => Value::Array(
                list.iter()
                    .map(|g| normalize_group(g, true))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            _ => {
                return Err(IamError::BadRequest(
                    "groupAccess.groups is required when cloneAuthorizedUserGroups is false".into(),
                ));
            }
        }
    };
    Ok(json!({ "cloneAuthorizedUserGroups": clone, "groups": groups }))
}

fn normalize_group(group: &Value, top_level: bool) -> Result<Value, IamError> {
    let allowed = [
        "groupId",
        "groupName",
        "isBlocked",
        "parentGroupId",
        "roleDescription",
        "roleId",
        "roleName",
        "subGroups",
    ];
    let required: &[&str] = if top_level {
        &["groupId", "roleId"]
    } else {
        &["groupId"]
    };
    let fields = object_with(group, &allowed, required)
        .map_err(|e| IamError::BadRequest(format!("groupAccess.groups[]: {e}")))?;
    let int = |name: &str| -> Result<Option<i64>, IamError> {
        match fields.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| IamError::BadRequest(format!("{name} must be an integer"))),
        }
    };
    let group_id = int("groupId")?.unwrap_or_default();
    let role_id = int("roleId")?;
    let mut out = Map::new();
    out.insert("groupId".into(), json!(group_id));
    out.insert(
        "groupName".into(),
        json!(non_empty_string(fields, "groupName")?.unwrap_or(format!("Group {group_id}"))),
    );
    out.insert(
        "isBlocked".into(),
        json!(optional_bool(fields, "isBlocked")?.unwrap_or(false)),
    );
    if let Some(parent) = int("parentGroupId")? {
        out.insert("parentGroupId".into(), json!(parent));
    }
    if let Some(role_id) = role_id {
        out.insert(
            "roleDescription".into(),
            json!(
                non_empty_string(fields, "roleDescription")?.unwrap_or(format!("Role {role_id}"))
            ),
        );
        out.insert("roleId".into(), json!(role_id));
        out.insert(
            "roleName".into(),
            json!(non_empty_string(fields, "roleName")?.unwrap_or(format!("Role {role_id}"))),
        );
    }
    let sub_groups = match fields.get("subGroups") {
        None => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|g| normalize_group(g, false))
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(IamError::BadRequest("subGroups must be an array".into())),
    };
    out.insert("subGroups".into(), Value::Array(sub_groups));
    Ok(Value::Object(out))
}

fn default_groups() -> Value {
    json!([{
        "groupId": 10000,
        "groupName": "Sandbox Account",
        "isBlocked": false,
        "roleDescription": "Administrator of the sandbox account",
        "roleId": 1,
        "roleName": "Admin",
        "subGroups": [],
    }])
}

fn normalize_ip_acl(value: &Value) -> Result<Value, IamError> {
    let fields = object_with(value, &["enable", "cidr"], &["enable", "cidr"])
        .map_err(|e| IamError::BadRequest(format!("ipAcl: {e}")))?;
    let enable = optional_bool(fields, "enable")?.unwrap_or(false);
    let cidr = string_array(fields.get("cidr"), "ipAcl.cidr")?;
    for entry in &cidr {
        let valid =
            entry.parse::<std::net::IpAddr>().is_ok() || entry.parse::<ipnet::IpNet>().is_ok();
        if !valid {
            return Err(IamError::BadRequest(format!(
                "ipAcl.cidr: \"{entry}\" is not an IP address or CIDR block"
            )));
        }
    }
    Ok(json!({ "cidr": cidr, "enable": enable }))
}

fn normalize_purge_options(value: &Value) -> Result<Value, IamError> {
    let names = ["canPurgeByCacheTag", "canPurgeByCpcode", "cpcodeAccess"];
    let fields = object_with(value, &names, &names)
        .map_err(|e| IamError::BadRequest(format!("purgeOptions: {e}")))?;
    let access = object_with(
        &fields["cpcodeAccess"],
        &["allCurrentAndNewCpcodes", "cpcodes"],
        &["allCurrentAndNewCpcodes", "cpcodes"],
    )
    .map_err(|e| IamError::BadRequest(format!("purgeOptions.cpcodeAccess: {e}")))?;
    let cpcodes = access
        .get("cpcodes")
        .and_then(Value::as_array)
        .filter(|a| a.iter().all(Value::is_i64))
        .ok_or_else(|| IamError::BadRequest("cpcodes must be an array of integers".into()))?;
    Ok(json!({
        "canPurgeByCacheTag": optional_bool(fields, "canPurgeByCacheTag")?.unwrap_or(false),
        "canPurgeByCpcode": optional_bool(fields, "canPurgeByCpcode")?.unwrap_or(false),
        "cpcodeAccess": {
            "allCurrentAndNewCpcodes": optional_bool(access, "allCurrentAndNewCpcodes")?.unwrap_or(false),
            "cpcodes": cpcodes,
        },
    }))
}

fn flag(query: &HashMap<String, String>, name: &str) -> Result<bool, IamError> {
    match query.get(name).map(String::as_str) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(IamError::BadRequest(format!(
            "query parameter {name} must be true or false, not \"{v}\""
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// Which optional parts of a client to show.
#[derive(Clone, Copy)]
struct Include {
    actions: bool,
    group_access: bool,
    api_access: bool,
    credentials: bool,
    ip_acl: bool,
}

impl Include {
    const ALL: Include = Include {
        actions: true,
        group_access: true,
        api_access: true,
        credentials: true,
        ip_acl: true,
    };
}

fn client_actions(client: &ApiClient) -> Value {
    let editable = !client.is_locked;
    let active = client.active_credential_count();
    json!({
        "delete": active == 0,
        "deactivateAll": active > 0,
        "edit": editable,
        "editApis": editable,
        "editAuth": editable,
        "editGroups": editable,
        "editIpAcl": editable,
        "editSwitchAccount": editable,
        "lock": !client.is_locked,
        "transfer": true,
        "unlock": client.is_locked,
    })
}

fn credential_actions(credential: &Credential) -> Value {
    let status = credential.status.as_str();
    json!({
        "delete": status != "ACTIVE",
        "activate": status == "INACTIVE",
        "deactivate": status == "ACTIVE",
        "editDescription": status != "DELETED",
        "editExpiration": status != "DELETED",
    })
}

/// `api-client-detail-v3`: the get, create and update response.
fn render_detail(
    client: &ApiClient,
    include: Include,
    new_secret: Option<&(u64, String)>,
) -> Value {
    let mut m = Map::new();
    m.insert("accessToken".into(), json!(client.access_token));
    if include.actions {
        m.insert("actions".into(), client_actions(client));
    }
    m.insert(
        "activeCredentialCount".into(),
        json!(client.active_credential_count()),
    );
    m.insert(
        "allowAccountSwitch".into(),
        json!(client.allow_account_switch),
    );
    if include.api_access {
        m.insert("apiAccess".into(), client.api_access.clone());
    }
    m.insert("authorizedUsers".into(), json!(client.authorized_users));
    m.insert("baseURL".into(), json!(client.base_url));
    m.insert(
        "canAutoCreateCredential".into(),
        json!(client.can_auto_create_credential),
    );
    m.insert("clientDescription".into(), json!(client.client_description));
    m.insert("clientId".into(), json!(client.client_id));
    m.insert("clientName".into(), json!(client.client_name));
    m.insert("clientType".into(), json!(client.client_type));
    m.insert("createdBy".into(), json!(client.created_by));
    m.insert(
        "createdDate".into(),
        json!(format_time(client.created_date)),
    );
    if include.credentials {
        let credentials: Vec<Value> = client
            .credentials
            .iter()
            .map(|c| {
                let mut item = Map::new();
                item.insert("actions".into(), credential_actions(c));
                if let Some((id, secret)) = new_secret
                    && *id == c.credential_id
                {
                    item.insert("clientSecret".into(), json!(secret));
                }
                item.insert("clientToken".into(), json!(c.client_token));
                item.insert("createdOn".into(), json!(format_time(c.created_on)));
                item.insert("credentialId".into(), json!(c.credential_id));
                item.insert("description".into(), json!(c.description));
                item.insert("expiresOn".into(), json!(format_time(c.expires_on)));
                item.insert("status".into(), json!(c.status));
                Value::Object(item)
            })
            .collect();
        m.insert("credentials".into(), Value::Array(credentials));
    }
    if include.group_access {
        m.insert("groupAccess".into(), client.group_access.clone());
    }
    if include.ip_acl {
        m.insert(
            "ipAcl".into(),
            client
                .ip_acl
                .clone()
                .unwrap_or_else(|| json!({ "cidr": [], "enable": false })),
        );
    }
    m.insert("isLocked".into(), json!(client.is_locked));
    m.insert(
        "notificationEmails".into(),
        json!(client.notification_emails),
    );
    if let Some(purge) = &client.purge_options {
        m.insert("purgeOptions".into(), purge.clone());
    }
    Value::Object(m)
}

/// The list item: a summary with `serviceConsumerToken` and, on request, a reduced `actions`.
fn render_summary(client: &ApiClient, actions: bool) -> Value {
    let mut value = render_summary_without_actions(client);
    if actions && let Value::Object(m) = &mut value {
        let all = client_actions(client);
        let reduced: Map<String, Value> = [
            "delete",
            "deactivateAll",
            "edit",
            "lock",
            "transfer",
            "unlock",
        ]
        .iter()
        .map(|k| ((*k).to_owned(), all[*k].clone()))
        .collect();
        m.insert("actions".into(), Value::Object(reduced));
    }
    value
}

/// The lock/unlock response (the list item without `actions`).
fn render_summary_without_actions(client: &ApiClient) -> Value {
    json!({
        "accessToken": client.access_token,
        "activeCredentialCount": client.active_credential_count(),
        "allowAccountSwitch": client.allow_account_switch,
        "authorizedUsers": client.authorized_users,
        "canAutoCreateCredential": client.can_auto_create_credential,
        "clientDescription": client.client_description,
        "clientId": client.client_id,
        "clientName": client.client_name,
        "clientType": client.client_type,
        "createdBy": client.created_by,
        "createdDate": format_time(client.created_date),
        "isLocked": client.is_locked,
        "notificationEmails": client.notification_emails,
        "serviceConsumerToken": client.service_consumer_token,
    })
}

/// `credential-nosecret`: the list and get item.
fn render_credential(credential: &Credential, actions: bool) -> Value {
    let mut m = Map::new();
    if actions {
        m.insert("actions".into(), credential_actions(credential));
    }
    m.insert("clientToken".into(), json!(credential.client_token));
    m.insert(
        "createdOn".into(),
        json!(format_time(credential.created_on)),
    );
    m.insert("credentialId".into(), json!(credential.credential_id));
    m.insert("description".into(), json!(credential.description));
    m.insert(
        "expiresOn".into(),
        json!(format_time(credential.expires_on)),
    );
    m.insert(
        "maxAllowedExpiry".into(),
        json!(format_time(credential.max_allowed_expiry())),
    );
    m.insert("status".into(), json!(credential.status));
    Value::Object(m)
}

// ---------------------------------------------------------------------------------------------
// Small helpers

fn now_millis() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

fn two_years_after(t: DateTime<Utc>) -> DateTime<Utc> {
    t.checked_add_months(Months::new(24)).unwrap_or(t)
}

fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn random_alnum(len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// Tokens shaped like Akamai's: `akab-<16>-<16>`.
fn akamai_token(prefix: &str) -> String {
    format!("{prefix}-{}-{}", random_alnum(16), random_alnum(16))
}
