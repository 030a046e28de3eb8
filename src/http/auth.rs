//! Adding credentials to each attempt: HTTP Basic, and OAuth2 client_credentials bearer tokens
//! with one shared, single-flight token cache per vendor per provider instance. Akamai's EdgeGrid
//! signer implements the same trait in `vendors::akamai`.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use base64::Engine as _;
use http::HeaderValue;
use http::header::AUTHORIZATION;
use serde::Deserialize;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::http::Secret;
use crate::http::client::{RestRequest, Transport};
use crate::http::error::HttpError;
use crate::http::redact::url_for_log;

/// Adds authentication to one attempt of a request. Called afresh on every attempt, so that a
/// signature covers its own timestamp and a refreshed token is picked up by the retry.
#[async_trait]
pub trait Authenticator: Send + Sync {
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

/// HTTP Basic (Oracle Access Manager administrators). The header is marked sensitive, so its
/// Debug shows `Sensitive`.
#[derive(Clone, Debug)]
pub struct BasicAuth {
    header: HeaderValue,
}

impl BasicAuth {
    pub fn new(username: &str, password: &Secret) -> Result<Self, HttpError> {
        let encoded = base64::engine::general_purpose::STANDARD
            .encode(format!("{username}:{}", password.expose()));
        let mut header =
            HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| HttpError::Setup {
                message: "the Basic credentials cannot be sent in an HTTP header".to_owned(),
            })?;
        header.set_sensitive(true);
        Ok(Self { header })
    }
}

#[async_trait]
impl Authenticator for BasicAuth {
    async fn authorize(
        &self,
        request: &mut reqwest::Request,
        _: &CancellationToken,
    ) -> Result<(), HttpError> {
        request
            .headers_mut()
            .insert(AUTHORIZATION, self.header.clone());
        Ok(())
    }
}

#[derive(Clone)]
/// The header is marked sensitive, so Debug shows `Sensitive`, never the token.
#[derive(Debug)]
struct CachedToken {
    header: HeaderValue,
    refresh_at: Instant,
}

/// OAuth2 client_credentials grant with a cached bearer token.
///
/// One instance per vendor per provider instance, held in an `Arc` by every clone of the vendor
/// client, so all resources share one token. The cache sits behind a tokio `Mutex` held across
/// the token request: concurrent callers that find the token missing or stale wait for the one
/// refresh in flight instead of each fetching their own (single flight).
#[derive(Debug)]
pub struct OAuth2ClientCredentials {
    transport: Transport,
    token_url: Url,
    client_id: String,
    client_secret: Secret,
    extra_form: Vec<(String, String)>,
    cache: tokio::sync::Mutex<Option<CachedToken>>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// Lifetime assumed when the token endpoint does not say (both documented endpoints do).
const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(300);
/// Refresh this long before expiry at most ...
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// When to refresh a token issued now with `lifetime`: 60 s early, or 10% early for tokens
/// living less than ten minutes, so that a request never leaves with a token about to expire
/// in flight and short-lived tokens (the sandbox's) are still reused.
pub fn refresh_after(lifetime: Duration) -> Duration {
    lifetime.saturating_sub(MAX_REFRESH_MARGIN.min(lifetime / 10))
}

impl OAuth2ClientCredentials {
    pub fn new(
        transport: Transport,
        token_url: Url,
        client_id: impl Into<String>,
        client_secret: Secret,
    ) -> Self {
        Self {
            transport,
            token_url,
            client_id: client_id.into(),
            client_secret,
            extra_form: Vec::new(),
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// Adds a form field to the token request (IBM documents `scope=openid`).
    pub fn with_form_field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_form.push((name.into(), value.into()));
        self
    }

    pub fn token_url(&self) -> &Url {
        &self.token_url
    }

    /// The current `Authorization` value, fetching a token when none is cached or it is due.
    pub async fn authorization(
        &self,
        cancel: &CancellationToken,
    ) -> Result<HeaderValue, HttpError> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = cache.as_ref()
            && Instant::now() < token.refresh_at
        {
            return Ok(token.header.clone());
        }
        let token = self.fetch(cancel).await?;
        let header = token.header.clone();
        *cache = Some(token);
        Ok(header)
    }

    async fn fetch(&self, cancel: &CancellationToken) -> Result<CachedToken, HttpError> {
        let vendor = self.transport.vendor();
        let mut form: Vec<(&str, &str)> = vec![
            ("grant_type", "client_credentials"),
            ("client_id", &self.client_id),
            ("client_secret", self.client_secret.expose()),
        ];
        form.extend(
            self.extra_form
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        );
        // A token grant changes nothing on the server: repeating it after an ambiguous failure
        // is harmless.
        let request = RestRequest::post(self.token_url.path())
            .form(&form)
            .idempotent(true);
        let issued_at = Instant::now();
        let response = match self
            .transport
            .execute(&request, &self.token_url, &super::NoAuth, cancel)
            .await
        {
            Ok(response) => response,
            // invalid_client is a 400 on OAuth2 servers (RFC 6749 §5.2), 401 on others.
            Err(HttpError::Api(api)) if matches!(api.status, 400 | 401 | 403) => {
                return Err(HttpError::CredentialsRejected {
                    vendor,
                    status: api.status,
                    token_url: url_for_log(&self.token_url),
                    block: vendor.config_block(),
                    detail: api.message,
                });
            }
            Err(other) => return Err(other),
        };
        let token: TokenResponse = response.json()?;
        let mut header = HeaderValue::from_str(&format!("Bearer {}", token.access_token))
            .map_err(|_| response.invalid("the access token is not a valid header value"))?;
        header.set_sensitive(true);
        let lifetime = token
            .expires_in
            .map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs);
        tracing::debug!(vendor = %vendor, token_url = %url_for_log(&self.token_url), lifetime_s = lifetime.as_secs(), "fetched an access token");
        Ok(CachedToken {
            header,
            refresh_at: issued_at + refresh_after(lifetime),
        })
    }
}

#[async_trait]
impl Authenticator for OAuth2ClientCredentials {
    async fn authorize(
        &self,
        request: &mut reqwest::Request,
        cancel: &CancellationToken,
    ) -> Result<(), HttpError> {
        let header = self.authorization(cancel).await?;
        request.headers_mut().insert(AUTHORIZATION, header);
        Ok(())
    }

    async fn invalidate(&self, used: Option<&HeaderValue>) -> bool {
        let mut cache = self.cache.lock().await;
        // Only drop the token the rejected request carried: another task may already have
        // replaced it with a fresh one.
        match (cache.as_ref(), used) {
            (Some(cached), Some(used)) if cached.header != used => {}
            _ => *cache = None,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_refreshed_early() {
        assert_eq!(
            refresh_after(Duration::from_secs(7199)),
            Duration::from_secs(7139)
        );
        assert_eq!(
            refresh_after(Duration::from_secs(749)),
            Duration::from_secs(689)
        );
        assert_eq!(
            refresh_after(Duration::from_secs(100)),
            Duration::from_secs(90)
        );
        assert_eq!(
            refresh_after(Duration::from_secs(2)),
            Duration::from_millis(1800)
        );
        assert_eq!(refresh_after(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn basic_auth_debug_is_redacted() {
        let auth = BasicAuth::new("admin", &Secret::new("pw")).unwrap();
        let shown = format!("{auth:?}");
        assert!(!shown.contains("YWRtaW46cHc"), "{shown}");
        assert_eq!(shown, "BasicAuth { header: Sensitive }");
        assert_eq!(auth.header.to_str().unwrap(), "Basic YWRtaW46cHc=");
    }
}
