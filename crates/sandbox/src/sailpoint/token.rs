//! `POST /oauth/token` (the client-credentials grant) and the bearer-token check with its rate
//! limit, which every OAuth-client call passes through.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Query, State as AxumState};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use rand::RngCore;
use serde_json::{Value, json};

use super::error::ApiError;
use super::model::constant_time_eq;
use super::{DEFAULT_SCOPE, RATE_LIMIT_REQUESTS, RATE_LIMIT_WINDOW};
use crate::AppState;

#[derive(Clone, Default)]
pub(super) struct Sessions {
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

pub(super) async fn issue_token(
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

fn fake_jwt(claims: &Value) -> String {
    let header = BASE64URL.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = BASE64URL.encode(claims.to_string());
    let mut signature = [0u8; 32];
    rand::rng().fill_bytes(&mut signature);
    format!("{header}.{payload}.{}", BASE64URL.encode(signature))
}
