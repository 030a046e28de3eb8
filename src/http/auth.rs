//! Adding credentials to each attempt: HTTP Basic, and OAuth2 client_credentials bearer tokens
//! with one shared, single-flight token cache per vendor per provider instance. Akamai's EdgeGrid
//! signer implements the same trait in `vendors::akamai`.

use std::time::{Duration, Instant, SystemTime};

use async_trait::async_trait;
use base64::Engine as _;
use http::header::AUTHORIZATION;
use http::{HeaderName, HeaderValue};
use serde::Deserialize;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::http::Secret;
use crate::http::authenticator::Authenticator;
use crate::http::client::{RestRequest, Transport};
use crate::http::error::HttpError;
use crate::http::redact::url_for_log;

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

/// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClientAuthentication {
    /// `client_id` and `client_secret` in the form (IBM, SailPoint).
    #[default]
    Form,
    /// HTTP Basic with the client id and secret (Oracle Access Manager's runtime).
    Basic,
}

/// OAuth2 client_credentials grant with a cached bearer token.
///
/// One instance per vendor per provider instance, held in an `Arc` by every clone of the vendor
/// client, so all resources share one token. The cache sits behind a tokio `Mutex` held across
/// the token request: concurrent callers that find the token missing or stale wait for the one
/// refresh in flight instead of each fetching their own (single flight).
///
/// [`OAuth2ClientCredentials::grant`] is the one token request of the provider: the cache uses
/// it, and so do the ephemeral access-token resources (which mint a token for another client).
#[derive(Debug)]
pub struct OAuth2ClientCredentials {
    transport: Transport,
    token_url: Url,
    client_id: String,
    client_secret: Secret,
    client_auth: ClientAuthentication,
    grant_type: &'static str,
    extra_form: Vec<(String, String)>,
    extra_headers: Vec<(HeaderName, HeaderValue)>,
    cache: tokio::sync::Mutex<Option<CachedToken>>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    /// A string (RFC 6749 §5.1); some servers answer a list.
    #[serde(default)]
    scope: Option<serde_json::Value>,
}

/// A token the endpoint issued. `Debug` shows the token as `***`.
#[derive(Clone, Debug)]
pub struct GrantedToken {
    pub access_token: Secret,
    /// As the endpoint spelled it (`Bearer`, `bearer`); `Bearer` when it did not say.
    pub token_type: String,
    /// `expires_in`, or [`DEFAULT_TOKEN_LIFETIME`] when the endpoint did not say.
    pub lifetime: Duration,
    /// When the request was sent: the lifetime counts from here.
    pub issued_at: SystemTime,
    /// The granted scope, when the endpoint said (space-separated).
    pub scope: Option<String>,
}

/// Adds the client authentication and extra headers to a token request.
#[derive(Debug)]
struct TokenEndpointAuth<'a> {
    basic: Option<BasicAuth>,
    headers: &'a [(HeaderName, HeaderValue)],
}

#[async_trait]
impl Authenticator for TokenEndpointAuth<'_> {
    async fn authorize(
        &self,
        request: &mut reqwest::Request,
        cancel: &CancellationToken,
    ) -> Result<(), HttpError> {
        if let Some(basic) = &self.basic {
            basic.authorize(request, cancel).await?;
        }
        for (name, value) in self.headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        Ok(())
    }
}

/// Lifetime assumed when the token endpoint does not say (both documented endpoints do).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(300);
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
            client_auth: ClientAuthentication::Form,
            grant_type: "client_credentials",
            extra_form: Vec::new(),
            extra_headers: Vec::new(),
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// Adds a form field to the token request (IBM documents `scope=openid`).
    pub fn with_form_field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_form.push((name.into(), value.into()));
        self
    }

    /// The `grant_type` value: `client_credentials` (RFC 6749), or a vendor's own spelling
    /// (OAM's runtime documents `CLIENT_CREDENTIALS`).
    pub fn with_grant_type(mut self, grant_type: &'static str) -> Self {
        self.grant_type = grant_type;
        self
    }

    /// Authenticates the client with HTTP Basic instead of form fields.
    pub fn with_client_authentication(mut self, client_auth: ClientAuthentication) -> Self {
        self.client_auth = client_auth;
        self
    }

    /// Adds a header to the token request (OAM's `X-OAUTH-IDENTITY-DOMAIN-NAME`). A value that
    /// cannot be a header is a setup error naming the header.
    pub fn with_header(mut self, name: &'static str, value: &str) -> Result<Self, HttpError> {
        let value = HeaderValue::from_str(value).map_err(|_| HttpError::Setup {
            message: format!(
                "the value of the {name} header contains characters HTTP does not allow"
            ),
        })?;
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| HttpError::Setup {
            message: format!("{name} is not an HTTP header name"),
        })?;
        self.extra_headers.push((header, value));
        Ok(self)
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

    /// Requests a new token (no cache). The token is registered with the log redactor before
    /// this returns. A refusal by the endpoint is [`HttpError::CredentialsRejected`], whose
    /// detail carries the OAuth error code (`invalid_client`, `unauthorized_client`, ...).
    pub async fn grant(&self, cancel: &CancellationToken) -> Result<GrantedToken, HttpError> {
        let vendor = self.transport.vendor();
        let mut form: Vec<(&str, &str)> = vec![("grant_type", self.grant_type)];
        if self.client_auth == ClientAuthentication::Form {
            form.push(("client_id", &self.client_id));
            form.push(("client_secret", self.client_secret.expose()));
        }
        form.extend(
            self.extra_form
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        );
        let auth = TokenEndpointAuth {
            basic: match self.client_auth {
                ClientAuthentication::Form => None,
                ClientAuthentication::Basic => {
                    Some(BasicAuth::new(&self.client_id, &self.client_secret)?)
                }
            },
            headers: &self.extra_headers,
        };
        // A token grant changes nothing on the server: repeating it after an ambiguous failure
        // is harmless.
        let request = RestRequest::post(self.token_url.path())
            .form(&form)
            .idempotent(true);
        let issued_at = SystemTime::now();
        let response = match self
            .transport
            .execute(&request, &self.token_url, &auth, cancel)
            .await
        {
            Ok(response) => response,
            // invalid_client is a 400 on OAuth2 servers (RFC 6749 §5.2), 401 on others.
            Err(HttpError::Api(api)) if matches!(api.status, 400 | 401 | 403) => {
                return Err(HttpError::CredentialsRejected {
                    vendor,
                    status: api.status,
                    token_url: url_for_log(&self.token_url),
                    detail: api.message,
                });
            }
            Err(other) => return Err(other),
        };
        let token: TokenResponse = response.json()?;
        if token.access_token.is_empty() {
            return Err(response.invalid("the access token is empty"));
        }
        tfplugin::logging::redact_secret(&token.access_token);
        let lifetime = token
            .expires_in
            .map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs);
        let scope = match token.scope {
            Some(serde_json::Value::String(scope)) => Some(scope),
            Some(serde_json::Value::Array(items)) => Some(
                items
                    .iter()
                    .filter_map(serde_json::Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => None,
        };
        tracing::debug!(vendor = %vendor, token_url = %url_for_log(&self.token_url), lifetime_s = lifetime.as_secs(), "fetched an access token");
        Ok(GrantedToken {
            access_token: Secret::new(token.access_token),
            token_type: token.token_type.unwrap_or_else(|| "Bearer".to_owned()),
            lifetime,
            issued_at,
            scope,
        })
    }

    async fn fetch(&self, cancel: &CancellationToken) -> Result<CachedToken, HttpError> {
        let started = Instant::now();
        let token = self.grant(cancel).await?;
        let header = bearer_header(token.access_token.expose()).ok_or_else(|| {
            HttpError::InvalidResponse {
                vendor: self.transport.vendor(),
                method: "POST".to_owned(),
                path: self.token_url.path().to_owned(),
                message: "the access token is not a valid header value".to_owned(),
            }
        })?;
        Ok(CachedToken {
            header,
            refresh_at: started + refresh_after(token.lifetime),
        })
    }
}

/// `Bearer <token>`, marked sensitive; `None` when the token cannot be a header value.
fn bearer_header(token: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    header.set_sensitive(true);
    Some(header)
}

/// A bearer token given in the provider configuration (`access_token`), sent as it is. It
/// cannot be refreshed: when the server answers 401 the token has expired or was revoked, and
/// the error says so.
#[derive(Clone, Debug)]
pub struct StaticBearer {
    header: HeaderValue,
}

impl StaticBearer {
    pub fn new(token: &Secret) -> Result<Self, HttpError> {
        let header = bearer_header(token.expose()).ok_or_else(|| HttpError::Setup {
            message: "the access_token contains characters an HTTP header cannot carry".to_owned(),
        })?;
        Ok(Self { header })
    }
}

#[async_trait]
impl Authenticator for StaticBearer {
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

#[async_trait]
impl Authenticator for OAuth2ClientCredentials {
    fn proves_credentials(&self) -> bool {
        true
    }

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
