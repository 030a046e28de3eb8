//! Typed calls of SailPoint's OAuth clients API (`/beta/oauth-clients`), written from the beta
//! OpenAPI contract (`CreateOAuthClientRequest`, `CreateOAuthClientResponse`,
//! `GetOAuthClientResponse`, `JsonPatchOperation`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use crate::http::{
    Coalescer, ExistingRecord, HttpError, HttpSettings, Listing, OAuth2ClientCredentials, Pacer,
    Page, RestClient, RestRequest, RunRecord, Secret, Transport, Vendor, encode_path_segment,
    found,
};
use crate::vendors::credentials;
use crate::vendors::sailpoint::config::{SailPointSettings, token_url};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GrantType {
    ClientCredentials,
    AuthorizationCode,
    RefreshToken,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccessType {
    Online,
    Offline,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClientType {
    Confidential,
    Public,
}

/// The wire names of a SailPoint enum, for validation messages and Terraform values.
macro_rules! wire_names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, as the API spells it.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The value as the API spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            /// The value the API spells `name`, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

wire_names!(GrantType {
    ClientCredentials => "CLIENT_CREDENTIALS",
    AuthorizationCode => "AUTHORIZATION_CODE",
    RefreshToken => "REFRESH_TOKEN",
});
wire_names!(AccessType { Online => "ONLINE", Offline => "OFFLINE" });
wire_names!(ClientType { Confidential => "CONFIDENTIAL", Public => "PUBLIC" });

/// `CreateOAuthClientRequest`. Required by the contract: `name`, `description`,
/// `access_token_validity_seconds`, `grant_types`, `access_type`, `enabled`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateOAuthClientRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub homepage_url: Option<String>,
    pub name: String,
    pub description: String,
    pub access_token_validity_seconds: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity_seconds: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    pub grant_types: Vec<GrantType>,
    pub access_type: AccessType,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub client_type: Option<ClientType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal: Option<bool>,
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strong_auth_supported: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims_supported: Option<bool>,
    /// Omitted: the tenant assigns `sp:scopes:all`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<String>>,
}

/// `GetOAuthClientResponse` (also the body of a PATCH answer). Fields the contract marks
/// nullable are `Option`; `secret` is never meaningful after the create.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetOAuthClientResponse {
    pub id: String,
    #[serde(default)]
    pub business_name: Option<String>,
    #[serde(default)]
    pub homepage_url: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub access_token_validity_seconds: Option<i32>,
    #[serde(default)]
    pub refresh_token_validity_seconds: Option<i32>,
    #[serde(default)]
    pub redirect_uris: Option<Vec<String>>,
    #[serde(default)]
    pub grant_types: Option<Vec<GrantType>>,
    #[serde(default)]
    pub access_type: Option<AccessType>,
    #[serde(rename = "type", default)]
    pub client_type: Option<ClientType>,
    #[serde(default)]
    pub internal: Option<bool>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub strong_auth_supported: Option<bool>,
    #[serde(default)]
    pub claims_supported: Option<bool>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub modified: Option<String>,
    #[serde(default)]
    pub secret: Option<Secret>,
    #[serde(default)]
    pub metadata: Option<String>,
    #[serde(default)]
    pub last_used: Option<String>,
    #[serde(default)]
    pub scope: Option<Vec<String>>,
}

/// `CreateOAuthClientResponse`: the client plus its secret, returned only here.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CreateOAuthClientResponse {
    #[serde(flatten)]
    pub client: GetOAuthClientResponse,
}

impl CreateOAuthClientResponse {
    pub fn secret(&self) -> Option<&Secret> {
        self.client.secret.as_ref()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonPatchOpKind {
    Add,
    Remove,
    Replace,
    Move,
    Copy,
    Test,
}

/// One RFC 6902 operation (`JsonPatchOperation`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonPatchOp {
    pub op: JsonPatchOpKind,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl JsonPatchOp {
    pub fn replace(path: impl Into<String>, value: Value) -> Self {
        Self {
            op: JsonPatchOpKind::Replace,
            path: path.into(),
            value: Some(value),
            from: None,
        }
    }

    pub fn add(path: impl Into<String>, value: Value) -> Self {
        Self {
            op: JsonPatchOpKind::Add,
            path: path.into(),
            value: Some(value),
            from: None,
        }
    }

    pub fn remove(path: impl Into<String>) -> Self {
        Self {
            op: JsonPatchOpKind::Remove,
            path: path.into(),
            value: None,
            from: None,
        }
    }
}

/// The window of SailPoint's rate limit ("100 requests per access token per 10 seconds",
/// developer.sailpoint.com, rate limits); the client paces itself to the provider's
/// `requests_per_10s` in it (see [`crate::http::pacing`]).
pub const RATE_LIMIT_WINDOW: std::time::Duration = std::time::Duration::from_secs(10);

/// The SailPoint admin API of one provider instance. Clones share the token.
#[derive(Clone, Debug)]
pub struct SailPointClient {
    rest: RestClient,
    reads: Arc<Coalescer<GetOAuthClientResponse>>,
    /// What existed before this instance's creates (see [`ExistingRecord`]).
    existing: Arc<ExistingRecord>,
    /// `/{api_version}/oauth-clients`, from the settings.
    collection: String,
}

impl SailPointClient {
    /// Proves the provider's credentials ([`credentials::prove`]).
    pub async fn prove_credentials(&self, cancel: &CancellationToken) -> Result<(), HttpError> {
        credentials::prove(&self.rest, cancel, |id| self.get(id, cancel)).await
    }

    pub fn new(settings: &SailPointSettings, http: &HttpSettings) -> Result<Self, HttpError> {
        let transport = Transport::new(Vendor::SailPoint, http)?;
        let auth = settings
            .credentials
            .authenticator(|client_id, client_secret| {
                OAuth2ClientCredentials::new(
                    transport.clone(),
                    settings.token_url(),
                    client_id,
                    client_secret.clone(),
                )
            })?;
        let rest = RestClient::new(transport, settings.base_url.clone(), auth)
            .with_pacer(Pacer::new(settings.requests_per_10s, RATE_LIMIT_WINDOW));
        Ok(Self {
            existing: Arc::new(ExistingRecord::default()),
            reads: Arc::new(Coalescer::new(rest.writes())),
            rest,
            collection: settings.oauth_clients_path(),
        })
    }

    pub fn rest(&self) -> &RestClient {
        &self.rest
    }

    /// The client_credentials grant of another OAuth client (or personal access token) of this
    /// tenant at `{base}/oauth/token`, through this instance's HTTP settings (the ephemeral
    /// `apiclients_sailpoint_access_token`).
    pub fn client_credentials(
        &self,
        client_id: &str,
        client_secret: &Secret,
    ) -> OAuth2ClientCredentials {
        OAuth2ClientCredentials::new(
            self.rest.transport().clone(),
            token_url(self.rest.base_url()),
            client_id,
            client_secret.clone(),
        )
    }

    /// The listings shared by this instance's refreshes (see [`Coalescer`]).
    pub fn reads(&self) -> &Coalescer<GetOAuthClientResponse> {
        &self.reads
    }

    /// The listing behind coalesced reads: `GET /{version}/oauth-clients` has no paging, so page 0
    /// is every client, keyed by `id`.
    pub async fn list_page(
        &self,
        _index: u32,
        cancel: &CancellationToken,
    ) -> Result<Page<GetOAuthClientResponse>, HttpError> {
        Ok(Page {
            more: false,
            items: self
                .list(None, cancel)
                .await?
                .into_iter()
                .map(|client| (client.id.clone(), client))
                .collect(),
        })
    }

    /// The run's record of what existed before its creates: one list of every client (the API
    /// has no name filter), taken by the first create that asks.
    pub async fn existing(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Option<RunRecord<'_>>, HttpError> {
        self.existing
            .take(|| async {
                let response = self
                    .rest
                    .send(RestRequest::get(self.collection.as_str()), cancel)
                    .await?;
                // The transport read the list's `Date` (see `VendorClock`).
                let clock = self.rest.transport().server_clock();
                let clients: Vec<GetOAuthClientResponse> = response.json()?;
                Ok(Listing {
                    names: clients
                        .iter()
                        .filter_map(|client| Some((client.id.clone(), client.name.clone()?)))
                        .collect(),
                    ids: clients.into_iter().map(|client| client.id).collect(),
                    clock,
                })
            })
            .await
    }

    /// `POST /{version}/oauth-clients` (200): the only response that carries the secret. Never
    /// retried after an ambiguous failure: the create goes through the recovery rule.
    pub async fn create(
        &self,
        request: &CreateOAuthClientRequest,
        cancel: &CancellationToken,
    ) -> Result<CreateOAuthClientResponse, HttpError> {
        let created: CreateOAuthClientResponse = self
            .rest
            .send_json(
                RestRequest::post(self.collection.as_str()).json(request)?,
                cancel,
            )
            .await?;
        self.existing.made_at(
            &created.client.id,
            crate::http::existing::parse_timestamp(created.client.created.as_deref()),
            std::time::SystemTime::now(),
        );
        Ok(created)
    }

    /// `GET /{version}/oauth-clients/{id}`; `None` on 404.
    pub async fn get(
        &self,
        id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<GetOAuthClientResponse>, HttpError> {
        let request = RestRequest::get(self.client_path(id));
        found(
            self.rest.send_json(request, cancel).await,
            HttpError::is_not_found,
        )
    }

    /// `GET /{version}/oauth-clients`, optionally with `filters` (only `lastUsed le|isnull` exists).
    pub async fn list(
        &self,
        filters: Option<&str>,
        cancel: &CancellationToken,
    ) -> Result<Vec<GetOAuthClientResponse>, HttpError> {
        let mut request = RestRequest::get(self.collection.as_str());
        if let Some(filters) = filters {
            request = request.query("filters", filters);
        }
        self.rest.send_json(request, cancel).await
    }

    /// `PATCH /{version}/oauth-clients/{id}` with `application/json-patch+json`. A patch made only of
    /// `replace`/`test` operations is idempotent and retried like a PUT; any other is treated like
    /// a create (never blindly repeated).
    pub async fn patch(
        &self,
        id: &str,
        operations: Vec<JsonPatchOp>,
        cancel: &CancellationToken,
    ) -> Result<GetOAuthClientResponse, HttpError> {
        let idempotent = operations
            .iter()
            .all(|op| matches!(op.op, JsonPatchOpKind::Replace | JsonPatchOpKind::Test));
        let request = RestRequest::patch(self.client_path(id))
            .json_as("application/json-patch+json", &operations)?
            .idempotent(idempotent);
        self.rest.send_json(request, cancel).await
    }

    /// `DELETE /{version}/oauth-clients/{id}` (204). A 404 counts as success: the client is gone,
    /// which is what a delete asks for (and what a retried delete meets).
    pub async fn delete(&self, id: &str, cancel: &CancellationToken) -> Result<(), HttpError> {
        match self
            .rest
            .send(RestRequest::delete(self.client_path(id)), cancel)
            .await
        {
            Ok(_) => {
                self.existing.removed(id);
                Ok(())
            }
            Err(err) if err.is_not_found() => {
                self.existing.removed(id);
                Ok(())
            }
            Err(err) => Err(err),
        }
    }

    /// `{collection}/{id}`.
    fn client_path(&self, id: &str) -> String {
        format!("{}/{}", self.collection, encode_path_segment(id))
    }

    /// The clients named exactly `name` (the API has no name filter: lists all).
    pub async fn find_by_name(
        &self,
        name: &str,
        cancel: &CancellationToken,
    ) -> Result<Vec<GetOAuthClientResponse>, HttpError> {
        Ok(self
            .list(None, cancel)
            .await?
            .into_iter()
            .filter(|client| client.name.as_deref() == Some(name))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_request_matches_the_contract() {
        let request = CreateOAuthClientRequest {
            business_name: None,
            homepage_url: None,
            name: "ci".into(),
            description: "CI".into(),
            access_token_validity_seconds: 750,
            refresh_token_validity_seconds: None,
            redirect_uris: None,
            grant_types: vec![GrantType::ClientCredentials],
            access_type: AccessType::Online,
            client_type: Some(ClientType::Confidential),
            internal: None,
            enabled: true,
            strong_auth_supported: None,
            claims_supported: None,
            scope: None,
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::json!({"name":"ci","description":"CI","accessTokenValiditySeconds":750,
                "grantTypes":["CLIENT_CREDENTIALS"],"accessType":"ONLINE","type":"CONFIDENTIAL","enabled":true})
        );
    }

    #[test]
    fn create_response_exposes_the_secret_only_explicitly() {
        let response: CreateOAuthClientResponse = serde_json::from_str(
            r#"{"id":"2c9180835d2e5168015d32f890ca1581","secret":"5c32dd9b21adb51c77794d46e71de117a1d0ddb36a7ff941fa28014ab7de2cf3",
               "name":"Demo","grantTypes":["AUTHORIZATION_CODE","REFRESH_TOKEN"],"accessType":"OFFLINE","type":"CONFIDENTIAL",
               "created":"2017-07-11T18:45:37.098Z","modified":"2018-06-10T13:46:12.098Z","scope":["demo:api-client-scope:first"]}"#,
        )
        .unwrap();
        assert_eq!(response.client.id, "2c9180835d2e5168015d32f890ca1581");
        assert!(response.secret().unwrap().expose().starts_with("5c32"));
        assert!(!format!("{response:?}").contains("5c32"));
    }

    #[test]
    fn wire_names_match_serde() {
        for grant in [
            GrantType::ClientCredentials,
            GrantType::AuthorizationCode,
            GrantType::RefreshToken,
        ] {
            assert_eq!(serde_json::to_value(grant).unwrap(), grant.as_str());
            assert_eq!(GrantType::from_name(grant.as_str()), Some(grant));
        }
        assert_eq!(
            serde_json::to_value(AccessType::Offline).unwrap(),
            "OFFLINE"
        );
        assert_eq!(ClientType::from_name("PUBLIC"), Some(ClientType::Public));
        assert_eq!(ClientType::from_name("public"), None);
        assert_eq!(AccessType::NAMES, ["ONLINE", "OFFLINE"]);
    }

    #[test]
    fn patch_operations_serialize_as_rfc6902() {
        let ops = vec![
            JsonPatchOp::replace("/enabled", Value::Bool(false)),
            JsonPatchOp::remove("/redirectUris/0"),
        ];
        assert_eq!(
            serde_json::to_value(&ops).unwrap(),
            serde_json::json!([{"op":"replace","path":"/enabled","value":false},{"op":"remove","path":"/redirectUris/0"}])
        );
    }
}
