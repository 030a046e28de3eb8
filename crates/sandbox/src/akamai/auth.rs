//! EdgeGrid authentication of every request: the [`Signed`] extractor verifies the
//! `EG1-HMAC-SHA256` signature (see [`edgegrid`]) made with the configured admin credentials or
//! with any API client's credential, and that the signing client and credential are still usable;
//! the request then acts as that [`Caller`].

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, OriginalUri, Request};
use axum::http::header;
use chrono::{DateTime, Utc};

use super::MAX_REQUEST_BODY;
use super::edgegrid::{self, EdgeGridError, ReceivedRequest, VerifierCredentials};
use super::error::IamError;
use super::model::ApiClient;
use crate::AppState;

/// A request whose EdgeGrid signature checked out: who signed it, its body and query parameters.
pub struct Signed {
    pub caller: Caller,
    pub body: Bytes,
    pub query: HashMap<String, String>,
    /// The request's `Content-Type`, for the endpoints that take a JSON body.
    pub content_type: Option<String>,
}

/// Whose credential signed a request: the configured admin credentials (the sandbox's own
/// account administrator, allowed everything), or a credential of an API client in the state,
/// which acts as that client (`self` is that client).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    Admin,
    Client { client_id: String },
}

/// What a signature is checked against: the tokens and secret of the credential the header names.
struct Signer {
    caller: Caller,
    client_token: String,
    access_token: String,
    client_secret: String,
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
        // The EdgeGrid timestamp is checked against the real time, not the sandbox clock: it
        // guards against skew between the signer and the server, which share this machine.
        let now = Utc::now();
        let signer = signer_named(app, authorization)?;
        let credentials = VerifierCredentials {
            client_token: &signer.client_token,
            access_token: &signer.access_token,
            client_secret: &signer.client_secret,
        };
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
        // Lifetimes (`expiresOn`) are measured on the sandbox clock.
        match &signer.caller {
            Caller::Admin => check_own_client_usable(app, &signer.client_token, app.clock.now())?,
            Caller::Client { client_id } => {
                check_client_usable(app, client_id, &signer.client_token, app.clock.now())?
            }
        }
        let query = uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(Signed {
            caller: signer.caller,
            body,
            query,
            content_type,
        })
    }
}

/// The credential the header's `client_token` names: the configured admin credentials, or an API
/// client's credential (whatever its status: the signature is checked first, the status after).
/// An unknown token, or a credential whose secret this sandbox no longer holds, is a 401.
fn signer_named(app: &AppState, authorization: Option<&str>) -> Result<Signer, IamError> {
    let header = edgegrid::parse_authorization(authorization.ok_or(EdgeGridError::MissingHeader)?)?;
    let configured = &app.options.credentials.akamai;
    if header.client_token == configured.client_token {
        return Ok(Signer {
            caller: Caller::Admin,
            client_token: configured.client_token.clone(),
            access_token: configured.access_token.clone(),
            client_secret: configured.client_secret.clone(),
        });
    }
    let state = app.state.lock();
    // A credential the admin made for its own client (`POST self/credentials`) signs as the
    // admin; any other client's credential as that client.
    let own = state
        .akamai
        .self_client
        .iter()
        .map(|client| (client, Caller::Admin));
    let others = state.akamai.clients.iter().map(|client| {
        let caller = Caller::Client {
            client_id: client.client_id.clone(),
        };
        (client, caller)
    });
    let found = own.chain(others).find_map(|(client, caller)| {
        client
            .credentials
            .iter()
            .find(|c| c.client_token == header.client_token)
            .map(|credential| (client, credential, caller))
    });
    let Some((client, credential, caller)) = found else {
        return Err(EdgeGridError::UnknownClientToken.into());
    };
    let Some(secret) = credential.secret.expose() else {
        return Err(IamError::Unauthorized(
            "the credential's secret is not known to this sandbox (it was loaded from a state \
             file written before the sandbox kept secrets); create a new credential"
                .into(),
        ));
    };
    Ok(Signer {
        caller,
        client_token: credential.client_token.clone(),
        access_token: client.access_token.clone(),
        client_secret: secret.to_owned(),
    })
}

/// A client's credential signs only while the client exists and is unlocked and the credential
/// is ACTIVE and not past its `expiresOn`.
fn check_client_usable(
    app: &AppState,
    client_id: &str,
    client_token: &str,
    now: DateTime<Utc>,
) -> Result<(), IamError> {
    let state = app.state.lock();
    let client = state
        .akamai
        .clients
        .iter()
        .find(|c| c.client_id == client_id);
    check_usable(client, client_token, now)
}

/// The caller's own client, once materialised, must be unlocked and hold its credential active
/// (the same rule as any client's: see [`check_usable`]).
fn check_own_client_usable(
    app: &AppState,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), IamError> {
    let state = app.state.lock();
    if state.akamai.self_deleted {
        return Err(IamError::Unauthorized("the API client was deleted".into()));
    }
    match &state.akamai.self_client {
        None => Ok(()),
        own => check_usable(own.as_ref(), token, now),
    }
}

/// The rule a signing credential must pass: its client exists and is unlocked, and the
/// credential exists, is ACTIVE and is not past its `expiresOn` (on the sandbox clock).
fn check_usable(
    client: Option<&ApiClient>,
    client_token: &str,
    now: DateTime<Utc>,
) -> Result<(), IamError> {
    let Some(client) = client else {
        return Err(IamError::Unauthorized("the API client was deleted".into()));
    };
    if client.is_locked {
        return Err(IamError::Unauthorized("the API client is locked".into()));
    }
    let Some(credential) = client
        .credentials
        .iter()
        .find(|c| c.client_token == client_token)
    else {
        return Err(IamError::Unauthorized("the credential was deleted".into()));
    };
    if credential.status != "ACTIVE" {
        return Err(IamError::Unauthorized(format!(
            "the credential is {}",
            credential.status
        )));
    }
    if credential.expires_on <= now {
        return Err(IamError::Unauthorized("the credential has expired".into()));
    }
    Ok(())
}
