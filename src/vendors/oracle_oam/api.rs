//! Typed calls of the OAM OAuth Policy Admin API. All verbs share one path; clients are
//! addressed by `identityDomainName` plus `id` or `name` in the query. Success bodies of create
//! and delete are plain text; a missing client is a 422 with a text message.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;

use crate::http::{
    BasicAuth, ClientAuthentication, Coalescer, ExistingRecord, Forbidden, HttpError, HttpSettings,
    Listing, OAuth2ClientCredentials, Page, RestClient, RestRequest, Secret, Transport, Vendor,
    found,
};
use crate::vendors::oracle_oam::config::OracleOamSettings;

pub const CLIENT_PATH: &str = "/oam/services/rest/ssa/api/v1/oauthpolicyadmin/client";

/// The OAuth runtime's token endpoint, on the OAM managed server (not the admin server).
pub const TOKEN_PATH: &str = "/oauth2/rest/token";

/// The identity-domain header of the runtime's requests ("REST API for OAuth in OAM").
pub const IDENTITY_DOMAIN_HEADER: &str = "X-OAUTH-IDENTITY-DOMAIN-NAME";

/// `RedirectURI`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RedirectUri {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_https: Option<bool>,
}

/// The `Client` schema. Nested settings whose shape the docs leave loose (attributes, scopes,
/// custom claims) stay JSON; unknown fields are kept in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OamClient {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Write-only after create (masked on reads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// `CONFIDENTIAL_CLIENT`, `PUBLIC_CLIENT` or `MOBILE_CLIENT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Value>>,
    #[serde(
        rename = "redirectURIs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redirect_uris: Option<Vec<RedirectUri>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<Value>>,
    #[serde(
        rename = "issueTLSClientCertificateBoundAccessTokens",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub issue_tls_client_certificate_bound_access_tokens: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_secret_retention_time_in_days: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a create's text answer says about the new client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedClient {
    pub id: Option<String>,
    pub secret: Option<Secret>,
}

/// The OAM admin API of one provider instance.
#[derive(Clone, Debug)]
pub struct OracleOamClient {
    rest: RestClient,
    /// Listings per identity domain, shared by this instance's refreshes.
    reads: Arc<Coalescer<OamClient>>,
    /// The provider's `identity_domain`, for resources and data sources that do not name one.
    identity_domain: Option<String>,
    /// What existed before this instance's creates, per identity domain (see [`ExistingRecord`]).
    existing: Arc<parking_lot::Mutex<HashMap<String, Arc<ExistingRecord>>>>,
}

impl OracleOamClient {
    /// Proves the provider's credentials (no request when an earlier call of this run already has) with one cheap authenticated GET: the read of a client
    /// that cannot exist. OAM checks the Basic credentials first, so any other 4xx answer (404,
    /// OAM's 422 "Failed to retrive OAuth entity", a 400 for an unknown domain) means they were
    /// accepted; 401 and 403 mean they were not ([`HttpError::accepted_credentials`]).
    pub async fn prove_credentials(&self, cancel: &CancellationToken) -> Result<(), HttpError> {
        if self.rest.credentials_accepted() {
            return Ok(());
        }
        let probe = crate::vendors::credentials::PROBE_ID;
        let domain = self.identity_domain().unwrap_or(probe);
        match self.get_client(domain, probe, cancel).await {
            Ok(_) => Ok(()),
            Err(err) if err.accepted_credentials(Forbidden::Refuses) => Ok(()),
            Err(err) => Err(err),
        }
    }

    pub fn new(settings: &OracleOamSettings, http: &HttpSettings) -> Result<Self, HttpError> {
        let transport = Transport::new(Vendor::OracleOam, http)?;
        let auth = BasicAuth::new(&settings.username, &settings.password)?;
        let rest = RestClient::new(transport, settings.base_url.clone(), Arc::new(auth));
        Ok(Self {
            reads: Arc::new(Coalescer::new(rest.writes())),
            rest,
            identity_domain: settings.identity_domain.clone(),
            existing: Arc::default(),
        })
    }

    /// The run's record of what existed in `identity_domain` before this instance's creates
    /// (taken with [`Self::existing_listing`] by the first create that asks).
    pub fn existing(&self, identity_domain: &str) -> Arc<ExistingRecord> {
        self.existing
            .lock()
            .entry(identity_domain.to_owned())
            .or_default()
            .clone()
    }

    /// What the record of `identity_domain` keeps: one list of every client of the domain (the
    /// list form has no paging), with the server's clock the transport read from its `Date`.
    pub async fn existing_listing(
        &self,
        identity_domain: &str,
        cancel: &CancellationToken,
    ) -> Result<Listing, HttpError> {
        let clients = self.list_clients(identity_domain, cancel).await?;
        Ok(Listing {
            ids: clients.into_iter().filter_map(|client| client.id).collect(),
            clock: self.rest.transport().server_clock(),
            // Names are unique in a domain: the record need not tell same-name clients.
            names: HashMap::new(),
        })
    }

    pub fn rest(&self) -> &RestClient {
        &self.rest
    }

    /// The client_credentials grant of an OAuth client at `{server}/oauth2/rest/token`, as OAM's
    /// runtime documents it: HTTP Basic of the client, its identity domain in
    /// [`IDENTITY_DOMAIN_HEADER`], `grant_type=CLIENT_CREDENTIALS`. `server` is the managed
    /// server serving the runtime; `None` means this instance's admin base URL. Through this
    /// instance's HTTP settings (the ephemeral `apiclients_oracle_oam_access_token`).
    pub fn client_credentials(
        &self,
        client_id: &str,
        client_secret: &Secret,
        identity_domain: &str,
        server: Option<&url::Url>,
        scope: Option<&str>,
    ) -> Result<OAuth2ClientCredentials, HttpError> {
        let token_url =
            crate::vendors::join_path(server.unwrap_or(self.rest.base_url()), TOKEN_PATH);
        let grant = OAuth2ClientCredentials::new(
            self.rest.transport().clone(),
            token_url,
            client_id,
            client_secret.clone(),
        )
        .with_grant_type("CLIENT_CREDENTIALS")
        .with_client_authentication(ClientAuthentication::Basic)
        .with_header(IDENTITY_DOMAIN_HEADER, identity_domain)?;
        Ok(match scope {
            Some(scope) => grant.with_form_field("scope", scope),
            None => grant,
        })
    }

    /// The listings shared by this instance's refreshes, one scope per identity domain (see
    /// [`Coalescer`]).
    pub fn reads(&self) -> &Coalescer<OamClient> {
        &self.reads
    }

    /// The listing behind coalesced reads: the list form has no paging, so page 0 is every
    /// client of the domain, keyed by `id`.
    pub async fn list_page(
        &self,
        identity_domain: &str,
        _index: u32,
        cancel: &CancellationToken,
    ) -> Result<Page<OamClient>, HttpError> {
        Ok(Page {
            more: false,
            items: self
                .list_clients(identity_domain, cancel)
                .await?
                .into_iter()
                .filter_map(|client| Some((client.id.clone()?, client)))
                .collect(),
        })
    }

    /// The default identity domain from the provider configuration (`identity_domain` or
    /// `OAM_IDENTITY_DOMAIN`), if any.
    pub fn identity_domain(&self) -> Option<&str> {
        self.identity_domain.as_deref()
    }

    /// `GET …/client?identityDomainName=<domain>`: every client of a domain.
    pub async fn list_clients(
        &self,
        identity_domain: &str,
        cancel: &CancellationToken,
    ) -> Result<Vec<OamClient>, HttpError> {
        let request = RestRequest::get(CLIENT_PATH).query("identityDomainName", identity_domain);
        let response = self.rest.send(request, cancel).await?;
        // A domain with one client may come back as a bare object.
        match response.json::<Value>()? {
            Value::Array(items) => items
                .into_iter()
                .map(|item| {
                    serde_json::from_value(item).map_err(|err| response.invalid(err.to_string()))
                })
                .collect(),
            Value::Object(object) => Ok(vec![
                serde_json::from_value(Value::Object(object))
                    .map_err(|err| response.invalid(err.to_string()))?,
            ]),
            _ => Err(response.invalid("expected a JSON array of clients")),
        }
    }

    /// `GET …/client?identityDomainName=<domain>&id=<id>`; `None` on 404 or OAM's 422
    /// "Failed to retrive OAuth entity".
    pub async fn get_client(
        &self,
        identity_domain: &str,
        id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<OamClient>, HttpError> {
        self.get_client_by(identity_domain, "id", id, cancel).await
    }

    /// `GET …/client?identityDomainName=<domain>&<key>=<value>`; `None` on 404 or OAM's 422.
    async fn get_client_by(
        &self,
        identity_domain: &str,
        key: &str,
        value: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<OamClient>, HttpError> {
        let request = RestRequest::get(CLIENT_PATH)
            .query("identityDomainName", identity_domain)
            .query(key, value);
        found(self.rest.send_json(request, cancel).await, |err| {
            matches!(err.status(), Some(404 | 422))
        })
    }

    /// `POST …/client`; parses `id = …` and `secret = …` out of the text answer.
    pub async fn create_client(
        &self,
        client: &OamClient,
        cancel: &CancellationToken,
    ) -> Result<CreatedClient, HttpError> {
        let request = RestRequest::post(CLIENT_PATH)
            .json(client)?
            .accept("text/plain, application/json");
        let response = self.rest.send(request, cancel).await?;
        let created = parse_created(&response.text());
        if let (Some(domain), Some(id)) = (
            client.id_domain.as_deref(),
            created.id.as_ref().or(client.id.as_ref()),
        ) {
            self.existing(domain).made(id);
        }
        Ok(created)
    }

    /// `GET …/client?identityDomainName=<domain>&name=<name>`; `None` on 404 or 422. Names are
    /// unique within a domain, so this finds what a create whose answer was lost made.
    pub async fn find_client_by_name(
        &self,
        identity_domain: &str,
        name: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<OamClient>, HttpError> {
        self.get_client_by(identity_domain, "name", name, cancel)
            .await
    }

    /// `PUT …/client` with the client JSON, which OAM matches "based on the name of the client"
    /// (so `idDomain` and `name` must be in `client`). A property set to `null` is removed; a
    /// property left out is left as it is. The answer is text and carries nothing new: read the
    /// client back with [`Self::get_client`].
    pub async fn update_client(
        &self,
        client: &OamClient,
        cancel: &CancellationToken,
    ) -> Result<(), HttpError> {
        let request = RestRequest::put(CLIENT_PATH)
            .json(client)?
            .accept("text/plain, application/json");
        self.rest.send(request, cancel).await.map(drop)
    }

    /// Secret reset, as Oracle's own `ClientProvider` does it: `PUT …/client` with only
    /// `{idDomain, id, secret}`. Idempotent (the same secret sent twice is one reset).
    pub async fn reset_secret(
        &self,
        identity_domain: &str,
        id: &str,
        secret: &Secret,
        cancel: &CancellationToken,
    ) -> Result<(), HttpError> {
        let body = OamClient {
            id: Some(id.to_owned()),
            id_domain: Some(identity_domain.to_owned()),
            secret: Some(secret.clone()),
            ..OamClient::default()
        };
        self.update_client(&body, cancel).await
    }

    /// `DELETE …/client?identityDomainName=<domain>&id=<id>`; a 422 (no such client) counts as
    /// success.
    pub async fn delete_client(
        &self,
        identity_domain: &str,
        id: &str,
        cancel: &CancellationToken,
    ) -> Result<(), HttpError> {
        let request = RestRequest::delete(CLIENT_PATH)
            .query("identityDomainName", identity_domain)
            .query("id", id)
            .accept("text/plain, application/json");
        match self.rest.send(request, cancel).await {
            Ok(_) => {}
            Err(err) if matches!(err.status(), Some(404 | 422)) => {}
            Err(err) => return Err(err),
        }
        self.existing(identity_domain).removed(id);
        Ok(())
    }
}

/// Reads `id = …` and `secret = …` from "Sucessfully created entity - OAuthClient, detail -
/// OAuth Client - uid = …, name = …, id = …, …, secret = …, …", or from a JSON answer.
pub fn parse_created(body: &str) -> CreatedClient {
    if let Ok(client) = serde_json::from_str::<OamClient>(body) {
        return CreatedClient {
            id: client.id,
            secret: client.secret,
        };
    }
    let field = |key: &str| {
        body.split(", ")
            .flat_map(|part| part.split(" - "))
            .find_map(|part| {
                part.trim()
                    .strip_prefix(key)?
                    .trim_start()
                    .strip_prefix('=')
                    .map(|v| v.trim().to_owned())
            })
            .filter(|value| !value.is_empty())
    };
    CreatedClient {
        id: field("id").filter(|id| id != "null"),
        // A client without a secret (PUBLIC_CLIENT, MOBILE_CLIENT) prints Java's "null"; a masked
        // one (never expected here) is stars.
        secret: field("secret")
            .filter(|secret| secret != "null" && !secret.chars().all(|c| c == '*'))
            .map(Secret::new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_text_answer_yields_id_and_secret() {
        let body = "Sucessfully created entity - OAuthClient, detail - OAuth Client - uid = 46194a6a-1, name = DefaultClient, \
                    id = aac8a8f4a228448d9d69ac24a3def39a, identityDomain = DefaultDomain, description = d, \
                    secret = 2a56c4b4, clientType = CONFIDENTIAL_CLIENT, grantTypes = [CLIENT_CREDENTIALS]";
        let created = parse_created(body);
        assert_eq!(
            created.id.as_deref(),
            Some("aac8a8f4a228448d9d69ac24a3def39a")
        );
        assert_eq!(
            created.secret.as_ref().map(|s| s.expose().as_str()),
            Some("2a56c4b4")
        );
        assert_eq!(parse_created("Sucessfully created entity").id, None);
        let public = parse_created(
            "Sucessfully created entity - OAuthClient, detail - OAuth Client - uid = u, name = p, id = p1, secret = null, clientType = PUBLIC_CLIENT",
        );
        assert_eq!(public.id.as_deref(), Some("p1"));
        assert_eq!(public.secret, None);
    }

    #[test]
    fn client_round_trips_documented_names() {
        let json = r#"{"id":"OAAClient","clientType":"PUBLIC_CLIENT","idDomain":"D","name":"OAAClient",
                       "redirectURIs":[{"url":"https://x","isHttps":true}],"someFutureField":1}"#;
        let client: OamClient = serde_json::from_str(json).unwrap();
        assert_eq!(
            client.redirect_uris.as_ref().unwrap()[0].is_https,
            Some(true)
        );
        let back = serde_json::to_value(&client).unwrap();
        assert_eq!(back["redirectURIs"][0]["url"], "https://x");
        assert_eq!(back["someFutureField"], 1);
        assert_eq!(back["idDomain"], "D");
    }
}
