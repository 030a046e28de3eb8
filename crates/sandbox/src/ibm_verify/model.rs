//! The tenant's objects: the documented entitlement catalogue, the API clients (`APIClientConfig`
//! and its nested schemas) and the tokens issued; creating and replacing a client.

use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

use rand::Rng;
use rand::distr::Alphanumeric;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{ApiError, MSG_DUPLICATE, MSG_IMMUTABLE, MSG_INVALID_JSON};
use super::validate::{ClientBody, check_entitlements, missing, non_empty};

/// Entitlement names of the create/update descriptions (seed 000 and the OpenAPI file), in the
/// documented order. A test checks this table against both documents.
pub const ENTITLEMENTS: &[&str] = &[
    "manageDeployment",
    "manageCerts",
    "readCerts",
    "manageAPIClients",
    "readAPIClients",
    "manageIdentitySources",
    "readIdentitySources",
    "manageMFAMethods",
    "readMFAMethods",
    "manageEnrollMFAMethodAnyUser",
    "readEnrollMFAMethodAnyUser",
    "authnAnyUser",
    "manageAuthenticatorsConfig",
    "readAuthenticatorsConfig",
    "manageAuthenticatorsAnyUser",
    "readAuthenticatorsAnyUser",
    "manageUserGroups",
    "readUserGroups",
    "manageAllUserGroups",
    "manageUsersPwdReset",
    "manageUserStandardGroups",
    "manageAdminGroup",
    "readAdminGroup",
    "managePwdPolicy",
    "readPwdPolicy",
    "AnalyticsDataSyncToCloud",
    "AnalyticsSatelliteOnBoard",
    "manageOIDCGrants",
    "readOIDCGrants",
    "recoverUsername",
    "manageFederations",
    "readFederations",
    "resetPassword",
    "manageAppAccessAdmin",
    "manageAppAccessOwner",
    "manageSubscriptions",
    "manageAccessPolicies",
    "readAccessPolicies",
    "managePushCreds",
    "readPushCreds",
    "manageAccessRequest",
    "manageAccessWorkflow",
    "manageOIDCConsents",
    "readOIDCConsents",
    "manageReports",
    "readReports",
    "updateAnyUser",
    "resetPasswordAnyUser",
    "readTenantProperties",
    "manageTenantProperties",
    "manageAttributes",
    "readAttributes",
    "generateOTP",
    "readAppConfig",
    "manageTemplates",
    "readTemplates",
    "reviewCertRecords",
    "readEntitlements",
    "manageNotificationProviders",
    "readNotificationProviders",
    "manageCertifications",
    "readExternalAgents",
    "manageExternalAgents",
    "runExternalAgent",
    "manageOidcDynamicClient",
    "readPurpose",
    "managePurpose",
    "manageAppPurpose",
    "readPrivacyConsent",
    "managePrivacyConsent",
    "readPrivacyPolicy",
    "managePrivacyPolicy",
    "createPrivacyConsent",
    "performDSP",
    "performDUA",
    "certCampaignSupervisor",
    "managePwdVaultAnyUser",
    "managePwdVault",
    "readPwdVaultAnyUser",
    "readPwdVault",
    "managePwdVaultConfig",
    "readPwdVaultConfig",
    "mfaPush",
    "readPrivacyProfile",
    "managePrivacyProfile",
    "manageEntitlements",
    "manageDevicesAnyUser",
    "readDevicesAnyUser",
    "manageDevices",
    "readDevices",
    "manageRecaptcha",
    "readRecaptcha",
    "manageLoginSessions",
    "manageRelyingParty",
    "readRelyingParty",
    "manageWebhooks",
    "readWebhooks",
    "readSTSClients",
    "manageSTSClients",
    "manageVerifiableLinks",
    "readSelfOidcGrants",
    "manageSelfOidcGrants",
    "diManageAgency",
    "diReadAgency",
    "diManageAgentsAny",
    "diReadAgentsAny",
    "manageMyOrg",
    "diIssueCredentials",
    "diVerifyCredentials",
];

const SECRET_LENGTH: usize = 24;

/// The API clients of the tenant, in creation order, and the bearer tokens issued.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub clients: Vec<ApiClient>,
    /// Tokens are not objects: not persisted, not shown, and kept across `/_sandbox/reset`.
    #[serde(skip)]
    pub tokens: HashMap<String, IssuedToken>,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("clients", &self.clients)
            .field("tokens", &self.tokens.len())
            .finish()
    }
}

/// A bearer token and whom it was issued to.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    pub client_id: String,
    pub expires_at: Instant,
}

/// `APIClientOverrideSettings`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OverrideSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrict_scopes: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
}

/// `APIClientScopes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scope {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `APIClientAdditionalConfig`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdditionalConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate_client_assertion_jti: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_client_assertion_verification_keys: Option<Vec<String>>,
}

/// `ipFilterOp`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpFilterOp {
    Allow,
    Deny,
}

/// One API client as GET returns it (`APIClientConfig`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClient {
    pub id: String,
    pub client_id: String,
    pub client_name: String,
    pub client_secret: String,
    pub enabled: bool,
    pub entitlements: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_settings: Option<OverrideSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_filter_op: Option<IpFilterOp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_filters: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwk_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_config: Option<AdditionalConfig>,
    /// Fields of an API newer than the OpenAPI file, given through `PATCH /_sandbox/objects` (so
    /// tests can check that a client keeps what its tools do not know): shown on every read, taken
    /// back by a PUT that restates them, gone after one that leaves them out (a full replace).
    #[serde(flatten, default, skip_serializing_if = "Map::is_empty")]
    pub newer_fields: Map<String, Value>,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("id", &self.id)
            .field("client_id", &self.client_id)
            .field("client_name", &self.client_name)
            .field("client_secret", &"<redacted>")
            .field("enabled", &self.enabled)
            .field("entitlements", &self.entitlements)
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    pub(super) fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

pub(super) fn random_string(length: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(length)
        .map(char::from)
        .collect()
}

/// `ignore_supplied`: the tenant makes its own client ID and secret whatever the body says (see
/// `Options::ignore_supplied_client_ids`).
pub(super) fn create_client(
    state: &mut State,
    mut body: ClientBody,
    ignore_supplied: bool,
) -> Result<ApiClient, ApiError> {
    if ignore_supplied {
        body.client_id = None;
        body.client_secret = None;
    }
    if body.id.is_some() {
        return Err(ApiError::bad_request(
            MSG_INVALID_JSON,
            "The property id is read-only.",
        ));
    }
    let client_name = non_empty(body.client_name).ok_or_else(|| missing("clientName"))?;
    let enabled = body.enabled.ok_or_else(|| missing("enabled"))?;
    let entitlements = body.entitlements.ok_or_else(|| missing("entitlements"))?;
    check_entitlements(&entitlements)?;
    let client_id = match non_empty(body.client_id) {
        Some(client_id) => {
            if state
                .clients
                .iter()
                .any(|client| client.client_id == client_id)
            {
                return Err(ApiError::bad_request(
                    MSG_DUPLICATE,
                    format!("An API client with the client ID {client_id} already exists."),
                ));
            }
            client_id
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    let client = ApiClient {
        id: uuid::Uuid::new_v4().to_string(),
        client_id,
        client_name,
        client_secret: non_empty(body.client_secret)
            .unwrap_or_else(|| random_string(SECRET_LENGTH)),
        enabled,
        entitlements,
        description: body.description,
        override_settings: body.override_settings,
        additional_properties: body.additional_properties,
        ip_filter_op: body.ip_filter_op,
        ip_filters: body.ip_filters,
        jwk_uri: body.jwk_uri,
        additional_config: body.additional_config,
        newer_fields: Map::new(),
    };
    state.clients.push(client.clone());
    Ok(client)
}

/// The stored client's newer fields (see [`ApiClient::newer_fields`]) taken out of a PUT body, so
/// that the rest is checked against the documented schema; `None` when there is no such client.
pub(super) fn take_newer_fields(
    state: &State,
    id: &str,
    body: &mut Value,
) -> Option<Map<String, Value>> {
    let client = state.clients.iter().find(|client| client.id == id)?;
    let object = body.as_object_mut()?;
    Some(
        client
            .newer_fields
            .keys()
            .filter_map(|name| Some((name.clone(), object.remove(name)?)))
            .collect(),
    )
}

/// Gives a client fields of a newer API (see [`ApiClient::newer_fields`]); false when there is no
/// client with this `id` (or `clientId`).
pub fn oob_add_fields(state: &mut State, id: &str, fields: Map<String, Value>) -> bool {
    match state
        .clients
        .iter_mut()
        .find(|client| client.id == id || client.client_id == id)
    {
        Some(client) => {
            client.newer_fields.extend(fields);
            true
        }
        None => false,
    }
}

/// PUT replaces the client's properties, except that `id` and `clientId` cannot change, an
/// omitted `clientSecret` is regenerated (as documented) and an omitted `enabled` is kept.
pub(super) fn update_client(
    state: &mut State,
    id: &str,
    body: ClientBody,
    newer_fields: Map<String, Value>,
) -> Result<(), ApiError> {
    let client_name = non_empty(body.client_name).ok_or_else(|| missing("clientName"))?;
    let entitlements = body.entitlements.ok_or_else(|| missing("entitlements"))?;
    check_entitlements(&entitlements)?;
    let client = state
        .clients
        .iter_mut()
        .find(|client| client.id == id)
        .ok_or(ApiError::NotFound)?;
    if body.id.as_deref().is_some_and(|sent| sent != client.id) {
        return Err(ApiError::bad_request(
            MSG_IMMUTABLE,
            "The ID of an API client cannot be modified.",
        ));
    }
    if body
        .client_id
        .as_deref()
        .is_some_and(|sent| sent != client.client_id)
    {
        return Err(ApiError::bad_request(
            MSG_IMMUTABLE,
            "The client ID of an API client cannot be modified.",
        ));
    }
    client.client_name = client_name;
    client.entitlements = entitlements;
    client.client_secret =
        non_empty(body.client_secret).unwrap_or_else(|| random_string(SECRET_LENGTH));
    if let Some(enabled) = body.enabled {
        client.enabled = enabled;
    }
    client.description = body.description;
    client.override_settings = body.override_settings;
    client.additional_properties = body.additional_properties;
    client.ip_filter_op = body.ip_filter_op;
    client.ip_filters = body.ip_filters;
    client.jwk_uri = body.jwk_uri;
    client.additional_config = body.additional_config;
    client.newer_fields = newer_fields;
    Ok(())
}
