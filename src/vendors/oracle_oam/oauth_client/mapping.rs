//! The state of `apiclients_oracle_oam_oauth_client` and its mapping to and from the API's
//! Client JSON.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::super::api::{OamClient, RedirectUri};
use crate::vendors::write_only;
use tfplugin::{Diagnostic, Diagnostics, Sensitive, Tf};

/// The resource state; one field per attribute of the schema.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OAuthClientState {
    pub id: Tf<String>,
    pub identity_domain: Tf<String>,
    pub name: Tf<String>,
    pub client_id: Tf<String>,
    pub description: Tf<String>,
    pub client_type: Tf<String>,
    pub grant_types: Tf<BTreeSet<String>>,
    pub redirect_uris: Tf<BTreeSet<String>>,
    pub default_scope: Tf<String>,
    pub scopes: Tf<BTreeSet<String>>,
    pub attributes: Tf<Vec<TokenAttributeState>>,
    pub issue_tls_client_certificate_bound_access_tokens: Tf<bool>,
    pub old_secret_retention_time_in_days: Tf<i64>,
    pub client_secret: Tf<Sensitive<String>>,
    pub secret_version: Tf<i64>,
    pub client_secret_wo: Tf<Sensitive<String>>,
    pub client_secret_wo_version: Tf<i64>,
    pub rotate_after: Tf<String>,
    pub secret_issued_at: Tf<String>,
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
}

crate::vendors::rotation::age_rotated!(OAuthClientState);

/// One element of `attributes` (the API's `TokenAttributeSettings`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct TokenAttributeState {
    pub attr_name: Tf<String>,
    pub attr_type: Tf<String>,
    pub attr_value: Tf<String>,
}
/// The API's Client JSON for a state: the managed properties that are set, plus `secret` when
/// `with_secret` (create only) and it is known.
pub(super) fn body_from_state(
    state: &OAuthClientState,
    with_secret: bool,
) -> Result<OamClient, Diagnostics> {
    let name = state
        .name
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("name"))?;
    let domain = state
        .identity_domain
        .known()
        .ok_or_else(|| Diagnostic::incomplete_plan("identity_domain"))?;
    let attributes = state.attributes.known().map(|attributes| {
        attributes
            .iter()
            .map(|attribute| {
                let mut object = Map::new();
                for (key, value) in [
                    ("attrName", &attribute.attr_name),
                    ("attrType", &attribute.attr_type),
                    ("attrValue", &attribute.attr_value),
                ] {
                    if let Some(value) = value.known() {
                        object.insert(key.to_owned(), Json::String(value.clone()));
                    }
                }
                Json::Object(object)
            })
            .collect()
    });
    Ok(OamClient {
        id: state.client_id.known().cloned(),
        name: Some(name.clone()),
        id_domain: Some(domain.clone()),
        description: state.description.known().cloned(),
        secret: if with_secret {
            state.client_secret.known().cloned()
        } else {
            None
        },
        client_type: state.client_type.known().cloned(),
        grant_types: state
            .grant_types
            .known()
            .map(|grants| grants.iter().cloned().collect()),
        default_scope: state.default_scope.known().cloned(),
        scopes: state
            .scopes
            .known()
            .map(|scopes| scopes.iter().cloned().map(Json::String).collect()),
        redirect_uris: state.redirect_uris.known().map(|uris| {
            uris.iter()
                .map(|url| RedirectUri {
                    url: url.clone(),
                    is_https: Some(url.to_ascii_lowercase().starts_with("https://")),
                })
                .collect()
        }),
        attributes,
        issue_tls_client_certificate_bound_access_tokens: state
            .issue_tls_client_certificate_bound_access_tokens
            .known()
            .map(|flag| Json::String(flag.to_string())),
        old_secret_retention_time_in_days: state.old_secret_retention_time_in_days.known().copied(),
        extra: Map::new(),
    })
}

/// The update body: OAM's PUT is a merge (it keeps a property it is not sent and removes one sent
/// as `null`), so it carries only what changed between `before` (the prior state) and `after` (the
/// plan), an explicit `null` for each property removed, and the `name` and `idDomain` OAM matches
/// the client by. A property the plan does not change is not sent: not rewritten in the provider's
/// spelling (a list's order, a flag as text), so the tenant changes only what the plan shows.
pub(super) fn changed_properties(
    before: &OamClient,
    after: &OamClient,
) -> Result<OamClient, Diagnostics> {
    let encode = |client: &OamClient| match serde_json::to_value(client) {
        Ok(Json::Object(object)) => Ok(object),
        _ => Err(encoding_bug()),
    };
    let old = encode(before)?;
    let new = encode(after)?;
    let mut sent: Map<String, Json> = new
        .iter()
        .filter(|(key, value)| MATCHED_BY.contains(&key.as_str()) || old.get(*key) != Some(value))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    for key in old.keys() {
        if !new.contains_key(key) {
            sent.insert(key.clone(), Json::Null);
        }
    }
    // Every property as JSON, `null`s included (a typed `None` would be left out).
    Ok(OamClient {
        extra: sent,
        ..OamClient::default()
    })
}

/// What OAM's `PUT …/client` finds the client by ("based on the name of the client").
const MATCHED_BY: [&str; 3] = ["name", "idDomain", "id"];

fn encoding_bug() -> Diagnostics {
    Diagnostic::error(
        "Cannot encode the OAuth client",
        "The OAuth client could not be encoded as JSON. This is a bug in the provider.",
    )
    .into()
}

/// `value` unless it is empty, which OAM uses for "not set" as well; kept when the state already
/// says empty, so a configured `""` does not flip.
fn non_empty_string(value: &Option<String>, prior: &Tf<String>) -> Tf<String> {
    match value {
        Some(text) if text.is_empty() && prior.known().is_none_or(|p| !p.is_empty()) => Tf::Null,
        other => Tf::from_option(other.clone()),
    }
}

fn non_empty_set(values: Option<BTreeSet<String>>) -> Tf<BTreeSet<String>> {
    Tf::from_option(values.filter(|set| !set.is_empty()))
}

/// A JSON array element as text: strings as they are, anything else as its JSON.
fn element_text(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn flag(value: &Option<Json>) -> Tf<bool> {
    match value {
        Some(Json::Bool(flag)) => Tf::Known(*flag),
        Some(Json::String(text)) if text.eq_ignore_ascii_case("true") => Tf::Known(true),
        Some(Json::String(text)) if text.eq_ignore_ascii_case("false") => Tf::Known(false),
        _ => Tf::Null,
    }
}

/// The state for a client as OAM returns it. `known` supplies what reads cannot tell: the
/// domain asked for, the secret, `secret_version`.
pub(crate) fn state_from_remote(remote: &OamClient, known: &OAuthClientState) -> OAuthClientState {
    let domain = known
        .identity_domain
        .known()
        .cloned()
        .or_else(|| remote.id_domain.clone());
    let client_id = remote
        .id
        .clone()
        .or_else(|| known.client_id.known().cloned());
    let attributes = remote
        .attributes
        .as_ref()
        .filter(|a| !a.is_empty())
        .map(|attributes| {
            attributes
                .iter()
                .map(|attribute| {
                    let text = |key: &str| {
                        Tf::from_option(
                            attribute
                                .get(key)
                                .filter(|v| !v.is_null())
                                .map(element_text),
                        )
                    };
                    TokenAttributeState {
                        attr_name: text("attrName"),
                        attr_type: text("attrType"),
                        attr_value: text("attrValue"),
                    }
                })
                .collect()
        });
    OAuthClientState {
        // The framework keeps the configuration's block in every state it answers with.
        timeouts: Tf::Null,
        id: match (&domain, &client_id) {
            (Some(domain), Some(client_id)) => Tf::Known(format!("{domain}/{client_id}")),
            _ => Tf::Null,
        },
        identity_domain: Tf::from_option(domain),
        name: Tf::from_option(remote.name.clone()),
        client_id: Tf::from_option(client_id),
        description: non_empty_string(&remote.description, &known.description),
        client_type: Tf::from_option(remote.client_type.clone()),
        grant_types: non_empty_set(
            remote
                .grant_types
                .as_ref()
                .map(|grants| grants.iter().cloned().collect()),
        ),
        redirect_uris: non_empty_set(
            remote
                .redirect_uris
                .as_ref()
                .map(|uris| uris.iter().map(|uri| uri.url.clone()).collect()),
        ),
        default_scope: non_empty_string(&remote.default_scope, &known.default_scope),
        scopes: non_empty_set(
            remote
                .scopes
                .as_ref()
                .map(|scopes| scopes.iter().map(element_text).collect()),
        ),
        attributes: Tf::from_option(attributes),
        issue_tls_client_certificate_bound_access_tokens: flag(
            &remote.issue_tls_client_certificate_bound_access_tokens,
        ),
        old_secret_retention_time_in_days: Tf::from_option(
            remote.old_secret_retention_time_in_days,
        ),
        client_secret: match &known.client_secret {
            // A write-only secret never lands in state.
            Tf::Known(_) if write_only::in_use(&known.client_secret_wo_version) => Tf::Null,
            Tf::Known(secret) => Tf::Known(secret.clone()),
            _ => Tf::Null,
        },
        client_secret_wo: Tf::Null,
        client_secret_wo_version: known.client_secret_wo_version.clone(),
        rotate_after: known.rotate_after.clone(),
        // Set by create and update when a secret is issued; OAM does not tell it.
        secret_issued_at: known
            .secret_issued_at
            .known()
            .cloned()
            .map_or(Tf::Null, Tf::Known),
        secret_version: match &known.secret_version {
            Tf::Known(version) => Tf::Known(*version),
            _ => Tf::Null,
        },
    }
}
