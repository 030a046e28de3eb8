//! EdgeGrid authentication of every request: the [`Signed`] extractor verifies the
//! `EG1-HMAC-SHA256` signature made with the configured admin credentials (see [`edgegrid`]) and
//! that the caller's own client is still usable.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, OriginalUri, Request};
use axum::http::header;
use chrono::{DateTime, Utc};

use super::MAX_REQUEST_BODY;
use super::edgegrid::{self, EdgeGridError, ReceivedRequest, VerifierCredentials};
use super::error::IamError;
use crate::AppState;

/// A request whose EdgeGrid signature checked out: its body and query parameters.
pub struct Signed {
    pub body: Bytes,
    pub query: HashMap<String, String>,
    /// The request's `Content-Type`, for the endpoints that take a JSON body.
    pub content_type: Option<String>,
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
        // The EdgeGrid timestamp is checked against the real time, not the sandbox clock: it
        // guards against skew between the signer and the server, which share this machine.
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
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(Signed {
            body,
            query,
            content_type,
        })
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
