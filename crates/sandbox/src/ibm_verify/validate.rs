//! Request checks shared by the API and the out-of-band admin endpoint.

use http::HeaderMap;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::error::{ApiError, MSG_INVALID_JSON, MSG_MISSING_PROPERTY, MSG_UNKNOWN_ENTITLEMENT};
use super::model::{AdditionalConfig, ENTITLEMENTS, IpFilterOp, OverrideSettings};
use crate::protocol::{content_type, is_media_type};

/// `APIClientConfigRequest` (create) and `APIClientConfig` (update) as received: every property
/// optional here so that a missing required one gets IBM's 400 rather than a serde message.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ClientBody {
    /// Only in `APIClientConfig` (update); refused on create.
    pub(super) id: Option<String>,
    pub(super) client_id: Option<String>,
    pub(super) client_name: Option<String>,
    pub(super) client_secret: Option<String>,
    pub(super) entitlements: Option<Vec<String>>,
    pub(super) enabled: Option<bool>,
    pub(super) override_settings: Option<OverrideSettings>,
    pub(super) description: Option<String>,
    pub(super) additional_properties: Option<Map<String, Value>>,
    pub(super) ip_filter_op: Option<IpFilterOp>,
    pub(super) ip_filters: Option<Vec<String>>,
    pub(super) jwk_uri: Option<String>,
    pub(super) additional_config: Option<AdditionalConfig>,
}

/// The JSON endpoints' Content-Type check (after authorization, as the gateway would).
pub(super) fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let actual = content_type(headers);
    if is_media_type(actual, "application/json") {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType(actual.to_owned()))
    }
}

pub(super) fn parse_body(body: &[u8]) -> Result<ClientBody, ApiError> {
    serde_json::from_slice(body).map_err(|error| {
        ApiError::bad_request(
            MSG_INVALID_JSON,
            format!("The JSON input was invalid: {error}"),
        )
    })
}

pub(super) fn missing(property: &str) -> ApiError {
    ApiError::bad_request(
        MSG_MISSING_PROPERTY,
        format!("The required property {property} is missing."),
    )
}

pub(super) fn check_entitlements(entitlements: &[String]) -> Result<(), ApiError> {
    match entitlements
        .iter()
        .find(|name| !ENTITLEMENTS.contains(&name.as_str()))
    {
        Some(unknown) => Err(ApiError::bad_request(
            MSG_UNKNOWN_ENTITLEMENT,
            format!("The entitlement {unknown} is not valid."),
        )),
        None => Ok(()),
    }
}

pub(super) fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.is_empty())
}
