//! Typed calls of the IBM Security Verify API clients API (`/v1.0/apiclients`), written from the
//! vendor's OpenAPI file (`APIClientConfig`, `APIClientConfigRequest`,
//! `APIClientConfigPaginatedResponseContainer`, `ErrorResponse`).
//!
//! The path key of an API client is what the create's `Location` header ends with; the SDK
//! (verify-sdk-go) uses the `id` field of the listed object for the same purpose.

use std::sync::Arc;

use crate::vendors::full_replace::Unmodeled;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;

use crate::http::{
    Coalescer, ExistingRecord, HttpError, HttpSettings, Listing, OAuth2ClientCredentials, Page,
    RestClient, RestRequest, RunRecord, Secret, Transport, Vendor, encode_path_segment, found,
};
use crate::vendors::credentials;
use crate::vendors::ibm_verify::config::{IbmVerifySettings, token_url};

pub const API_CLIENTS_PATH: &str = "/v1.0/apiclients";

/// `APIClientOverrideSettings`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverrideSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrict_scopes: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<ApiClientScope>>,
}

/// `APIClientScopes`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiClientScope {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `APIClientAdditionalConfig`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalConfig {
    /// e.g. `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate_client_assertion_jti: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_client_assertion_verification_keys: Option<Vec<String>>,
}

/// `ipFilterOp`: absent/null disables the IP filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpFilterOp {
    Allow,
    Deny,
}

/// `APIClientConfig` (GET, list, PUT) and, without `id`, `APIClientConfigRequest` (POST).
///
/// Every field is optional so that a partial server answer still decodes. `ip_filter_op` is
/// always serialized (as `null` when `None`) because on a PUT null is how the filter is turned
/// off; every other absent field is left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClientConfig {
    /// Internal id (read-only; never sent on create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Generated when omitted on create; **omitting it on PUT rotates it** (vendor doc).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entitlements: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_settings: Option<OverrideSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Map<String, Value>>,
    #[serde(default)]
    pub ip_filter_op: Option<IpFilterOp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_filters: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwk_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_config: Option<AdditionalConfig>,
    /// What the tenant holds beyond the fields above (a newer API's), sent back by the
    /// full-replace PUT as the tenant holds it (see `vendors::full_replace`).
    #[serde(flatten)]
    pub unmodeled: Unmodeled,
}

/// `APIClientConfigPaginatedResponseContainer`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClientPage {
    #[serde(default)]
    pub count: Option<i64>,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub page: Option<i64>,
    #[serde(default)]
    pub total: Option<i64>,
    #[serde(default)]
    pub api_clients: Vec<ApiClientConfig>,
}

/// Page selection for [`IbmVerifyClient::list`]; sent as `pagination=page=<p>&limit=<l>`
/// (URL-encoded as a whole, as the API requires).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pagination {
    pub page: u32,
    /// Page size, at most 1000.
    pub limit: u32,
}

/// Query of [`IbmVerifyClient::list`]. Without pagination the API returns every client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// e.g. `clientName = "ci-deployer"`; see [`search_exact_name`].
    pub search: Option<String>,
    /// e.g. `+clientName`.
    pub sort: Option<String>,
    /// Projection, e.g. `!clientSecret`.
    pub filter: Option<String>,
    pub pagination: Option<Pagination>,
}

/// The `search` expression for an exact client name; `"` and `\` in the name are escaped.
pub fn search_exact_name(client_name: &str) -> String {
    search_exact("clientName", client_name)
}

/// The `search` expression `<field> = "<value>"`, with `"` and `\` in the value escaped.
pub fn search_exact(field: &str, value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("{field} = \"{escaped}\"")
}

/// The page size of the listings behind coalesced reads: the API's maximum.
pub const LIST_PAGE_SIZE: u32 = 1000;

/// The client_credentials grant at `{tenant}/v1.0/endpoint/default/token`, with the `scope`
/// IBM documents (`openid` unless another is asked for).
fn client_credentials(
    transport: &Transport,
    tenant_url: &url::Url,
    client_id: &str,
    client_secret: &Secret,
    scope: Option<&str>,
) -> OAuth2ClientCredentials {
    OAuth2ClientCredentials::new(
        transport.clone(),
        token_url(tenant_url),
        client_id,
        client_secret.clone(),
    )
    .with_form_field("scope", scope.unwrap_or("openid"))
}

/// The IBM Security Verify admin API of one provider instance. Clones share the token and the
/// coalesced reads.
#[derive(Clone, Debug)]
pub struct IbmVerifyClient {
    rest: RestClient,
    reads: Arc<Coalescer<ApiClientConfig>>,
    /// What existed before this instance's creates (see [`ExistingRecord`]).
    existing: Arc<ExistingRecord>,
    /// Whether the tenant keeps the client ID and secret a create supplies, as the first create's
    /// read-back showed (IBM's OpenAPI file takes both; its "Create API client" page says the
    /// tenant makes them). Unset until then.
    keeps_supplied_ids: Arc<std::sync::OnceLock<bool>>,
}

impl IbmVerifyClient {
    /// Whether creates may send a client ID of the provider's making: until a read-back shows the
    /// tenant replaced one, yes (see [`Self::learn_keeps_supplied_ids`]).
    pub fn keeps_supplied_ids(&self) -> bool {
        self.keeps_supplied_ids.get().copied().unwrap_or(true)
    }

    /// What a create's read-back showed: whether the tenant kept what the create supplied.
    pub fn learn_keeps_supplied_ids(&self, kept: bool) {
        let _ = self.keeps_supplied_ids.set(kept);
    }

    /// Proves the provider's credentials ([`credentials::prove`]).
    pub async fn prove_credentials(&self, cancel: &CancellationToken) -> Result<(), HttpError> {
        credentials::prove(&self.rest, cancel, |id| self.get(id, cancel)).await
    }

    pub fn new(settings: &IbmVerifySettings, http: &HttpSettings) -> Result<Self, HttpError> {
        let transport = Transport::new(Vendor::IbmVerify, http)?;
        let auth = settings
            .credentials
            .authenticator(|client_id, client_secret| {
                client_credentials(
                    &transport,
                    &settings.tenant_url,
                    client_id,
                    client_secret,
                    None,
                )
            })?;
        let rest = RestClient::new(transport, settings.tenant_url.clone(), auth);
        Ok(Self {
            reads: Arc::new(Coalescer::new(rest.writes())),
            existing: Arc::new(ExistingRecord::default()),
            keeps_supplied_ids: Arc::new(std::sync::OnceLock::new()),
            rest,
        })
    }

    pub fn rest(&self) -> &RestClient {
        &self.rest
    }

    /// The client_credentials grant of another API client on this tenant, through this
    /// instance's HTTP settings (the ephemeral `apiclients_ibm_verify_access_token`).
    pub fn client_credentials(
        &self,
        client_id: &str,
        client_secret: &Secret,
        scope: Option<&str>,
    ) -> OAuth2ClientCredentials {
        client_credentials(
            self.rest.transport(),
            self.rest.base_url(),
            client_id,
            client_secret,
            scope,
        )
    }

    /// The listings shared by this instance's refreshes (see [`Coalescer`]).
    pub fn reads(&self) -> &Coalescer<ApiClientConfig> {
        &self.reads
    }

    /// Page `index` (from 0) of every API client, [`LIST_PAGE_SIZE`] at a time, keyed by `id`:
    /// the listing behind coalesced reads.
    pub async fn list_page(
        &self,
        index: u32,
        cancel: &CancellationToken,
    ) -> Result<Page<ApiClientConfig>, HttpError> {
        let query = ListQuery {
            pagination: Some(Pagination {
                page: index + 1,
                limit: LIST_PAGE_SIZE,
            }),
            ..ListQuery::default()
        };
        let page = self.list(&query, cancel).await?;
        let seen = i64::from(index + 1) * i64::from(LIST_PAGE_SIZE);
        let more = page.total.is_some_and(|total| total > seen)
            || page.api_clients.len() >= LIST_PAGE_SIZE as usize;
        Ok(Page {
            more,
            items: page
                .api_clients
                .into_iter()
                .filter_map(|client| Some((client.id.clone()?, client)))
                .collect(),
        })
    }

    /// The run's record of what existed before its creates: every client, [`LIST_PAGE_SIZE`] a
    /// page, projected to `id` and `clientName` (no secrets read), taken by the first create that
    /// asks.
    pub async fn existing(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Option<RunRecord<'_>>, HttpError> {
        self.existing
            .take(|| async {
                let mut listing = Listing::default();
                for page in 1.. {
                    let query = ListQuery {
                        filter: Some("id,clientName".into()),
                        pagination: Some(Pagination {
                            page,
                            limit: LIST_PAGE_SIZE,
                        }),
                        ..ListQuery::default()
                    };
                    let answer = self.list(&query, cancel).await?;
                    let full = answer.api_clients.len() >= LIST_PAGE_SIZE as usize;
                    let seen = i64::from(page) * i64::from(LIST_PAGE_SIZE);
                    for client in answer.api_clients {
                        let Some(id) = client.id else { continue };
                        if let Some(name) = client.client_name {
                            listing.names.insert(id.clone(), name);
                        }
                        listing.ids.push(id);
                    }
                    if !full || answer.total.is_some_and(|total| total <= seen) {
                        break;
                    }
                }
                // The transport read the last page's `Date` (see `VendorClock`).
                listing.clock = self.rest.transport().server_clock();
                Ok(listing)
            })
            .await
    }

    /// `GET /v1.0/apiclients` with search, sort, projection and pagination.
    pub async fn list(
        &self,
        query: &ListQuery,
        cancel: &CancellationToken,
    ) -> Result<ApiClientPage, HttpError> {
        let mut request =
            RestRequest::get(API_CLIENTS_PATH).accept("application/scim+json, application/json");
        if let Some(search) = &query.search {
            request = request.query("search", search);
        }
        if let Some(sort) = &query.sort {
            request = request.query("sort", sort);
        }
        if let Some(filter) = &query.filter {
            request = request.query("filter", filter);
        }
        if let Some(pagination) = query.pagination {
            request = request.query(
                "pagination",
                format!("page={}&limit={}", pagination.page, pagination.limit),
            );
        }
        self.rest.send_json(request, cancel).await
    }

    /// `POST /v1.0/apiclients`: 201 with an empty body; returns the key the `Location` header
    /// ends with. The create is never retried after an ambiguous failure
    /// ([`HttpError::Ambiguous`]): look it up with [`Self::find_by_name`] first.
    pub async fn create(
        &self,
        config: &ApiClientConfig,
        cancel: &CancellationToken,
    ) -> Result<String, HttpError> {
        let body = ApiClientConfig {
            id: None,
            ..config.clone()
        };
        let request = RestRequest::post(API_CLIENTS_PATH).json(&body)?;
        let response = self.rest.send(request, cancel).await?;
        let location = response
            .location()
            .ok_or_else(|| response.invalid("the 201 response has no Location header"))?;
        let key = key_from_location(location).ok_or_else(|| {
            response.invalid(format!(
                "cannot read a client key from Location '{location}'"
            ))
        })?;
        self.existing.made(&key);
        Ok(key)
    }

    /// `GET /v1.0/apiclients/{key}`; `None` on 404.
    pub async fn get(
        &self,
        key: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<ApiClientConfig>, HttpError> {
        let request = RestRequest::get(client_path(key));
        found(
            self.rest.send_json(request, cancel).await,
            HttpError::is_not_found,
        )
    }

    /// `PUT /v1.0/apiclients/{key}` (204). Send the current `client_secret`: omitting it makes
    /// the tenant generate a new one.
    pub async fn update(
        &self,
        key: &str,
        config: &ApiClientConfig,
        cancel: &CancellationToken,
    ) -> Result<(), HttpError> {
        let request = RestRequest::put(client_path(key)).json(config)?;
        self.rest.send(request, cancel).await.map(drop)
    }

    /// `DELETE /v1.0/apiclients/{key}` (204). The API answers 204 "even if the object does not
    /// exist", so the answer proves nothing about the key; no GET follows, because the key was
    /// proven just before: it comes from the create's `Location` or an import's GET, and every
    /// destroy is preceded by a refresh that found it (a missing one is dropped from state and
    /// never deleted).
    pub async fn delete(&self, key: &str, cancel: &CancellationToken) -> Result<(), HttpError> {
        self.rest
            .send(RestRequest::delete(client_path(key)), cancel)
            .await?;
        self.existing.removed(key);
        Ok(())
    }

    /// The clients named exactly `client_name` (the search is a server-side filter; the exact
    /// comparison is done here too). Used after an ambiguous create to find what was created.
    pub async fn find_by_name(
        &self,
        client_name: &str,
        cancel: &CancellationToken,
    ) -> Result<Vec<ApiClientConfig>, HttpError> {
        let query = ListQuery {
            search: Some(search_exact_name(client_name)),
            ..ListQuery::default()
        };
        let page = self.list(&query, cancel).await?;
        Ok(page
            .api_clients
            .into_iter()
            .filter(|client| client.client_name.as_deref() == Some(client_name))
            .collect())
    }

    /// The client whose `clientId` is exactly `client_id`, if any (for an import by client ID
    /// rather than by key).
    pub async fn find_by_client_id(
        &self,
        client_id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<ApiClientConfig>, HttpError> {
        let query = ListQuery {
            search: Some(search_exact("clientId", client_id)),
            ..ListQuery::default()
        };
        let page = self.list(&query, cancel).await?;
        Ok(page
            .api_clients
            .into_iter()
            .find(|client| client.client_id.as_deref() == Some(client_id)))
    }
}

fn client_path(key: &str) -> String {
    format!("{API_CLIENTS_PATH}/{}", encode_path_segment(key))
}

/// The last path segment of a `Location` (absolute or relative), percent-decoded.
pub fn key_from_location(location: &str) -> Option<String> {
    let path = location
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let segment = path
        .rsplit('/')
        .next()
        .filter(|segment| !segment.is_empty())?;
    let decoded: String =
        url::form_urlencoded::parse(format!("k={}", segment.replace('+', "%2B")).as_bytes())
            .next()
            .map(|(_, value)| value.into_owned())?;
    (!decoded.is_empty() && decoded != "apiclients").then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_header_gives_the_key() {
        assert_eq!(
            key_from_location("https://t.verify.ibm.com/v1.0/apiclients/abc-123").as_deref(),
            Some("abc-123")
        );
        assert_eq!(
            key_from_location("/v1.0/apiclients/a%20b/").as_deref(),
            Some("a b")
        );
        assert_eq!(
            key_from_location("/v1.0/apiclients/a+b").as_deref(),
            Some("a+b")
        );
        assert_eq!(key_from_location("/v1.0/apiclients"), None);
        assert_eq!(key_from_location(""), None);
    }

    #[test]
    fn config_serializes_camel_case_and_null_ip_filter() {
        let config = ApiClientConfig {
            client_name: Some("ci".into()),
            entitlements: Some(vec!["manageAPIClients".into()]),
            enabled: Some(true),
            client_secret: Some(Secret::new("s")),
            override_settings: Some(OverrideSettings {
                restrict_scopes: Some(true),
                scopes: Some(vec![]),
            }),
            additional_config: Some(AdditionalConfig {
                client_auth_method: Some("default".into()),
                ..Default::default()
            }),
            ..ApiClientConfig::default()
        };
        let json = serde_json::to_value(&config).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "clientName": "ci", "clientSecret": "s", "entitlements": ["manageAPIClients"], "enabled": true,
                "overrideSettings": {"restrictScopes": true, "scopes": []}, "ipFilterOp": null,
                "additionalConfig": {"clientAuthMethod": "default"}
            })
        );
        assert!(!format!("{config:?}").contains("\"s\""));
    }

    #[test]
    fn documented_example_decodes() {
        let page: ApiClientPage = serde_json::from_str(
            r#"{"count":1,"limit":5,"page":1,"total":1,"apiClients":[{"id":"00000000-1111","clientName":"Demo Client",
               "entitlements":["readAPIClients"],"clientId":"demoClient","clientSecret":"demoSecret","enabled":true,
               "ipFilterOp":"allow","ipFilters":["10.0.0.0/8"],"jwkUri":"https://j","additionalProperties":{"a":{}},
               "additionalConfig":{"clientAuthMethod":"default","validateClientAssertionJti":true,"allowedClientAssertionVerificationKeys":["k"]}}]}"#,
        )
        .unwrap();
        let client = &page.api_clients[0];
        assert_eq!(client.ip_filter_op, Some(IpFilterOp::Allow));
        assert_eq!(
            client.client_secret.as_ref().map(|s| s.expose().as_str()),
            Some("demoSecret")
        );
        assert_eq!(search_exact_name(r#"a"b"#), r#"clientName = "a\"b""#);
    }
}
