//! The client-credentials token endpoints and the bearer-token check every API call makes.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use serde_json::json;

use super::error::ApiError;
use super::model::{IssuedToken, random_string};
use crate::AppState;
use crate::protocol::{basic_credentials, content_type, is_media_type, oauth_error};

/// Entitlements that allow listing and reading API clients.
const READ_ENTITLEMENTS: &[&str] = &["readAPIClients", "manageAPIClients"];
/// The entitlement that allows creating, updating and deleting API clients.
const MANAGE_ENTITLEMENT: &str = "manageAPIClients";
const TOKEN_LENGTH: usize = 48;

pub(super) async fn token(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !is_media_type(content_type(&headers), "application/x-www-form-urlencoded") {
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
    // HTTP Basic, which the OpenAPI offers as an alternative to the form.
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
pub(super) enum Access {
    Read,
    Manage,
}

/// Checks the bearer token and its holder's entitlements.
pub(super) fn authorize(
    shared: &AppState,
    headers: &HeaderMap,
    access: Access,
) -> Result<(), ApiError> {
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
