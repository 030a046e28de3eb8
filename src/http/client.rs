//! Sending one logical call: attempts, retries, authentication and cancellation.
//!
//! # Retry rule
//!
//! | outcome of an attempt | idempotent (GET, PUT, DELETE, marked PATCH) | POST / unmarked PATCH |
//! |---|---|---|
//! | 429 | retry (Retry-After or back-off) | retry: the server refused before acting |
//! | 503 with `Retry-After` | retry | retry: the server announced it did not act |
//! | 503 without `Retry-After`, 502, 504 | retry | [`HttpError::Ambiguous`] |
//! | connection refused / TLS handshake failed (nothing sent) | retry | retry |
//! | host name does not resolve, scheme does not match the server (https:// to plain HTTP, http:// to TLS), server certificate not trusted | returned as [`HttpError::Transport`] (waiting cannot fix it) | same |
//! | connection dropped, timeout, body cut short | retry | [`HttpError::Ambiguous`] |
//! | 401, first time in this call | refresh the token, retry once (not counted) | same |
//! | any other status | returned as [`HttpError::Api`] | same |
//!
//! Retries are bounded by `max_retries`; the final failure is the last error seen (the vendor's
//! 429 message, or the transport failure). Every wait, and every attempt, ends early when the
//! cancellation token fires ([`HttpError::Cancelled`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE, HeaderMap, LOCATION, RETRY_AFTER};
use http::{HeaderValue, Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tfplugin::Sensitive;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::http::authenticator::Authenticator;
use crate::http::coalesce::Writes;
use crate::http::diagnostics::TransportCause;
use crate::http::error::{ApiError, Forbidden, HttpError, Vendor, vendor_message};
use crate::http::pacing::Pacer;
use crate::http::redact::url_for_log;
use crate::http::retry::{RetryPolicy, parse_retry_after};
use crate::http::settings::{HttpSettings, error_chain};
use crate::http::vendor_clock::VendorClock;

/// The body of a request; kept as bytes so that every attempt (and every EdgeGrid signature)
/// sends exactly the same content. Bodies routinely carry secrets (a client secret on create,
/// the form of a token request), so they are `Sensitive`: Debug shows only their kind.
#[derive(Clone, Debug)]
pub enum RequestBody {
    Json {
        content_type: &'static str,
        bytes: Sensitive<Bytes>,
    },
    Form(Sensitive<String>),
    Raw {
        content_type: &'static str,
        bytes: Sensitive<Bytes>,
    },
}

/// One logical call, relative to a [`RestClient`]'s base URL.
#[derive(Clone, Debug)]
pub struct RestRequest {
    pub method: Method,
    /// Absolute path (starting with `/`), already percent-encoded per segment.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<RequestBody>,
    /// Whether repeating the request after an ambiguous failure is harmless. Defaults to true
    /// for every method but POST and PATCH.
    pub idempotent: bool,
    pub accept: &'static str,
}

impl RestRequest {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let idempotent = !matches!(method, Method::POST | Method::PATCH);
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            idempotent,
            accept: "application/json",
        }
    }

    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::POST, path)
    }

    pub fn put(path: impl Into<String>) -> Self {
        Self::new(Method::PUT, path)
    }

    pub fn patch(path: impl Into<String>) -> Self {
        Self::new(Method::PATCH, path)
    }

    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, HttpError> {
        self.json_as("application/json", body)
    }

    /// A JSON body with another media type (`application/json-patch+json`).
    pub fn json_as<T: Serialize + ?Sized>(
        mut self,
        content_type: &'static str,
        body: &T,
    ) -> Result<Self, HttpError> {
        let bytes = serde_json::to_vec(body).map_err(|err| HttpError::Setup {
            message: format!(
                "cannot encode the body of {} {}: {err}",
                self.method, self.path
            ),
        })?;
        self.body = Some(RequestBody::Json {
            content_type,
            bytes: Sensitive::new(Bytes::from(bytes)),
        });
        Ok(self)
    }

    pub fn form(mut self, fields: &[(&str, &str)]) -> Self {
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.body = Some(RequestBody::Form(Sensitive::new(encoded)));
        self
    }

    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    pub fn accept(mut self, accept: &'static str) -> Self {
        self.accept = accept;
        self
    }
}

/// A successful (2xx) response, fully read.
#[derive(Clone, Debug)]
pub struct RestResponse {
    pub vendor: Vendor,
    pub method: Method,
    pub path: String,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl RestResponse {
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, HttpError> {
        serde_json::from_slice(&self.body).map_err(|err| {
            // serde's message names the field and position, never the value.
            self.invalid(format!("the body is not the documented JSON: {err}"))
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
    }

    /// An [`HttpError::InvalidResponse`] about this response.
    pub fn invalid(&self, message: impl Into<String>) -> HttpError {
        HttpError::InvalidResponse {
            vendor: self.vendor,
            method: self.method.to_string(),
            path: self.path.clone(),
            message: message.into(),
        }
    }
}

/// The reqwest client and retry policy of one vendor; shared by the [`RestClient`] and the
/// token fetcher so that both honour the same TLS, timeout and retry settings.
#[derive(Clone, Debug)]
pub struct Transport {
    http: reqwest::Client,
    vendor: Vendor,
    policy: RetryPolicy,
    duplicate_names: crate::http::recovery::DuplicateNames,
    /// The vendor's time, from the `Date` of its answers (see [`VendorClock`]).
    clock: Arc<VendorClock>,
}

/// What to do after one attempt.
enum Step {
    Done(RestResponse),
    Fail(HttpError),
    /// Retry after the given server-requested wait (if any); `last` is returned when the
    /// retry budget is exhausted.
    Retry {
        retry_after: Option<std::time::Duration>,
        last: HttpError,
    },
    Reauthenticate(HttpError),
}

impl Transport {
    pub fn new(vendor: Vendor, settings: &HttpSettings) -> Result<Self, HttpError> {
        Ok(Self {
            http: settings.build_client()?,
            vendor,
            policy: settings.retry_policy(),
            duplicate_names: settings.duplicate_names,
            clock: Arc::default(),
        })
    }

    /// The vendor's "now", as the `Date` of its last answer tells it.
    pub fn vendor_now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The lower bound of the vendor's clock its last answer's `Date` showed (see
    /// [`crate::http::existing`]); `None` before any answer with one.
    pub fn server_clock(&self) -> Option<crate::http::ServerClock> {
        self.clock.server_clock()
    }

    /// Whether an answer of the vendor has told its time yet.
    pub fn vendor_clock_observed(&self) -> bool {
        self.clock.observed()
    }

    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// What a create does when a same-name object exists (the provider's `duplicate_names`).
    pub fn duplicate_names(&self) -> crate::http::recovery::DuplicateNames {
        self.duplicate_names
    }

    /// Sends `request` to the absolute `url`, retrying per the module's rule.
    pub async fn execute(
        &self,
        request: &RestRequest,
        url: &Url,
        auth: &dyn Authenticator,
        cancel: &CancellationToken,
    ) -> Result<RestResponse, HttpError> {
        self.execute_paced(request, url, auth, None, cancel).await
    }

    /// [`Self::execute`], every attempt admitted by `pacer` once its credentials are added.
    async fn execute_paced(
        &self,
        request: &RestRequest,
        url: &Url,
        auth: &dyn Authenticator,
        pacer: Option<&Pacer>,
        cancel: &CancellationToken,
    ) -> Result<RestResponse, HttpError> {
        let log_url = url_for_log(url);
        let mut retries: u32 = 0;
        let mut reauthenticated = false;
        loop {
            let attempt = retries + u32::from(reauthenticated) + 1;
            let mut built = self.build(request, url)?;
            auth.authorize(&mut built, cancel).await?;
            let used_authorization = built.headers().get(AUTHORIZATION).cloned();
            if let Some(pacer) = pacer
                && !pacer.admit(cancel).await
            {
                return Err(self.cancelled(request));
            }
            tracing::debug!(vendor = %self.vendor, method = %request.method, url = %log_url, attempt, "sending request");
            let step = tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(self.cancelled(request)),
                step = self.attempt(request, built, attempt) => step,
            };
            match step {
                Step::Done(response) => return Ok(response),
                Step::Fail(error) => return Err(error),
                Step::Reauthenticate(error) => {
                    if reauthenticated || !auth.invalidate(used_authorization.as_ref()).await {
                        return Err(error);
                    }
                    tracing::debug!(vendor = %self.vendor, method = %request.method, url = %log_url, "401: retrying once with fresh credentials");
                    reauthenticated = true;
                }
                Step::Retry { retry_after, last } => {
                    if retries >= self.policy.max_retries {
                        return Err(last);
                    }
                    let wait = self.policy.delay(retries, retry_after);
                    tracing::debug!(
                        vendor = %self.vendor, method = %request.method, url = %log_url, attempt,
                        backoff_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        reason = %last, "retrying"
                    );
                    tokio::select! {
                        biased;
                        () = cancel.cancelled() => return Err(self.cancelled(request)),
                        () = tokio::time::sleep(wait) => {}
                    }
                    retries += 1;
                }
            }
        }
    }

    fn build(&self, request: &RestRequest, url: &Url) -> Result<reqwest::Request, HttpError> {
        let mut builder = self
            .http
            .request(request.method.clone(), url.clone())
            .header(ACCEPT, HeaderValue::from_static(request.accept));
        builder = match &request.body {
            None => builder,
            Some(RequestBody::Json {
                content_type,
                bytes,
            })
            | Some(RequestBody::Raw {
                content_type,
                bytes,
            }) => builder
                .header(CONTENT_TYPE, HeaderValue::from_static(content_type))
                .body(bytes.expose().clone()),
            Some(RequestBody::Form(form)) => builder
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .body(form.expose().clone()),
        };
        builder.build().map_err(|err| HttpError::Setup {
            message: format!(
                "cannot build {} {}: {}",
                request.method,
                request.path,
                error_chain(&err)
            ),
        })
    }

    async fn attempt(&self, request: &RestRequest, built: reqwest::Request, attempt: u32) -> Step {
        let response = match self.http.execute(built).await {
            Ok(response) => response,
            Err(err) => return self.transport_step(request, &err, attempt),
        };
        let status = response.status();
        let headers = response.headers().clone();
        self.clock.observe(
            headers.get(DATE).and_then(|value| value.to_str().ok()),
            SystemTime::now(),
        );
        let body = match read_capped(response, MAX_RESPONSE_BODY_BYTES).await {
            Ok(body) => body,
            Err(BodyError::Transport(err)) => return self.transport_step(request, &err, attempt),
            Err(BodyError::TooLarge) => {
                let reason = format!(
                    "the response body is larger than the provider's cap of {} MiB (MAX_RESPONSE_BODY_BYTES), so it was not read",
                    MAX_RESPONSE_BODY_BYTES / (1024 * 1024)
                );
                // A create the server accepted but whose answer cannot be read: its outcome is
                // as unknown as a lost answer, so the create recovery looks it up.
                return Step::Fail(if status.is_success() && !request.idempotent {
                    self.ambiguous(request, reason)
                } else {
                    HttpError::InvalidResponse {
                        vendor: self.vendor,
                        method: request.method.to_string(),
                        path: request.path.clone(),
                        message: format!("{reason} (status {status})"),
                    }
                });
            }
        };
        tracing::debug!(vendor = %self.vendor, method = %request.method, path = %request.path, status = status.as_u16(), attempt, "response");
        if status.is_success() {
            return Step::Done(RestResponse {
                vendor: self.vendor,
                method: request.method.clone(),
                path: request.path.clone(),
                status,
                headers,
                body,
            });
        }
        let api_error = HttpError::Api(ApiError {
            vendor: self.vendor,
            status: status.as_u16(),
            method: request.method.to_string(),
            path: request.path.clone(),
            message: vendor_message(self.vendor, status.as_u16(), &body),
        });
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        match status.as_u16() {
            401 => Step::Reauthenticate(api_error),
            429 => Step::Retry {
                retry_after,
                last: api_error,
            },
            503 if retry_after.is_some() => Step::Retry {
                retry_after,
                last: api_error,
            },
            502..=504 if request.idempotent => Step::Retry {
                retry_after,
                last: api_error,
            },
            502..=504 => {
                Step::Fail(self.ambiguous(request, format!("the server answered {status}")))
            }
            _ => Step::Fail(api_error),
        }
    }

    fn transport_step(&self, request: &RestRequest, err: &reqwest::Error, attempt: u32) -> Step {
        let reason = error_chain(err);
        let last = HttpError::Transport {
            vendor: self.vendor,
            method: request.method.to_string(),
            path: request.path.clone(),
            attempts: attempt,
            reason: reason.clone(),
        };
        // A certificate the client does not trust will not become trusted by waiting: fail at
        // once with the TLS reason (the diagnostic then points at ca_cert_file).
        if is_certificate_error(err) {
            return Step::Fail(last);
        }
        // Nor will a host name that does not resolve or a scheme that does not match the server
        // (https:// to a plain HTTP server, http:// to a TLS one): a typo is not a transient
        // failure, and retrying it only delays the error (six attempts over seconds).
        if TransportCause::of(&reason).is_some_and(TransportCause::is_permanent) {
            return Step::Fail(last);
        }
        // A connect error means no byte of the request reached the server (refused, DNS, TLS
        // handshake), so even a create can be repeated safely.
        if err.is_connect() || request.idempotent {
            Step::Retry {
                retry_after: None,
                last,
            }
        } else {
            let reason = if err.is_timeout() {
                format!("timed out: {reason}")
            } else {
                reason
            };
            Step::Fail(self.ambiguous(request, reason))
        }
    }

    fn ambiguous(&self, request: &RestRequest, reason: String) -> HttpError {
        HttpError::Ambiguous {
            vendor: self.vendor,
            method: request.method.to_string(),
            path: request.path.clone(),
            reason,
        }
    }

    fn cancelled(&self, request: &RestRequest) -> HttpError {
        HttpError::Cancelled {
            vendor: self.vendor,
            method: request.method.to_string(),
            path: request.path.clone(),
        }
    }
}

/// The largest response body the provider reads: 16 MiB. The vendors' answers for one client, or
/// one page of a list, are a few KiB; a larger body (a misrouted URL serving a file, a broken
/// proxy) fails the call with an error naming this cap instead of exhausting memory.
pub const MAX_RESPONSE_BODY_BYTES: usize = 16 * 1024 * 1024;

enum BodyError {
    Transport(reqwest::Error),
    TooLarge,
}

/// Reads the body chunk by chunk, stopping as soon as it would exceed `cap` bytes (a declared
/// `Content-Length` above the cap fails before reading anything).
async fn read_capped(mut response: reqwest::Response, cap: usize) -> Result<Bytes, BodyError> {
    if response
        .content_length()
        .is_some_and(|declared| declared > cap as u64)
    {
        return Err(BodyError::TooLarge);
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > cap {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// True when `err` comes from a rejected server certificate (unknown issuer, wrong name, expired).
fn is_certificate_error(err: &reqwest::Error) -> bool {
    chain_has_certificate_error(err)
}

fn chain_has_certificate_error(err: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(rustls::Error::InvalidCertificate(_)) = err.downcast_ref::<rustls::Error>() {
        return true;
    }
    // `io::Error::source()` skips the error it wraps (it returns the wrapped error's source), and
    // hyper nests io::Errors, so descend into the payload explicitly.
    if let Some(inner) = err
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
    {
        return chain_has_certificate_error(inner);
    }
    err.source().is_some_and(chain_has_certificate_error)
}

/// A vendor API: base URL + transport + authenticator + query parameters sent on every call
/// (Akamai's `accountSwitchKey`). Cheap to clone; clones share the token cache.
#[derive(Debug, Clone)]
pub struct RestClient {
    transport: Transport,
    base_url: Url,
    auth: Arc<dyn Authenticator>,
    default_query: Vec<(String, String)>,
    /// Every write sent through this client (and its clones): what invalidates coalesced reads.
    writes: Arc<Writes>,
    /// Set once the platform has accepted this client's credentials (an answer other than 401 or
    /// 403, or a token): the plan-time proof of credentials then costs no request.
    credentials_accepted: Arc<AtomicBool>,
    /// The vendor's rate limit, where it documents one (shared by clones).
    pacer: Option<Arc<Pacer>>,
}

impl RestClient {
    pub fn new(transport: Transport, base_url: Url, auth: Arc<dyn Authenticator>) -> Self {
        Self {
            transport,
            base_url,
            auth,
            default_query: Vec::new(),
            writes: Arc::new(Writes::default()),
            credentials_accepted: Arc::new(AtomicBool::new(false)),
            pacer: None,
        }
    }

    /// Paces every attempt of this client and its clones (see [`crate::http::pacing`]).
    pub fn with_pacer(mut self, pacer: Pacer) -> Self {
        self.pacer = Some(Arc::new(pacer));
        self
    }

    /// The writes sent through this client and its clones, for [`Coalescer`]s to be
    /// invalidated by.
    ///
    /// [`Coalescer`]: crate::http::coalesce::Coalescer
    pub fn writes(&self) -> Arc<Writes> {
        self.writes.clone()
    }

    /// Adds a query parameter to every request of this client.
    pub fn with_default_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_query.push((name.into(), value.into()));
        self
    }

    pub fn vendor(&self) -> Vendor {
        self.transport.vendor
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// The absolute URL of a request: base URL (its own path kept) + request path + query.
    pub fn url_for(&self, request: &RestRequest) -> Result<Url, HttpError> {
        let base = self.base_url.as_str().trim_end_matches('/');
        let mut url =
            Url::parse(&format!("{base}{}", request.path)).map_err(|err| HttpError::Setup {
                message: format!(
                    "cannot build the URL of {} {}: {err}",
                    request.method, request.path
                ),
            })?;
        url.set_query(None);
        url.set_fragment(None);
        if !request.query.is_empty() || !self.default_query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().chain(&self.default_query));
        }
        Ok(url)
    }

    /// Sends a request; any non-2xx status after retries is an error.
    pub async fn send(
        &self,
        request: RestRequest,
        cancel: &CancellationToken,
    ) -> Result<RestResponse, HttpError> {
        let url = self.url_for(&request)?;
        // Counted from before the first attempt until the last one ends, cancelled or not.
        let _write =
            (!matches!(request.method, Method::GET | Method::HEAD)).then(|| self.writes.begin());
        let result = self
            .transport
            .execute_paced(
                &request,
                &url,
                self.auth.as_ref(),
                self.pacer.as_deref(),
                cancel,
            )
            .await;
        let accepted = match &result {
            Ok(_) => true,
            Err(err) => err.accepted_credentials(Forbidden::Refuses),
        };
        if accepted {
            self.credentials_accepted.store(true, Ordering::Relaxed);
        }
        result
    }

    /// Runs the authenticator once without sending a request: for an OAuth client-credentials
    /// authenticator that is the token request (its token is cached for the calls that follow,
    /// so proving credentials this way costs nothing when a call follows); for a signature or
    /// Basic authenticator it is local and proves nothing, so callers of those send a cheap call.
    /// Returns whether that proved them.
    pub async fn authenticate(&self, cancel: &CancellationToken) -> Result<bool, HttpError> {
        let mut probe = reqwest::Request::new(Method::GET, self.base_url.clone());
        self.auth.authorize(&mut probe, cancel).await?;
        let proven = self.auth.proves_credentials();
        if proven {
            self.credentials_accepted.store(true, Ordering::Relaxed);
        }
        Ok(proven)
    }

    /// Whether the platform has already accepted this client's credentials in this run (a
    /// success, or an error [`HttpError::accepted_credentials`] counts): a refresh that came
    /// first has proven them.
    pub fn credentials_accepted(&self) -> bool {
        self.credentials_accepted.load(Ordering::Relaxed)
    }

    /// The vendor's "now". A provider process that has not heard from the vendor yet (the plan
    /// Terraform makes again at apply time comes before any read) asks once: an unauthenticated
    /// `HEAD` of the base URL, whose answer of any status carries a `Date`.
    pub async fn vendor_now(&self, cancel: &CancellationToken) -> chrono::DateTime<chrono::Utc> {
        if !self.transport.vendor_clock_observed() {
            let probe = RestRequest::new(Method::HEAD, "/");
            if let Ok(url) = self.url_for(&probe) {
                let answered = self
                    .transport
                    .execute(&probe, &url, &crate::http::authenticator::NoAuth, cancel)
                    .await;
                tracing::debug!(vendor = %self.vendor(), ok = answered.is_ok(), "asked the vendor's time");
            }
        }
        self.transport.vendor_now()
    }

    /// Sends a request and decodes its JSON body.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        request: RestRequest,
        cancel: &CancellationToken,
    ) -> Result<T, HttpError> {
        self.send(request, cancel).await?.json()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;
    use crate::http::authenticator::NoAuth;

    /// A one-shot HTTP/1.1 server answering every connection with 200 and `size` bytes of body,
    /// with or without a `Content-Length`.
    async fn serve_body(size: usize, declare_length: bool) -> Url {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut request = [0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    let head = if declare_length {
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {size}\r\nconnection: close\r\n\r\n"
                        )
                    } else {
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_owned()
                    };
                    let _ = socket.write_all(head.as_bytes()).await;
                    let chunk = vec![b' '; 64 * 1024];
                    let mut left = size;
                    while left > 0 {
                        let n = left.min(chunk.len());
                        if socket.write_all(&chunk[..n]).await.is_err() {
                            return;
                        }
                        left -= n;
                    }
                    let _ = socket.shutdown().await;
                });
            }
        });
        Url::parse(&format!("http://{addr}")).expect("url")
    }

    fn client(url: Url) -> RestClient {
        let transport =
            Transport::new(Vendor::IbmVerify, &HttpSettings::default()).expect("transport");
        RestClient::new(transport, url, Arc::new(NoAuth))
    }

    #[tokio::test]
    async fn a_body_over_the_cap_is_an_error_naming_the_cap() {
        for declare_length in [true, false] {
            let url = serve_body(MAX_RESPONSE_BODY_BYTES + 1, declare_length).await;
            let err = client(url)
                .send(RestRequest::get("/big"), &CancellationToken::new())
                .await
                .expect_err("over the cap");
            let text = err.to_string();
            assert!(
                matches!(err, HttpError::InvalidResponse { .. }),
                "declared {declare_length}: {text}"
            );
            assert!(text.contains("16 MiB"), "{text}");
            assert!(text.contains("MAX_RESPONSE_BODY_BYTES"), "{text}");

            // A create whose answer is too large to read has an unknown outcome.
            let url = serve_body(MAX_RESPONSE_BODY_BYTES + 1, declare_length).await;
            let err = client(url)
                .send(RestRequest::post("/big"), &CancellationToken::new())
                .await
                .expect_err("over the cap");
            assert!(err.is_ambiguous(), "{err}");
        }
    }

    #[tokio::test]
    async fn a_body_at_the_cap_is_read() {
        let url = serve_body(MAX_RESPONSE_BODY_BYTES, false).await;
        let response = client(url)
            .send(RestRequest::get("/big"), &CancellationToken::new())
            .await
            .expect("at the cap");
        assert_eq!(response.body.len(), MAX_RESPONSE_BODY_BYTES);
    }
}
