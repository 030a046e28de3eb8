//! Typed calls of Akamai IAM v3 API clients (`/identity-management/v3/api-clients`), written
//! from the public OpenAPI file. Only reads for now; the resource adds the writes.

use serde::Deserialize;
use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;

use crate::http::{HttpError, RestRequest, encode_path_segment};
use crate::vendors::akamai::client::AkamaiClient;

pub const API_CLIENTS_PATH: &str = "/identity-management/v3/api-clients";

/// A credential as listed with a client (never carries the secret).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialSummary {
    pub credential_id: i64,
    #[serde(default)]
    pub client_token: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub created_on: Option<String>,
    #[serde(default)]
    pub expires_on: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// `api-client-detail-v3` (the fields the provider reads; the rest stays in `extra`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClient {
    pub client_id: String,
    #[serde(default)]
    pub client_name: Option<String>,
    #[serde(default)]
    pub client_description: Option<String>,
    #[serde(default)]
    pub client_type: Option<String>,
    #[serde(default)]
    pub authorized_users: Vec<String>,
    #[serde(default)]
    pub is_locked: Option<bool>,
    #[serde(default)]
    pub active_credential_count: Option<i64>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub created_date: Option<String>,
    #[serde(default)]
    pub credentials: Vec<CredentialSummary>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AkamaiClient {
    /// `GET /identity-management/v3/api-clients`: a plain JSON array, no paging.
    pub async fn list_api_clients(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Vec<ApiClient>, HttpError> {
        self.rest()
            .send_json(RestRequest::get(API_CLIENTS_PATH), cancel)
            .await
    }

    /// `GET /identity-management/v3/api-clients/{clientId}` with its credentials; `None` on 404.
    /// `client_id` may be `self`.
    pub async fn get_api_client(
        &self,
        client_id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<ApiClient>, HttpError> {
        let request = RestRequest::get(format!(
            "{API_CLIENTS_PATH}/{}",
            encode_path_segment(client_id)
        ))
        .query("credentials", "true");
        match self.rest().send_json(request, cancel).await {
            Ok(client) => Ok(Some(client)),
            Err(err) if err.is_not_found() => Ok(None),
            Err(err) => Err(err),
        }
    }
}
