//! The Akamai IAM client: EdgeGrid-signed requests, with `accountSwitchKey` on every call.

use std::sync::Arc;

use async_trait::async_trait;
use http::HeaderValue;
use http::header::AUTHORIZATION;
use tokio_util::sync::CancellationToken;

use crate::http::{
    Authenticator, ExistingRecord, HttpError, HttpSettings, RestClient, Transport, Vendor,
};
use crate::vendors::akamai::config::AkamaiSettings;
use crate::vendors::akamai::edgegrid::{self, EdgeGridCredentials, SigningRequest};

/// Signs every attempt afresh: the signature covers a timestamp and a nonce, so a retried
/// request must never reuse the previous attempt's header.
#[derive(Debug)]
pub struct EdgeGridAuth {
    credentials: EdgeGridCredentials,
    max_body: usize,
    headers_to_sign: Vec<String>,
}

impl EdgeGridAuth {
    pub fn new(
        credentials: EdgeGridCredentials,
        max_body: usize,
        headers_to_sign: Vec<String>,
    ) -> Self {
        Self {
            credentials,
            max_body,
            headers_to_sign,
        }
    }
}

#[async_trait]
impl Authenticator for EdgeGridAuth {
    async fn authorize(
        &self,
        request: &mut reqwest::Request,
        _: &CancellationToken,
    ) -> Result<(), HttpError> {
        let headers: Vec<(String, String)> = self
            .headers_to_sign
            .iter()
            .filter_map(|name| {
                let value = request.headers().get(name.as_str())?.to_str().ok()?;
                Some((name.clone(), value.to_owned()))
            })
            .collect();
        let body = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .unwrap_or_default()
            .to_vec();
        let signing = SigningRequest {
            method: request.method().as_str(),
            url: request.url(),
            headers_to_sign: &headers,
            body: &body,
        };
        let header = edgegrid::sign(
            &self.credentials,
            &signing,
            &edgegrid::timestamp_now(),
            &edgegrid::new_nonce(),
            self.max_body,
        );
        let mut value = HeaderValue::from_str(&header).map_err(|_| HttpError::Setup {
            message: "the Akamai credentials contain characters that cannot be sent in a header"
                .to_owned(),
        })?;
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(())
    }
}

/// The Akamai IAM API of one provider instance.
#[derive(Clone, Debug)]
pub struct AkamaiClient {
    rest: RestClient,
    /// What existed before this instance's creates of API clients (see [`ExistingRecord`]).
    pub(super) existing_api_clients: Arc<ExistingRecord>,
}

impl AkamaiClient {
    pub fn new(settings: &AkamaiSettings, http: &HttpSettings) -> Result<Self, HttpError> {
        let transport = Transport::new(Vendor::Akamai, http)?;
        let auth = EdgeGridAuth::new(
            settings.credentials.clone(),
            settings.max_body,
            settings.headers_to_sign.clone(),
        );
        let mut rest = RestClient::new(transport, settings.base_url.clone(), Arc::new(auth));
        if let Some(key) = &settings.account_switch_key {
            rest = rest.with_default_query("accountSwitchKey", key);
        }
        Ok(Self {
            rest,
            existing_api_clients: Arc::new(ExistingRecord::default()),
        })
    }

    pub fn rest(&self) -> &RestClient {
        &self.rest
    }
}
