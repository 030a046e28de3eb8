//! Typed calls of Akamai IAM v3 API clients (`/identity-management/v3/api-clients`), written
//! from the public OpenAPI file. Reads for the data source; reads and writes for the resources.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;

use crate::http::{HttpError, Listing, RestRequest, RunRecord, Secret, encode_path_segment};
use crate::vendors::akamai::client::AkamaiClient;
use crate::vendors::full_replace::Unmodeled;

pub const API_CLIENTS_PATH: &str = "/identity-management/v3/api-clients";

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
    /// As listed with the client: `credential-nosecret` without `maxAllowedExpiry`.
    pub credentials: Vec<CredentialDetail>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AkamaiClient {
    /// Proves the provider's credentials (no request when an earlier call of this run already has) with one cheap signed call: `GET api-clients/self`, the
    /// client the credential belongs to.
    pub async fn prove_credentials(&self, cancel: &CancellationToken) -> Result<(), HttpError> {
        if self.rest().credentials_accepted() {
            return Ok(());
        }
        self.get_api_client("self", cancel).await.map(drop)
    }

    /// `GET /identity-management/v3/api-clients`: a plain JSON array, no paging.
    pub async fn list_api_clients(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Vec<ApiClient>, HttpError> {
        self.rest()
            .send_json(RestRequest::get(API_CLIENTS_PATH), cancel)
            .await
    }

    /// The run's record of what existed before its creates of API clients: one list of every
    /// client (the API has no name filter), taken by the first create that asks.
    pub async fn existing_api_clients(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Option<RunRecord<'_>>, HttpError> {
        self.existing_api_clients
            .take(|| async {
                let response = self
                    .rest()
                    .send(RestRequest::get(API_CLIENTS_PATH), cancel)
                    .await?;
                // The transport read the list's `Date` (see `VendorClock`).
                let clock = self.rest().transport().server_clock();
                let clients: Vec<ApiClient> = response.json()?;
                Ok(Listing {
                    names: clients
                        .iter()
                        .filter_map(|client| {
                            Some((client.client_id.clone(), client.client_name.clone()?))
                        })
                        .collect(),
                    ids: clients.into_iter().map(|client| client.client_id).collect(),
                    clock,
                })
            })
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

// ---------------------------------------------------------------------------------------------
// Writes, and the detailed reads the resources need.

/// `apiAccess` of a create or update body (`oneOf` all APIs | listed APIs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiAccess {
    #[serde(default)]
    pub all_accessible_apis: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apis: Option<Vec<ApiGrant>>,
}

/// One API the client may call; the server fills `apiName`, `endPoint` etc. in responses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiGrant {
    pub api_id: i64,
    pub access_level: String,
}

/// `groupAccess` of a create or update body (`oneOf` clone the user's groups | listed groups).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupAccess {
    #[serde(default)]
    pub clone_authorized_user_groups: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupGrant>>,
}

/// One group, the role the client has in it, and its sub-groups (each a group of the same shape,
/// nested as Akamai nests them). The schema spells the list `subGroups`; the Go library's
/// `ClientGroup` reads `subgroups`: both are read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupGrant {
    pub group_id: i64,
    #[serde(default)]
    pub role_id: Option<i64>,
    #[serde(default, alias = "subgroups", deserialize_with = "null_as_empty")]
    pub sub_groups: Vec<GroupGrant>,
    /// What the resource does not model (`isBlocked`, the names Akamai fills in), sent back as the
    /// tenant holds it on a full-replace write (see `vendors::full_replace`).
    #[serde(flatten)]
    pub unmodeled: Unmodeled,
}

/// `purgeOptions` (all fields required by the API): the client's Fast Purge (CCU) rights.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeOptions {
    #[serde(rename = "canPurgeByCacheTag", default)]
    pub can_purge_by_cache_tag: bool,
    #[serde(rename = "canPurgeByCpcode", default)]
    pub can_purge_by_cp_code: bool,
    #[serde(rename = "cpcodeAccess")]
    pub cp_code_access: CpCodeAccess,
}

/// `purgeOptions.cpcodeAccess`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpCodeAccess {
    #[serde(rename = "allCurrentAndNewCpcodes", default)]
    pub all_current_and_new_cp_codes: bool,
    /// The Go library sends `null` with `allCurrentAndNewCpcodes: true`.
    #[serde(rename = "cpcodes", default, deserialize_with = "null_as_empty")]
    pub cp_codes: Vec<i64>,
}

fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// `ipAcl`: both fields are required by the API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IpAcl {
    #[serde(default)]
    pub enable: bool,
    #[serde(default)]
    pub cidr: Vec<String>,
}

/// The body of create (`api-client-post-request-v3`) and update (`api-client-update-request-v3`).
/// The update schema forbids `clientType` and `createCredential` (`additionalProperties: false`),
/// so both are omitted when `None`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClientRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_credential: Option<bool>,
    pub client_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_description: Option<String>,
    pub authorized_users: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_emails: Option<Vec<String>>,
    pub allow_account_switch: bool,
    pub can_auto_create_credential: bool,
    pub api_access: ApiAccess,
    pub group_access: GroupAccess,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_acl: Option<IpAcl>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_options: Option<PurgeOptions>,
    /// Fields of the tenant's client that the resource does not model, sent back as the tenant
    /// holds them (see `vendors::full_replace`); empty on create.
    #[serde(flatten)]
    pub unmodeled: Unmodeled,
}

/// The fields of `api-client-detail-v3` that the update body (`api-client-update-request-v3`,
/// `additionalProperties: false`) does not take: what the tenant makes and shows. Every other
/// field of the tenant's client is sent back by a full-replace write.
pub const RESPONSE_ONLY_FIELDS: [&str; 12] = [
    "accessToken",
    "actions",
    "activeCredentialCount",
    "baseURL",
    "clientId",
    "clientType",
    "createdBy",
    "createdDate",
    "credentials",
    "isLocked",
    "serviceConsumerToken",
    "serviceProviderId",
];

/// `actions` of a client: what the caller may do with it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientActions {
    pub delete: Option<bool>,
    pub deactivate_all: Option<bool>,
    pub edit: Option<bool>,
    pub edit_apis: Option<bool>,
    pub edit_auth: Option<bool>,
    pub edit_groups: Option<bool>,
    pub edit_ip_acl: Option<bool>,
    pub edit_switch_account: Option<bool>,
    pub lock: Option<bool>,
    pub transfer: Option<bool>,
    pub unlock: Option<bool>,
}

/// `api-client-detail-v3` as the resource reads it (get with the include flags, create, update).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClientDetail {
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
    pub notification_emails: Option<Vec<String>>,
    #[serde(default)]
    pub allow_account_switch: Option<bool>,
    #[serde(default)]
    pub can_auto_create_credential: Option<bool>,
    #[serde(default)]
    pub api_access: Option<ApiAccess>,
    #[serde(default)]
    pub group_access: Option<GroupAccess>,
    #[serde(default)]
    pub ip_acl: Option<IpAcl>,
    #[serde(default)]
    pub is_locked: Option<bool>,
    /// Half of every EdgeGrid credential of this client.
    #[serde(default)]
    pub access_token: Option<Secret>,
    #[serde(default, rename = "baseURL")]
    pub base_url: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub created_date: Option<String>,
    #[serde(default)]
    pub purge_options: Option<PurgeOptions>,
    #[serde(default)]
    pub active_credential_count: Option<i64>,
    #[serde(default)]
    pub actions: Option<ClientActions>,
    /// Everything else the tenant shows (see [`RESPONSE_ONLY_FIELDS`] for what of it is not
    /// writable).
    #[serde(flatten)]
    pub unmodeled: Unmodeled,
}

/// `credential-nosecret`: a credential as get and list show it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialDetail {
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
    pub max_allowed_expiry: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// The create-credential answer: the credential as get shows it, plus the secret ("the only
/// time you'll see the client secret").
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCredential {
    pub client_secret: Secret,
    #[serde(flatten)]
    pub detail: CredentialDetail,
}

/// `update-credential`: `expiresOn` and `status` are required.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCredentialRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub expires_on: String,
    pub status: String,
}

fn client_path(client_id: &str) -> String {
    format!("{API_CLIENTS_PATH}/{}", encode_path_segment(client_id))
}

fn credential_path(client_id: &str, credential_id: i64) -> String {
    format!("{}/credentials/{credential_id}", client_path(client_id))
}

/// `Ok(None)` for a 404, so callers can treat "already gone" as done.
fn found<T>(result: Result<T, HttpError>) -> Result<Option<T>, HttpError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(err) if err.is_not_found() => Ok(None),
        Err(err) => Err(err),
    }
}

/// Whether a refused DELETE (of a client or a credential) may be Akamai's refusal to delete
/// something with active credentials, after which deactivating and deleting again may succeed.
/// Akamai documents the rule but not its status, so any refusal counts but "gone" (404, handled
/// by the caller), "authenticate again" (401) and "too many requests" (429, retried): the worst
/// case is a deactivation and a second DELETE that fails as the first did.
pub fn refused_for_active_credentials(err: &HttpError) -> bool {
    matches!(err, HttpError::Api(_))
        && err.status().is_some_and(|status| {
            (400..500).contains(&status) && !matches!(status, 401 | 404 | 429)
        })
}

impl AkamaiClient {
    /// `POST /api-clients` → 201 with the detail. Not retried after an ambiguous failure.
    pub async fn create_api_client(
        &self,
        request: &ApiClientRequest,
        cancel: &CancellationToken,
    ) -> Result<ApiClientDetail, HttpError> {
        let created: ApiClientDetail = self
            .rest()
            .send_json(RestRequest::post(API_CLIENTS_PATH).json(request)?, cancel)
            .await?;
        self.existing_api_clients.made_at(
            &created.client_id,
            crate::http::existing::parse_timestamp(created.created_date.as_deref()),
            std::time::SystemTime::now(),
        );
        Ok(created)
    }

    /// `GET /api-clients/{clientId}` with `actions`, `apiAccess`, `groupAccess` and `ipAcl`
    /// (`purgeOptions` comes without a flag); `None` on 404.
    pub async fn get_api_client_detail(
        &self,
        client_id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<ApiClientDetail>, HttpError> {
        let request = RestRequest::get(client_path(client_id))
            .query("actions", "true")
            .query("apiAccess", "true")
            .query("groupAccess", "true")
            .query("ipAcl", "true");
        found(self.rest().send_json(request, cancel).await)
    }

    /// `PUT /api-clients/{clientId}`: a full replace; `None` on 404.
    pub async fn update_api_client(
        &self,
        client_id: &str,
        request: &ApiClientRequest,
        cancel: &CancellationToken,
    ) -> Result<Option<ApiClientDetail>, HttpError> {
        let request = RestRequest::put(client_path(client_id)).json(request)?;
        found(self.rest().send_json(request, cancel).await)
    }

    /// `DELETE /api-clients/{clientId}` → 204; false when it was already gone.
    pub async fn delete_api_client(
        &self,
        client_id: &str,
        cancel: &CancellationToken,
    ) -> Result<bool, HttpError> {
        let request = RestRequest::delete(client_path(client_id));
        let deleted = found(self.rest().send(request, cancel).await)?.is_some();
        self.existing_api_clients.removed(client_id);
        Ok(deleted)
    }

    /// `PUT /api-clients/{clientId}/lock` or `/unlock` (no body); false on 404.
    pub async fn set_api_client_lock(
        &self,
        client_id: &str,
        locked: bool,
        cancel: &CancellationToken,
    ) -> Result<bool, HttpError> {
        let action = if locked { "lock" } else { "unlock" };
        let request = RestRequest::put(format!("{}/{action}", client_path(client_id)));
        Ok(found(self.rest().send(request, cancel).await)?.is_some())
    }

    /// `POST /api-clients/{clientId}/credentials/deactivate` → 204; false on 404.
    /// Deactivating is idempotent, so a retry after an ambiguous failure is harmless.
    pub async fn deactivate_all_credentials(
        &self,
        client_id: &str,
        cancel: &CancellationToken,
    ) -> Result<bool, HttpError> {
        let request =
            RestRequest::post(format!("{}/credentials/deactivate", client_path(client_id)))
                .idempotent(true);
        Ok(found(self.rest().send(request, cancel).await)?.is_some())
    }

    /// `GET /api-clients/{clientId}/credentials`; `None` when the client does not exist.
    pub async fn list_credentials(
        &self,
        client_id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<Vec<CredentialDetail>>, HttpError> {
        let request = RestRequest::get(format!("{}/credentials", client_path(client_id)));
        found(self.rest().send_json(request, cancel).await)
    }

    /// `POST /api-clients/{clientId}/credentials` (no body) → 201 with the secret. Not retried
    /// after an ambiguous failure: each POST makes another credential.
    pub async fn create_credential(
        &self,
        client_id: &str,
        cancel: &CancellationToken,
    ) -> Result<NewCredential, HttpError> {
        let request = RestRequest::post(format!("{}/credentials", client_path(client_id)));
        self.rest().send_json(request, cancel).await
    }

    /// `GET /api-clients/{clientId}/credentials/{credentialId}`; `None` on 404.
    pub async fn get_credential(
        &self,
        client_id: &str,
        credential_id: i64,
        cancel: &CancellationToken,
    ) -> Result<Option<CredentialDetail>, HttpError> {
        let request = RestRequest::get(credential_path(client_id, credential_id));
        found(self.rest().send_json(request, cancel).await)
    }

    /// `PUT /api-clients/{clientId}/credentials/{credentialId}`; `false` on 404. The answer
    /// carries only description, expiry and status, so callers read the credential again.
    pub async fn update_credential(
        &self,
        client_id: &str,
        credential_id: i64,
        request: &UpdateCredentialRequest,
        cancel: &CancellationToken,
    ) -> Result<bool, HttpError> {
        let request = RestRequest::put(credential_path(client_id, credential_id)).json(request)?;
        Ok(found(self.rest().send(request, cancel).await)?.is_some())
    }

    /// `POST …/credentials/{credentialId}/deactivate` → 204; false on 404. Idempotent.
    pub async fn deactivate_credential(
        &self,
        client_id: &str,
        credential_id: i64,
        cancel: &CancellationToken,
    ) -> Result<bool, HttpError> {
        let request = RestRequest::post(format!(
            "{}/deactivate",
            credential_path(client_id, credential_id)
        ))
        .idempotent(true);
        Ok(found(self.rest().send(request, cancel).await)?.is_some())
    }

    /// `DELETE …/credentials/{credentialId}` → 204 (only inactive credentials); false on 404.
    pub async fn delete_credential(
        &self,
        client_id: &str,
        credential_id: i64,
        cancel: &CancellationToken,
    ) -> Result<bool, HttpError> {
        let request = RestRequest::delete(credential_path(client_id, credential_id));
        Ok(found(self.rest().send(request, cancel).await)?.is_some())
    }
}
