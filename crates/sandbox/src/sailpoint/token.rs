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
use super::model::{State, constant_time_eq};
use super::{DEFAULT_SCOPE, RATE_LIMIT_REQUESTS, RATE_LIMIT_WINDOW};
use crate::AppState;
use crate::clock::to_millis;
use crate::protocol::{content_type, is_media_type, oauth_error};

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
    grant: Grant,
}

/// Whom a token speaks for, which decides the operations it may call (see [`Operation`]).
#[derive(Clone, Debug)]
enum Grant {
    /// The configured personal access token: a user (an admin) in the tenant, `userAuth` in the
    /// spec's terms, with every scope.
    User,
    /// An OAuth client's own client-credentials token: no user, `applicationAuth`, limited to
    /// the client's `scope`.
    Application { scopes: Vec<String> },
}

/// The OAuth-client operations, with their security requirements as the spec states them
/// (`security` of each operation in `idn/beta/paths/oauth-client(s).yaml`).
#[derive(Clone, Copy, Debug)]
pub(super) enum Operation {
    /// `listOauthClients`: userAuth, `sp:oauth-client:read` or `:manage`.
    List,
    /// `getOauthClient`: userAuth or applicationAuth, `sp:oauth-client:read` or `:manage`.
    Get,
    /// `createOauthClient`, `patchOauthClient`, `deleteOauthClient`: userAuth,
    /// `sp:oauth-client:manage`.
    Manage,
}

/// The scope that stands for every scope (the create default, `sp:scopes:all`).
const ALL_SCOPES: &str = DEFAULT_SCOPE;

impl Operation {
    fn application_auth(self) -> bool {
        matches!(self, Operation::Get)
    }

    fn scopes(self) -> &'static [&'static str] {
        match self {
            Operation::List | Operation::Get => &["sp:oauth-client:read", "sp:oauth-client:manage"],
            Operation::Manage => &["sp:oauth-client:manage"],
        }
    }
}

/// How long an OAuth client's `lastUsed` stays as it is: SailPoint documents that it "does not get
/// updated on every API Client usage, but only once a day".
const LAST_USED_GRANULARITY: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// What the grant knows about the client it authenticated.
struct Authenticated {
    client_id: String,
    lifetime: Duration,
    grant: Grant,
    internal: bool,
    strong_auth_supported: bool,
    claims_supported: bool,
}

/// A refused client: 401 `invalid_client`, the status SailPoint's SDK reads as "Unauthorized
/// when retrieving access token" (`Configuration.get_access_token`).
fn invalid_client(description: &str) -> Response {
    oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

/// Authenticates the caller: the configured personal access token, or an enabled OAuth client
/// with the `CLIENT_CREDENTIALS` grant and its current secret. Using a client sets its
/// `lastUsed` (at most once a day). A refusal is the `error_description` of an `invalid_client`.
fn authenticate(
    app: &AppState,
    state: &mut State,
    client_id: &str,
    secret: &str,
) -> Result<Authenticated, &'static str> {
    let admin = &app.options.credentials.sailpoint;
    if client_id.as_bytes() == admin.client_id.as_bytes()
        && constant_time_eq(secret.as_bytes(), admin.client_secret.as_bytes())
    {
        return Ok(Authenticated {
            client_id: admin.client_id.clone(),
            lifetime: app.options.token_lifetime,
            grant: Grant::User,
            internal: true,
            strong_auth_supported: false,
            claims_supported: false,
        });
    }
    let client = state
        .clients
        .iter_mut()
        .find(|client| client.id == client_id)
        .filter(|client| client.secret_matches(secret))
        .ok_or("Bad credentials")?;
    if !client.enabled {
        return Err("Client is disabled");
    }
    if !client
        .grant_types
        .iter()
        .any(|grant| grant == "CLIENT_CREDENTIALS")
    {
        return Err("Unauthorized grant type: client_credentials");
    }
    let now = app.clock.now();
    if client
        .last_used
        .is_none_or(|last_used| now - last_used >= LAST_USED_GRANULARITY)
    {
        client.last_used = Some(to_millis(now));
    }
    Ok(Authenticated {
        client_id: client.id.clone(),
        // Validated as non-negative on create and PATCH.
        lifetime: Duration::from_secs(
            u64::try_from(client.access_token_validity_seconds).unwrap_or(0),
        ),
        grant: Grant::Application {
            scopes: client.scope.clone(),
        },
        internal: client.internal,
        strong_auth_supported: client.strong_auth_supported,
        claims_supported: client.claims_supported,
    })
}

pub(super) async fn issue_token(
    AxumState(app): AxumState<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut params = query;
    if is_media_type(content_type(&headers), "application/x-www-form-urlencoded") {
        params.extend(url::form_urlencoded::parse(&body).into_owned());
    }
    if params.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only grant_type=client_credentials is supported",
        );
    }
    let (Some(client_id), Some(secret)) = (params.get("client_id"), params.get("client_secret"))
    else {
        return invalid_client("Bad credentials");
    };

    let now = app.clock.instant();
    let issued = app.clock.now();
    let mut state = app.state.lock();
    let authenticated = match authenticate(&app, &mut state.sailpoint, client_id, secret) {
        Ok(authenticated) => authenticated,
        Err(refusal) => return invalid_client(refusal),
    };
    let lifetime = authenticated.lifetime;
    let jti = uuid::Uuid::new_v4().to_string();
    let scopes = match &authenticated.grant {
        Grant::User => vec![DEFAULT_SCOPE.to_owned()],
        Grant::Application { scopes } => scopes.clone(),
    };
    let mut claims = json!({
        "tenant_id": "sandbox",
        "internal": authenticated.internal,
        "pod": "sandbox",
        "org": "sandbox",
        "client_id": authenticated.client_id,
        "strong_auth_supported": authenticated.strong_auth_supported,
        "claims_supported": authenticated.claims_supported,
        "scope": scopes,
        "exp": issued.timestamp() + i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 2),
        "iat": issued.timestamp(),
        "jti": jti,
    });
    let mut answer = json!({
        "token_type": "bearer",
        "expires_in": lifetime.as_secs(),
        "scope": scopes.join(" "),
        "tenant_id": "sandbox",
        "internal": authenticated.internal,
        "pod": "sandbox",
        "strong_auth_supported": authenticated.strong_auth_supported,
        "org": "sandbox",
        "claims_supported": authenticated.claims_supported,
        "jti": jti,
    });
    if matches!(authenticated.grant, Grant::User) {
        // Only a personal access token speaks for a user (an admin).
        for object in [&mut claims, &mut answer] {
            object["identity_id"] = json!("sandbox-admin");
            object["strong_auth"] = json!(false);
        }
        claims["user_name"] = json!("sandbox.admin");
        claims["authorities"] = json!(["ORG_ADMIN"]);
    }
    let token = fake_jwt(&claims);
    answer["access_token"] = json!(token);
    let sessions = &mut state.sailpoint.sessions.by_token;
    // Expired tokens are kept for an hour so that using one still says "expired".
    sessions.retain(|_, s| {
        s.expires_at
            .checked_add(Duration::from_secs(3600))
            .is_none_or(|keep_until| keep_until > now)
    });
    sessions.insert(
        token,
        Session {
            // A lifetime too large for the clock means "practically never".
            expires_at: now
                .checked_add(lifetime)
                .unwrap_or_else(|| now + Duration::from_secs(10 * 365 * 86_400)),
            window_started: now,
            requests_in_window: 0,
            grant: authenticated.grant,
        },
    );
    drop(state);
    axum::Json(answer).into_response()
}

/// A bearer token checked against issued tokens and counted against the rate limit; what it may
/// do is checked per operation with [`Authorized::allows`].
pub struct Authorized {
    grant: Grant,
}

impl Authorized {
    /// The operation's security requirement: a personal access token may call every operation; an
    /// OAuth client's own token only those the spec lists under `applicationAuth`, and only with
    /// one of the operation's scopes (or `sp:scopes:all`) in the client's `scope`. Otherwise 403.
    pub(super) fn allows(&self, operation: Operation) -> Result<(), ApiError> {
        match &self.grant {
            Grant::User => Ok(()),
            Grant::Application { scopes } => {
                let scoped = scopes
                    .iter()
                    .any(|held| held == ALL_SCOPES || operation.scopes().contains(&held.as_str()));
                if operation.application_auth() && scoped {
                    Ok(())
                } else {
                    Err(ApiError::Forbidden)
                }
            }
        }
    }
}

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
        Ok(Authorized {
            grant: session.grant.clone(),
        })
    }
}

fn fake_jwt(claims: &Value) -> String {
    let header = BASE64URL.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = BASE64URL.encode(claims.to_string());
    let mut signature = [0u8; 32];
    rand::rng().fill_bytes(&mut signature);
    format!("{header}.{payload}.{}", BASE64URL.encode(signature))
}
