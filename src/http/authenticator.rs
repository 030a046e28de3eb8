//! The one thing the transport needs of authentication: a trait that adds credentials to each
//! attempt. It sits apart from its implementations (`auth`, and Akamai's EdgeGrid signer in
//! `vendors::akamai`) because a token grant is itself a request through the transport: the
//! transport depends on this trait, the grants depend on the transport, and neither module
//! imports the other.

use async_trait::async_trait;
use http::HeaderValue;
use tokio_util::sync::CancellationToken;

use crate::http::error::HttpError;

/// Adds authentication to one attempt of a request. Called afresh on every attempt, so that a
/// signature covers its own timestamp and a refreshed token is picked up by the retry.
#[async_trait]
pub trait Authenticator: Send + Sync + std::fmt::Debug {
    async fn authorize(
        &self,
        request: &mut reqwest::Request,
        cancel: &CancellationToken,
    ) -> Result<(), HttpError>;

    /// Called when the server answered 401 to a request sent with `used` as its
    /// `Authorization`. Returns true when a retry with fresh credentials may succeed (a cached
    /// token was dropped); the client then retries once.
    async fn invalidate(&self, used: Option<&HeaderValue>) -> bool {
        let _ = used;
        false
    }
    /// Whether a successful `authorize` is itself an answer of the platform about the
    /// credentials (a token request is; a signature, Basic credentials or a given token are
    /// local and prove nothing).
    fn proves_credentials(&self) -> bool {
        false
    }
}

/// No authentication (token endpoints).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoAuth;

#[async_trait]
impl Authenticator for NoAuth {
    async fn authorize(
        &self,
        _: &mut reqwest::Request,
        _: &CancellationToken,
    ) -> Result<(), HttpError> {
        Ok(())
    }
}
