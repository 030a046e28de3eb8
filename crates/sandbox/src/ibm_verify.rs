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

use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{self, Path, Query};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use rand::Rng;
use rand::distr::Alphanumeric;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::AppState;

/// Entitlement names of the create/update descriptions (seed 000 and the OpenAPI file), in the
/// documented order. A test checks this table against both documents.
pub const ENTITLEMENTS: &[&str] = &[
    "manageDeployment",
    "manageCerts",
    "readCerts",
    "manageAPIClients",
    "readAPIClients",
    "manageIdentitySources",
    "readIdentitySources",
    "manageMFAMethods",
    "readMFAMethods",
    "manageEnrollMFAMethodAnyUser",
    "readEnrollMFAMethodAnyUser",
    "authnAnyUser",
    "manageAuthenticatorsConfig",
    "readAuthenticatorsConfig",
    "manageAuthenticatorsAnyUser",
    "readAuthenticatorsAnyUser",
    "manageUserGroups",
    "readUserGroups",
    "manageAllUserGroups",
    "manageUsersPwdReset",
    "manageUserStandardGroups",
    "manageAdminGroup",
    "readAdminGroup",
    "managePwdPolicy",
    "readPwdPolicy",
    "AnalyticsDataSyncToCloud",
    "AnalyticsSatelliteOnBoard",
    "manageOIDCGrants",
    "readOIDCGrants",
    "recoverUsername",
    "manageFederations",
    "readFederations",
    "resetPassword",
    "manageAppAccessAdmin",
    "manageAppAccessOwner",
    "manageSubscriptions",
    "manageAccessPolicies",
    "readAccessPolicies",
    "managePushCreds",
    "readPushCreds",
    "manageAccessRequest",
    "manageAccessWorkflow",
    "manageOIDCConsents",
    "readOIDCConsents",
    "manageReports",
    "readReports",
    "updateAnyUser",
    "resetPasswordAnyUser",
    "readTenantProperties",
    "manageTenantProperties",
    "manageAttributes",
    "readAttributes",
    "generateOTP",
    "readAppConfig",
    "manageTemplates",
    "readTemplates",
    "reviewCertRecords",
    "readEntitlements",
    "manageNotificationProviders",
    "readNotificationProviders",
    "manageCertifications",
    "readExternalAgents",
    "manageExternalAgents",
    "runExternalAgent",
    "manageOidcDynamicClient",
    "readPurpose",
    "managePurpose",
    "manageAppPurpose",
    "readPrivacyConsent",
    "managePrivacyConsent",
    "readPrivacyPolicy",
    "managePrivacyPolicy",
    "createPrivacyConsent",
    "performDSP",
    "performDUA",
    "certCampaignSupervisor",
    "managePwdVaultAnyUser",
    "managePwdVault",
    "readPwdVaultAnyUser",
    "readPwdVault",
    "managePwdVaultConfig",
    "readPwdVaultConfig",
    "mfaPush",
    "readPrivacyProfile",
    "managePrivacyProfile",
    "manageEntitlements",
    "manageDevicesAnyUser",
    "readDevicesAnyUser",
    "manageDevices",
    "readDevices",
    "manageRecaptcha",
    "readRecaptcha",
    "manageLoginSessions",
    "manageRelyingParty",
    "readRelyingParty",
    "manageWebhooks",
    "readWebhooks",
    "readSTSClients",
    "manageSTSClients",
    "manageVerifiableLinks",
    "readSelfOidcGrants",
    "manageSelfOidcGrants",
    "diManageAgency",
    "diReadAgency",
    "diManageAgentsAny",
    "diReadAgentsAny",
    "manageMyOrg",
    "diIssueCredentials",
    "diVerifyCredentials",
];

/// Entitlements that allow listing and reading API clients.
const READ_ENTITLEMENTS: &[&str] = &["readAPIClients", "manageAPIClients"];
/// The entitlement that allows creating, updating and deleting API clients.
const MANAGE_ENTITLEMENT: &str = "manageAPIClients";
/// "The maximum allowed value for limit or count is 1000."
const MAX_PAGE: usize = 1000;
const SECRET_LENGTH: usize = 24;
const TOKEN_LENGTH: usize = 48;

const MSG_INVALID_JSON: &str = "CSIBS0400E";
const MSG_MISSING_PROPERTY: &str = "CSIBS0401E";
const MSG_UNKNOWN_ENTITLEMENT: &str = "CSIBS0402E";
const MSG_DUPLICATE: &str = "CSIBS0403E";
const MSG_IMMUTABLE: &str = "CSIBS0404E";
const MSG_QUERY: &str = "CSIBS0405E";
const MSG_NOT_FOUND: &str = "CSIBS0410E";
const MSG_UNAUTHORIZED: &str = "CSIBS0420E";
const MSG_MEDIA_TYPE: &str = "CSIBS0415E";

/// The API clients of the tenant, in creation order, and the bearer tokens issued.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub clients: Vec<ApiClient>,
    /// Tokens are not objects: not persisted, not shown, and kept across `/_sandbox/reset`.
    #[serde(skip)]
    pub tokens: HashMap<String, IssuedToken>,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("clients", &self.clients)
            .field("tokens", &self.tokens.len())
            .finish()
    }
}

/// A bearer token and whom it was issued to.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    pub client_id: String,
    pub expires_at: Instant,
}

/// `APIClientOverrideSettings`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OverrideSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrict_scopes: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
}

/// `APIClientScopes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scope {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `APIClientAdditionalConfig`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdditionalConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate_client_assertion_jti: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_client_assertion_verification_keys: Option<Vec<String>>,
}

/// `ipFilterOp`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpFilterOp {
    Allow,
    Deny,
}

/// One API client as GET returns it (`APIClientConfig`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClient {
    pub id: String,
    pub client_id: String,
    pub client_name: String,
    pub client_secret: String,
    pub enabled: bool,
    pub entitlements: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_settings: Option<OverrideSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_filter_op: Option<IpFilterOp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_filters: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwk_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_config: Option<AdditionalConfig>,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("id", &self.id)
            .field("client_id", &self.client_id)
            .field("client_name", &self.client_name)
            .field("client_secret", &"<redacted>")
            .field("enabled", &self.enabled)
            .field("entitlements", &self.entitlements)
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// `APIClientConfigRequest` (create) and `APIClientConfig` (update) as received: every property
/// optional here so that a missing required one gets IBM's 400 rather than a serde message.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClientBody {
    /// Only in `APIClientConfig` (update); refused on create.
    id: Option<String>,
    client_id: Option<String>,
    client_name: Option<String>,
    client_secret: Option<String>,
    entitlements: Option<Vec<String>>,
    enabled: Option<bool>,
    override_settings: Option<OverrideSettings>,
    description: Option<String>,
    additional_properties: Option<Map<String, Value>>,
    ip_filter_op: Option<IpFilterOp>,
    ip_filters: Option<Vec<String>>,
    jwk_uri: Option<String>,
    additional_config: Option<AdditionalConfig>,
}

/// What the API answers instead of success.
#[derive(Debug, PartialEq)]
enum ApiError {
    /// 400 with an `ErrorResponse`.
    BadRequest {
        message_id: &'static str,
        description: String,
    },
    /// 401: missing, unknown or expired bearer token.
    Unauthorized,
    /// 403 with no body, as documented.
    Forbidden,
    /// 404 with an `ErrorResponse`.
    NotFound,
    /// 415 with an `ErrorResponse`: a JSON endpoint sent another media type. The OpenAPI file
    /// declares only `application/json` request bodies and documents no answer for others; 415 is
    /// HTTP's (RFC 9110 §15.5.16), chosen so that a wrong Content-Type never succeeds.
    UnsupportedMediaType(String),
}

impl ApiError {
    fn bad_request(message_id: &'static str, description: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            message_id,
            description: description.into(),
        }
    }

    fn description(&self) -> String {
        match self {
            ApiError::BadRequest { description, .. } => description.clone(),
            ApiError::Unauthorized => "The access token is missing, invalid or expired.".into(),
            ApiError::Forbidden => {
                "The access token does not allow access to the requested resource.".into()
            }
            ApiError::NotFound => "The requested API client does not exist.".into(),
            ApiError::UnsupportedMediaType(actual) => {
                format!("The media type \"{actual}\" is not supported; send application/json.")
            }
        }
    }
}

fn error_response(status: StatusCode, message_id: &str, description: String) -> Response {
    (
        status,
        axum::Json(json!({ "messageId": message_id, "messageDescription": description })),
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let description = self.description();
        match self {
            ApiError::BadRequest { message_id, .. } => {
                error_response(StatusCode::BAD_REQUEST, message_id, description)
            }
            ApiError::Unauthorized => {
                let mut response =
                    error_response(StatusCode::UNAUTHORIZED, MSG_UNAUTHORIZED, description);
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                response
            }
            ApiError::Forbidden => StatusCode::FORBIDDEN.into_response(),
            ApiError::NotFound => error_response(StatusCode::NOT_FOUND, MSG_NOT_FOUND, description),
            ApiError::UnsupportedMediaType(_) => error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                MSG_MEDIA_TYPE,
                description,
            ),
        }
    }
}

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

fn random_string(length: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(length)
        .map(char::from)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// An OAuth error (`Error_0`).
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// Client id and secret from HTTP Basic, which the OpenAPI offers as an alternative to the form.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

async fn token(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request must be application/x-www-form-urlencoded.",
        );
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    match form.get("grant_type").map(String::as_str) {
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The grant_type parameter is missing.",
            );
        }
        Some("client_credentials") => {}
        Some(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Only the client_credentials grant is available to API clients.",
            );
        }
    }
    let credentials = basic_credentials(&headers).or_else(|| {
        Some((
            form.get("client_id")?.clone(),
            form.get("client_secret")?.clone(),
        ))
    });
    let Some((client_id, client_secret)) = credentials else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The client credentials are missing.",
        );
    };
    let admin = &shared.options.credentials.ibm_verify;
    let lifetime = shared.options.token_lifetime;
    let mut state = shared.state.lock();
    let authenticated = (client_id == admin.client_id && client_secret == admin.client_secret)
        || state.ibm_verify.clients.iter().any(|client| {
            client.enabled && client.client_id == client_id && client.client_secret == client_secret
        });
    if !authenticated {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The client authentication failed.",
        );
    }
    let now = shared.clock.instant();
    state
        .ibm_verify
        .tokens
        .retain(|_, token| token.expires_at > now);
    let access_token = random_string(TOKEN_LENGTH);
    state.ibm_verify.tokens.insert(
        access_token.clone(),
        IssuedToken {
            client_id,
            expires_at: now + lifetime,
        },
    );
    drop(state);
    let scope = form
        .get("scope")
        .cloned()
        .unwrap_or_else(|| "openid".into());
    axum::Json(json!({
        "access_token": access_token,
        "grant_id": uuid::Uuid::new_v4().to_string(),
        "token_type": "Bearer",
        "expires_in": lifetime.as_secs(),
        "scope": scope,
    }))
    .into_response()
}

/// What a request needs from its token's entitlements.
#[derive(Clone, Copy)]
enum Access {
    Read,
    Manage,
}

/// Checks the bearer token and its holder's entitlements.
fn authorize(shared: &AppState, headers: &HeaderMap, access: Access) -> Result<(), ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or(ApiError::Unauthorized)?;
    let state = shared.state.lock();
    let issued = state
        .ibm_verify
        .tokens
        .get(token)
        .filter(|issued| issued.expires_at > shared.clock.instant())
        .ok_or(ApiError::Unauthorized)?;
    if issued.client_id == shared.options.credentials.ibm_verify.client_id {
        return Ok(());
    }
    // A token of an API client carries that client's entitlements, looked up now so that a
    // deleted client's tokens stop working.
    let client = state
        .ibm_verify
        .clients
        .iter()
        .find(|client| client.client_id == issued.client_id)
        .ok_or(ApiError::Unauthorized)?;
    let has = |name: &str| client.entitlements.iter().any(|held| held == name);
    let allowed = match access {
        Access::Read => READ_ENTITLEMENTS.iter().any(|name| has(name)),
        Access::Manage => has(MANAGE_ENTITLEMENT),
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

// ---------------------------------------------------------------------------------------------
// Validation shared by the API and the out-of-band admin endpoint

/// The JSON endpoints' Content-Type check (after authorization, as the gateway would).
fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let actual = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media_type = actual.split(';').next().unwrap_or("").trim();
    if media_type.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType(actual.to_owned()))
    }
}

fn parse_body(body: &[u8]) -> Result<ClientBody, ApiError> {
    serde_json::from_slice(body).map_err(|error| {
        ApiError::bad_request(
            MSG_INVALID_JSON,
            format!("The JSON input was invalid: {error}"),
        )
    })
}

fn missing(property: &str) -> ApiError {
    ApiError::bad_request(
        MSG_MISSING_PROPERTY,
        format!("The required property {property} is missing."),
    )
}

fn check_entitlements(entitlements: &[String]) -> Result<(), ApiError> {
    match entitlements
        .iter()
        .find(|name| !ENTITLEMENTS.contains(&name.as_str()))
    {
        Some(unknown) => Err(ApiError::bad_request(
            MSG_UNKNOWN_ENTITLEMENT,
            format!("The entitlement {unknown} is not valid."),
        )),
        None => Ok(()),
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.is_empty())
}

fn create_client(state: &mut State, body: ClientBody) -> Result<ApiClient, ApiError> {
    if body.id.is_some() {
        return Err(ApiError::bad_request(
            MSG_INVALID_JSON,
            "The property id is read-only.",
        ));
    }
    let client_name = non_empty(body.client_name).ok_or_else(|| missing("clientName"))?;
    let enabled = body.enabled.ok_or_else(|| missing("enabled"))?;
    let entitlements = body.entitlements.ok_or_else(|| missing("entitlements"))?;
    check_entitlements(&entitlements)?;
    let client_id = match non_empty(body.client_id) {
        Some(client_id) => {
            if state
                .clients
                .iter()
                .any(|client| client.client_id == client_id)
            {
                return Err(ApiError::bad_request(
                    MSG_DUPLICATE,
                    format!("An API client with the client ID {client_id} already exists."),
                ));
            }
            client_id
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    let client = ApiClient {
        id: uuid::Uuid::new_v4().to_string(),
        client_id,
        client_name,
        client_secret: non_empty(body.client_secret)
            .unwrap_or_else(|| random_string(SECRET_LENGTH)),
        enabled,
        entitlements,
        description: body.description,
        override_settings: body.override_settings,
        additional_properties: body.additional_properties,
        ip_filter_op: body.ip_filter_op,
        ip_filters: body.ip_filters,
        jwk_uri: body.jwk_uri,
        additional_config: body.additional_config,
    };
    state.clients.push(client.clone());
    Ok(client)
}

/// PUT replaces the client's properties, except that `id` and `clientId` cannot change, an
/// omitted `clientSecret` is regenerated (as documented) and an omitted `enabled` is kept.
fn update_client(state: &mut State, id: &str, body: ClientBody) -> Result<(), ApiError> {
    let client_name = non_empty(body.client_name).ok_or_else(|| missing("clientName"))?;
    let entitlements = body.entitlements.ok_or_else(|| missing("entitlements"))?;
    check_entitlements(&entitlements)?;
    let client = state
        .clients
        .iter_mut()
        .find(|client| client.id == id)
        .ok_or(ApiError::NotFound)?;
    if body.id.as_deref().is_some_and(|sent| sent != client.id) {
        return Err(ApiError::bad_request(
            MSG_IMMUTABLE,
            "The ID of an API client cannot be modified.",
        ));
    }
    if body
        .client_id
        .as_deref()
        .is_some_and(|sent| sent != client.client_id)
    {
        return Err(ApiError::bad_request(
            MSG_IMMUTABLE,
            "The client ID of an API client cannot be modified.",
        ));
    }
    client.client_name = client_name;
    client.entitlements = entitlements;
    client.client_secret =
        non_empty(body.client_secret).unwrap_or_else(|| random_string(SECRET_LENGTH));
    if let Some(enabled) = body.enabled {
        client.enabled = enabled;
    }
    client.description = body.description;
    client.override_settings = body.override_settings;
    client.additional_properties = body.additional_properties;
    client.ip_filter_op = body.ip_filter_op;
    client.ip_filters = body.ip_filters;
    client.jwk_uri = body.jwk_uri;
    client.additional_config = body.additional_config;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Handlers

async fn create(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(error) = authorize(&shared, &headers, Access::Manage) {
        return error.into_response();
    }
    let body = match require_json(&headers).and_then(|()| parse_body(&body)) {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let created = create_client(&mut shared.state.lock().ibm_verify, body);
    match created {
        Ok(client) => {
            // "201, empty body": the caller must GET the Location to learn the id and secret.
            let location = format!("/v1.0/apiclients/{}", client.id);
            let mut response = StatusCode::CREATED.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Err(error) => error.into_response(),
    }
}

async fn read(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(error) = authorize(&shared, &headers, Access::Read) {
        return error.into_response();
    }
    let found = shared
        .state
        .lock()
        .ibm_verify
        .clients
        .iter()
        .find(|client| client.id == id)
        .map(ApiClient::to_json);
    match found {
        Some(client) => axum::Json(client).into_response(),
        None => ApiError::NotFound.into_response(),
    }
}

async fn update(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(error) = authorize(&shared, &headers, Access::Manage) {
        return error.into_response();
    }
    let body = match require_json(&headers).and_then(|()| parse_body(&body)) {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let updated = update_client(&mut shared.state.lock().ibm_verify, &id, body);
    match updated {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error.into_response(),
    }
}

/// "A successful response is returned even if the object does not exist."
async fn remove(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(error) = authorize(&shared, &headers, Access::Manage) {
        return error.into_response();
    }
    shared
        .state
        .lock()
        .ibm_verify
        .clients
        .retain(|client| client.id != id);
    StatusCode::NO_CONTENT.into_response()
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
) -> Response {
    if let Err(error) = authorize(&shared, &headers, Access::Manage) {
        return error.into_response();
    }
    if let Err(error) = require_json(&headers) {
        return error.into_response();
    }
    let operations: Vec<BulkOperation> = match serde_json::from_slice(&body) {
        Ok(operations) => operations,
        Err(error) => {
            return ApiError::bad_request(
                MSG_INVALID_JSON,
                format!("The JSON input was invalid: {error}"),
            )
            .into_response();
        }
    };
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
                    state.ibm_verify.clients.retain(|client| client.id != id);
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
        StatusCode::NO_CONTENT.into_response()
    } else {
        (
            StatusCode::MULTI_STATUS,
            axum::Json(json!({
                "messageId": MSG_QUERY,
                "messageDescription": "Not all operations were successful.",
                "results": results,
            })),
        )
            .into_response()
    }
}

// ---------------------------------------------------------------------------------------------
// List: pagination, sort, search, filter

/// The list's query parameters; each one's value is itself URL-encoded as a whole.
#[derive(Deserialize)]
struct ListQuery {
    pagination: Option<String>,
    sort: Option<String>,
    search: Option<String>,
    filter: Option<String>,
}

const SORT_FIELDS: &[&str] = &["clientId", "clientName", "enabled"];
const SEARCH_FIELDS: &[&str] = &["clientId", "clientName", "enabled"];
const FILTER_FIELDS: &[&str] = &[
    "id",
    "clientId",
    "clientName",
    "clientSecret",
    "entitlements",
    "enabled",
];

fn query_error(description: String) -> ApiError {
    ApiError::bad_request(MSG_QUERY, description)
}

struct Pagination {
    count: Option<usize>,
    page: usize,
    limit: Option<usize>,
}

fn parse_pagination(value: &str) -> Result<Pagination, ApiError> {
    let mut pagination = Pagination {
        count: None,
        page: 1,
        limit: None,
    };
    for (key, raw) in url::form_urlencoded::parse(value.as_bytes()) {
        let number: usize = raw
            .trim()
            .parse()
            .map_err(|_| query_error(format!("The pagination value {key}={raw} is not valid.")))?;
        match key.as_ref() {
            "count" | "limit" if number == 0 || number > MAX_PAGE => {
                return Err(query_error(format!(
                    "The pagination value {key}={number} must be between 1 and {MAX_PAGE}."
                )));
            }
            "count" => pagination.count = Some(number),
            "limit" => pagination.limit = Some(number),
            "page" if number == 0 => {
                return Err(query_error("The pagination page starts at 1.".into()));
            }
            "page" => pagination.page = number,
            _ => {
                return Err(query_error(format!(
                    "The pagination parameter {key} is not valid."
                )));
            }
        }
    }
    Ok(pagination)
}

fn sort_clients(clients: &mut [&ApiClient], sort: &str) -> Result<(), ApiError> {
    let mut keys = Vec::new();
    for part in sort.split(',').filter(|part| !part.trim().is_empty()) {
        // An unencoded "+" arrives as a space after form decoding.
        let (descending, field) = match part.trim_end().strip_prefix('-') {
            Some(field) => (true, field),
            None => (
                false,
                part.trim_end()
                    .trim_start_matches(' ')
                    .trim_start_matches('+'),
            ),
        };
        if !SORT_FIELDS.contains(&field) {
            return Err(query_error(format!("The sort field {field} is not valid.")));
        }
        keys.push((descending, field.to_owned()));
    }
    clients.sort_by(|a, b| {
        for (descending, field) in &keys {
            let ordering = match field.as_str() {
                "clientId" => a.client_id.cmp(&b.client_id),
                "clientName" => a.client_name.cmp(&b.client_name),
                _ => a.enabled.cmp(&b.enabled),
            };
            let ordering = if *descending {
                ordering.reverse()
            } else {
                ordering
            };
            if ordering.is_ne() {
                return ordering;
            }
        }
        std::cmp::Ordering::Equal
    });
    Ok(())
}

/// One `field op value` clause of a search.
struct SearchClause {
    field: String,
    operator: String,
    value: String,
}

impl SearchClause {
    fn matches(&self, client: &ApiClient) -> bool {
        if self.field == "enabled" {
            let wanted = self.value == "true";
            return (client.enabled == wanted) == (self.operator == "=");
        }
        let actual = if self.field == "clientId" {
            &client.client_id
        } else {
            &client.client_name
        };
        match self.operator.as_str() {
            "=" => *actual == self.value,
            "!=" => *actual != self.value,
            _ => actual.to_lowercase().contains(&self.value.to_lowercase()),
        }
    }
}

/// Splits a search on `&` outside double quotes.
fn split_clauses(search: &str) -> Vec<String> {
    let mut clauses = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for character in search.chars() {
        match character {
            '"' => {
                quoted = !quoted;
                current.push(character);
            }
            '&' if !quoted => clauses.push(std::mem::take(&mut current)),
            _ => current.push(character),
        }
    }
    clauses.push(current);
    clauses
        .into_iter()
        .filter(|clause| !clause.trim().is_empty())
        .collect()
}

fn parse_search(search: &str) -> Result<Vec<SearchClause>, ApiError> {
    let pattern = regex::Regex::new(r#"^\s*([A-Za-z]+)\s*(?:(!=|=)|\s(contains)\s)\s*(.*?)\s*$"#)
        .map_err(|error| query_error(format!("internal search pattern: {error}")))?;
    split_clauses(search)
        .iter()
        .map(|clause| {
            let invalid = || query_error(format!("The search clause {clause} is not valid."));
            let captures = pattern.captures(clause).ok_or_else(invalid)?;
            let field = captures.get(1).map_or("", |m| m.as_str());
            let operator = captures
                .get(2)
                .or_else(|| captures.get(3))
                .map_or("", |m| m.as_str());
            let raw_value = captures.get(4).map_or("", |m| m.as_str());
            if !SEARCH_FIELDS.contains(&field) {
                return Err(query_error(format!(
                    "The search field {field} is not valid."
                )));
            }
            let value = if field == "enabled" {
                if operator == "contains" || !(raw_value == "true" || raw_value == "false") {
                    return Err(invalid());
                }
                raw_value.to_owned()
            } else {
                raw_value
                    .strip_prefix('"')
                    .and_then(|value| value.strip_suffix('"'))
                    .ok_or_else(invalid)?
                    .to_owned()
            };
            Ok(SearchClause {
                field: field.to_owned(),
                operator: operator.to_owned(),
                value,
            })
        })
        .collect()
}

/// An inclusive (`a,b`) or exclusive (`!a,b` or `!a,!b`) projection of the listed objects.
fn parse_filter(filter: &str) -> Result<(bool, Vec<String>), ApiError> {
    let parts: Vec<&str> = filter
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    let exclusive = parts.first().is_some_and(|part| part.starts_with('!'));
    let mut fields = Vec::new();
    for part in &parts {
        let negated = part.starts_with('!');
        if negated && !exclusive {
            return Err(query_error(
                "Inclusive and exclusive filters must not be intermingled.".into(),
            ));
        }
        let field = part.trim_start_matches('!');
        if !FILTER_FIELDS.contains(&field) {
            return Err(query_error(format!(
                "The filter field {field} is not valid."
            )));
        }
        fields.push(field.to_owned());
    }
    Ok((exclusive, fields))
}

fn project(client: &ApiClient, filter: &Option<(bool, Vec<String>)>) -> Value {
    let mut object = client.to_json();
    if let (Some((exclusive, fields)), Value::Object(map)) = (filter, &mut object) {
        map.retain(|key, _| fields.contains(key) != *exclusive);
    }
    object
}

async fn list(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    match list_clients(&shared, &headers, &query) {
        Ok(body) => {
            let mut response = axum::Json(body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/scim+json"),
            );
            response
        }
        Err(error) => error.into_response(),
    }
}

fn list_clients(
    shared: &AppState,
    headers: &HeaderMap,
    query: &ListQuery,
) -> Result<Value, ApiError> {
    authorize(shared, headers, Access::Read)?;
    let pagination = match &query.pagination {
        Some(value) => parse_pagination(value)?,
        None => Pagination {
            count: None,
            page: 1,
            limit: None,
        },
    };
    let clauses = match &query.search {
        Some(search) => parse_search(search)?,
        None => Vec::new(),
    };
    let filter = match &query.filter {
        Some(filter) => Some(parse_filter(filter)?),
        None => None,
    };
    let state = shared.state.lock();
    let mut matching: Vec<&ApiClient> = state
        .ibm_verify
        .clients
        .iter()
        .filter(|client| clauses.iter().all(|clause| clause.matches(client)))
        .collect();
    if let Some(sort) = &query.sort {
        sort_clients(&mut matching, sort)?;
    }
    let total = matching.len();
    if let Some(count) = pagination.count {
        matching.truncate(count);
    }
    let limit = pagination.limit.unwrap_or(matching.len());
    let page: Vec<Value> = if limit == 0 {
        Vec::new()
    } else {
        matching
            .iter()
            .skip((pagination.page - 1).saturating_mul(limit))
            .take(limit)
            .map(|client| project(client, &filter))
            .collect()
    };
    Ok(json!({
        "count": page.len(),
        "limit": limit,
        "page": pagination.page,
        "total": total,
        "apiClients": page,
    }))
}

// ---------------------------------------------------------------------------------------------
// Out-of-band changes (admin API)

/// Creates a client from an `APIClientConfigRequest` as if made in the IBM console; returns it as
/// GET does.
pub fn oob_create(state: &mut State, body: Value) -> Result<Value, String> {
    let body: ClientBody = serde_json::from_value(body)
        .map_err(|error| format!("The JSON input was invalid: {error}"))?;
    create_client(state, body)
        .map(|client| client.to_json())
        .map_err(|error| error.description())
}

/// Deletes the client with this `id` (or, for convenience, this `clientId`).
pub fn oob_delete(state: &mut State, id: &str) -> bool {
    let before = state.clients.len();
    state
        .clients
        .retain(|client| client.id != id && client.client_id != id);
    state.clients.len() != before
}
