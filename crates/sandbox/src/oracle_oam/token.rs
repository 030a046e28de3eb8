//! OAM's runtime token endpoint, `POST /oauth2/rest/token`, for the OAuth clients made through the
//! admin API: written from Oracle's "REST API for OAuth in Oracle Access Manager" 12.2.1.4
//! ("Create Access Token Flow", `op-oauth2-rest-token-post`; the `ErrorCode` schema of "Validate
//! Access Token Flow") and the OAM 12c administrator's guide ("Runtime REST APIs for OAuth 12c",
//! its CLIENT_CREDENTIALS sample). See docs/guides/sandbox.md for the rules and their sources.
//!
//! - The client authenticates with HTTP Basic `clientID:secret`; its identity domain comes from
//!   the `X-OAUTH-IDENTITY-DOMAIN-NAME` header (or the `identityDomain` query parameter, which
//!   12.2.1.4 documents as an alternative). The body is `application/x-www-form-urlencoded`.
//! - `grant_type` takes OAM's names (`CLIENT_CREDENTIALS`, `AUTHORIZATION_CODE`, `PASSWORD`,
//!   `JWT_BEARER`, `REFRESH_TOKEN`); the sandbox issues tokens for `CLIENT_CREDENTIALS` only, to a
//!   client whose `grantTypes` hold it.
//! - `scope` (space-separated) must name scopes of the client's `scopes`; without one the client's
//!   `defaultScope` applies, and without that the token carries no scope (OAM's "client token").
//! - The current secret works; after a change the previous one keeps working until its rollover
//!   period (`oldSecretRetentionTimeInDays`, sandbox clock) ends.
//! - Failures are OAM's `ErrorCode` JSON `{errorCode, errorDesc, secErrorDesc}`.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{self, Query};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::{Value, json};

use super::{GRANT_TYPES, OamClient, State};
use crate::AppState;
use crate::protocol::{basic_credentials, content_type, is_media_type};

pub const TOKEN_PATH: &str = "/oauth2/rest/token";
/// The identity-domain header Oracle's requests carry (HTTP header names compare ignoring case).
pub const IDENTITY_DOMAIN_HEADER: &str = "x-oauth-identity-domain-name";
/// Lifetime of an issued access token: an identity domain's default `tokenExpiry` (identity
/// domains are not modelled, so every domain has the default).
pub const ACCESS_TOKEN_LIFETIME_S: u64 = 3600;

pub fn router() -> Router<AppState> {
    Router::new().route(TOKEN_PATH, post(issue_token))
}

/// A refusal in OAM's `ErrorCode` shape. The codes are OAuth 2.0's (RFC 6749 §5.2): Oracle's page
/// documents the shape, not the code values.
#[derive(Debug, PartialEq)]
pub struct TokenError {
    status: StatusCode,
    code: &'static str,
    description: String,
}

impl TokenError {
    fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> TokenError {
        TokenError {
            status,
            code,
            description: description.into(),
        }
    }

    fn invalid_client() -> TokenError {
        TokenError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
        )
    }
}

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        let body = json!({
            "errorCode": self.code,
            "errorDesc": self.description,
            "secErrorDesc": self.description,
        });
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"OAuth\""),
            );
        }
        response
    }
}

async fn issue_token(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let now = shared.clock.now();
    let result = token_for(
        &shared.state.lock().oracle_oam,
        &headers,
        &query,
        &body,
        now,
    );
    match result {
        Ok(granted) => axum::Json(granted).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Checks the request and answers the token response.
fn token_for(
    state: &State,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    body: &[u8],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Value, TokenError> {
    if !is_media_type(content_type(headers), "application/x-www-form-urlencoded") {
        return Err(TokenError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_request",
            "the token request must be application/x-www-form-urlencoded",
        ));
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(body).into_owned().collect();
    let domain = headers
        .get(IDENTITY_DOMAIN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| query.get("identityDomain").cloned())
        .filter(|domain| !domain.is_empty())
        .ok_or_else(|| {
            TokenError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "the identity domain is required (X-OAUTH-IDENTITY-DOMAIN-NAME)",
            )
        })?;
    // `clientID:secret`.
    let (client_id, secret) = basic_credentials(headers).ok_or_else(TokenError::invalid_client)?;
    let client = state
        .clients
        .iter()
        .find(|c| c.id_domain == domain && c.id == client_id)
        .filter(|c| secret_accepted(c, &secret, now))
        .ok_or_else(TokenError::invalid_client)?;

    let grant = form.get("grant_type").map(String::as_str).unwrap_or("");
    if grant.is_empty() {
        return Err(TokenError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "grant_type is required",
        ));
    }
    if !GRANT_TYPES.contains(&grant) {
        return Err(TokenError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!("grant_type must be one of {}", GRANT_TYPES.join(", ")),
        ));
    }
    if grant != "CLIENT_CREDENTIALS" {
        return Err(TokenError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!("the sandbox issues tokens for CLIENT_CREDENTIALS only, not {grant}"),
        ));
    }
    if !client_grants(client).contains(&grant) {
        return Err(TokenError::new(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            format!("the client is not allowed the grant type {grant}"),
        ));
    }

    let requested = form
        .get("scope")
        .map(String::as_str)
        .filter(|scope| !scope.trim().is_empty())
        .or_else(|| {
            client
                .properties
                .get("defaultScope")
                .and_then(Value::as_str)
                .filter(|scope| !scope.is_empty())
        });
    let allowed = client_scopes(client);
    let scopes: Vec<&str> = requested
        .map(|scope| scope.split_whitespace().collect())
        .unwrap_or_default();
    if let Some(outside) = scopes.iter().find(|scope| !allowed.contains(scope)) {
        return Err(TokenError::new(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            format!("the scope {outside} is not one of the client's scopes"),
        ));
    }

    let mut answer = json!({
        "access_token": uuid::Uuid::new_v4().simple().to_string(),
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_LIFETIME_S,
    });
    if !scopes.is_empty() {
        answer["scope"] = json!(scopes.join(" "));
    }
    Ok(answer)
}

/// The current secret, or the previous one while its rollover period lasts.
fn secret_accepted(client: &OamClient, secret: &str, now: chrono::DateTime<chrono::Utc>) -> bool {
    client.secret.as_deref() == Some(secret)
        || client
            .previous_secret
            .as_ref()
            .is_some_and(|old| old.secret == secret && now < old.until)
}

fn client_grants(client: &OamClient) -> Vec<&str> {
    client
        .properties
        .get("grantTypes")
        .and_then(Value::as_array)
        .map(|grants| grants.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The client's `scopes`: names as the provider sends them (`ResServer1.scope1`); an object
/// element counts by its `scopeName`.
fn client_scopes(client: &OamClient) -> Vec<&str> {
    client
        .properties
        .get("scopes")
        .and_then(Value::as_array)
        .map(|scopes| {
            scopes
                .iter()
                .filter_map(|scope| {
                    scope
                        .as_str()
                        .or_else(|| scope.get("scopeName").and_then(Value::as_str))
                })
                .collect()
        })
        .unwrap_or_default()
}
