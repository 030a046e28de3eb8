//! The state of `apiclients_sailpoint_oauth_client` and its mapping to and from the API's
//! requests and answers.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::super::api::{
    AccessType, ClientType, CreateOAuthClientRequest, GetOAuthClientResponse, GrantType,
    JsonPatchOp,
};
use tfplugin::{Diagnostic, Diagnostics, Sensitive, Tf};

/// The resource state; one field per attribute of the schema.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OAuthClientState {
    pub id: Tf<String>,
    pub name: Tf<String>,
    pub description: Tf<String>,
    pub business_name: Tf<String>,
    pub homepage_url: Tf<String>,
    pub access_token_validity_seconds: Tf<i64>,
    pub refresh_token_validity_seconds: Tf<i64>,
    pub redirect_uris: Tf<BTreeSet<String>>,
    pub grant_types: Tf<BTreeSet<String>>,
    pub access_type: Tf<String>,
    #[serde(rename = "type")]
    pub client_type: Tf<String>,
    pub internal: Tf<bool>,
    pub enabled: Tf<bool>,
    pub strong_auth_supported: Tf<bool>,
    pub claims_supported: Tf<bool>,
    pub scope: Tf<BTreeSet<String>>,
    pub secret: Tf<Sensitive<String>>,
    pub created: Tf<String>,
    pub modified: Tf<String>,
    pub last_used: Tf<String>,
    pub secret_version: Tf<i64>,
    pub rotate_after: Tf<String>,
    pub secret_issued_at: Tf<String>,
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
}

crate::vendors::rotation::age_rotated!(OAuthClientState);

fn seconds(attribute: &str, value: &Tf<i64>) -> Result<Option<i32>, Diagnostic> {
    match value {
        Tf::Known(n) => i32::try_from(*n).map(Some).map_err(|_| {
            Diagnostic::invalid_attribute(
                attribute,
                format!("{attribute} must be between 1 and 2147483647, but it is {n}."),
            )
        }),
        _ => Ok(None),
    }
}

fn parse_enum<T>(
    attribute: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    names: &[&str],
) -> Result<T, Diagnostic> {
    parse(value).ok_or_else(|| {
        Diagnostic::invalid_attribute(
            attribute,
            format!(
                "{attribute} is {value:?}, but it must be one of: {}.",
                names.join(", ")
            ),
        )
    })
}

/// The `CreateOAuthClientRequest` for a planned state. Unknown optional values are omitted, so
/// the tenant applies its defaults.
pub(super) fn body_from_state(
    planned: &OAuthClientState,
) -> Result<CreateOAuthClientRequest, Diagnostics> {
    let name = planned
        .name
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("name"))?;
    let description = planned
        .description
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("description"))?;
    let access_token_validity_seconds = seconds(
        "access_token_validity_seconds",
        &planned.access_token_validity_seconds,
    )?
    .ok_or_else(|| Diagnostic::incomplete_plan("access_token_validity_seconds"))?;
    let grant_types = planned
        .grant_types
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("grant_types"))?
        .iter()
        .map(|g| parse_enum("grant_types", g, GrantType::from_name, GrantType::NAMES))
        .collect::<Result<Vec<_>, _>>()?;
    let access_type = parse_enum(
        "access_type",
        planned
            .access_type
            .as_str()
            .ok_or_else(|| Diagnostic::incomplete_plan("access_type"))?,
        AccessType::from_name,
        AccessType::NAMES,
    )?;
    let client_type = match planned.client_type.as_str() {
        Some(t) => Some(parse_enum(
            "type",
            t,
            ClientType::from_name,
            ClientType::NAMES,
        )?),
        None => None,
    };
    Ok(CreateOAuthClientRequest {
        business_name: planned.business_name.known().cloned(),
        homepage_url: planned.homepage_url.known().cloned(),
        name: name.clone(),
        description: description.clone(),
        access_token_validity_seconds,
        refresh_token_validity_seconds: seconds(
            "refresh_token_validity_seconds",
            &planned.refresh_token_validity_seconds,
        )?,
        redirect_uris: planned
            .redirect_uris
            .known()
            .map(|uris| uris.iter().cloned().collect()),
        grant_types,
        access_type,
        client_type,
        internal: planned.internal.known().copied(),
        enabled: planned.enabled.known().copied().unwrap_or(true),
        strong_auth_supported: planned.strong_auth_supported.known().copied(),
        claims_supported: planned.claims_supported.known().copied(),
        scope: planned
            .scope
            .known()
            .map(|scopes| scopes.iter().cloned().collect()),
    })
}

fn string_set(values: &Option<Vec<String>>) -> Tf<BTreeSet<String>> {
    Tf::from_option(values.as_ref().map(|v| v.iter().cloned().collect()))
}

/// The state for a client as the API returns it, with the secret known from elsewhere.
pub(crate) fn state_from_remote(
    remote: &GetOAuthClientResponse,
    secret: Tf<Sensitive<String>>,
) -> OAuthClientState {
    // An empty list and null mean the same (no redirect URIs); the schema forbids an empty set,
    // so null is the one spelling that matches a configuration.
    let redirect_uris = match &remote.redirect_uris {
        Some(uris) if uris.is_empty() => Tf::Null,
        other => string_set(other),
    };
    OAuthClientState {
        // The framework keeps the configuration's block in every state it answers with.
        timeouts: Tf::Null,
        id: Tf::Known(remote.id.clone()),
        name: Tf::from_option(remote.name.clone()),
        description: Tf::from_option(remote.description.clone()),
        business_name: Tf::from_option(remote.business_name.clone()),
        homepage_url: Tf::from_option(remote.homepage_url.clone()),
        access_token_validity_seconds: Tf::from_option(
            remote.access_token_validity_seconds.map(i64::from),
        ),
        refresh_token_validity_seconds: Tf::from_option(
            remote.refresh_token_validity_seconds.map(i64::from),
        ),
        redirect_uris,
        grant_types: Tf::from_option(remote.grant_types.as_ref().map(|grants| {
            grants
                .iter()
                .map(|g| g.as_str().to_owned())
                .collect::<BTreeSet<_>>()
        })),
        access_type: Tf::from_option(remote.access_type.map(|a| a.as_str().to_owned())),
        client_type: Tf::from_option(remote.client_type.map(|t| t.as_str().to_owned())),
        internal: Tf::from_option(remote.internal),
        enabled: Tf::from_option(remote.enabled),
        strong_auth_supported: Tf::from_option(remote.strong_auth_supported),
        claims_supported: Tf::from_option(remote.claims_supported),
        scope: string_set(&remote.scope),
        secret,
        created: Tf::from_option(remote.created.clone()),
        modified: Tf::from_option(remote.modified.clone()),
        last_used: Tf::from_option(remote.last_used.clone()),
        // Settings of the configuration, which the resource carries over (`with_settings`).
        secret_version: Tf::Null,
        rotate_after: Tf::Null,
        // The secret is made with the client and never changes: it is as old as the client,
        // which SailPoint tells even after an import.
        secret_issued_at: Tf::from_option(remote.created.clone()),
    }
}

/// `state` with the configuration's settings that SailPoint does not hold, from `from` (the
/// prior state on read, the plan on create and update).
pub(super) fn with_settings(state: OAuthClientState, from: &OAuthClientState) -> OAuthClientState {
    let known = |value: &Tf<i64>| value.known().copied().map_or(Tf::Null, Tf::Known);
    OAuthClientState {
        secret_version: known(&from.secret_version),
        rotate_after: from
            .rotate_after
            .known()
            .cloned()
            .map_or(Tf::Null, Tf::Known),
        ..state
    }
}

fn json_of<T: Serialize>(value: &Tf<T>) -> Option<Json> {
    match value {
        Tf::Unknown => None,
        Tf::Null => Some(Json::Null),
        Tf::Known(v) => serde_json::to_value(v).ok(),
    }
}

/// One `replace` operation per patchable field whose planned value differs from the prior one; a
/// cleared optional field is replaced with null. Replace-only patches are idempotent, so the REST
/// core may retry them.
pub(super) fn patch_operations(
    prior: &OAuthClientState,
    planned: &OAuthClientState,
) -> Vec<JsonPatchOp> {
    let fields: [(&str, Option<Json>, Option<Json>); 12] = [
        (
            "businessName",
            json_of(&prior.business_name),
            json_of(&planned.business_name),
        ),
        (
            "homepageUrl",
            json_of(&prior.homepage_url),
            json_of(&planned.homepage_url),
        ),
        ("name", json_of(&prior.name), json_of(&planned.name)),
        (
            "description",
            json_of(&prior.description),
            json_of(&planned.description),
        ),
        (
            "accessTokenValiditySeconds",
            json_of(&prior.access_token_validity_seconds),
            json_of(&planned.access_token_validity_seconds),
        ),
        (
            "refreshTokenValiditySeconds",
            json_of(&prior.refresh_token_validity_seconds),
            json_of(&planned.refresh_token_validity_seconds),
        ),
        (
            "redirectUris",
            json_of(&prior.redirect_uris),
            json_of(&planned.redirect_uris),
        ),
        (
            "grantTypes",
            json_of(&prior.grant_types),
            json_of(&planned.grant_types),
        ),
        (
            "accessType",
            json_of(&prior.access_type),
            json_of(&planned.access_type),
        ),
        (
            "enabled",
            json_of(&prior.enabled),
            json_of(&planned.enabled),
        ),
        (
            "strongAuthSupported",
            json_of(&prior.strong_auth_supported),
            json_of(&planned.strong_auth_supported),
        ),
        (
            "claimsSupported",
            json_of(&prior.claims_supported),
            json_of(&planned.claims_supported),
        ),
    ];
    fields
        .into_iter()
        .filter_map(|(path, before, after)| {
            let after = after?;
            (before.as_ref() != Some(&after))
                .then(|| JsonPatchOp::replace(format!("/{path}"), after))
        })
        .collect()
}
