//! The IBM Security Verify API client's state ↔ API mapping: the body sent for a state, and the
//! state read back from the tenant's object, keeping the configured spelling where the tenant
//! means the same thing (URLs, IP filters, server defaults, JSON-typed additional properties).

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use crate::vendors::full_replace::in_tenant_order;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::super::api::{
    AdditionalConfig, ApiClientConfig, ApiClientScope, IpFilterOp, OverrideSettings,
};
use crate::vendors::write_only;
use tfplugin::{Sensitive, Tf};

/// The state of `apiclients_ibm_verify_api_client`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ApiClientState {
    pub id: Tf<String>,
    pub client_name: Tf<String>,
    pub entitlements: Tf<BTreeSet<String>>,
    pub enabled: Tf<bool>,
    pub description: Tf<String>,
    pub client_id: Tf<String>,
    pub client_secret: Tf<Sensitive<String>>,
    pub secret_version: Tf<i64>,
    pub ip_filter_op: Tf<String>,
    pub ip_filters: Tf<BTreeSet<String>>,
    pub jwk_uri: Tf<String>,
    pub override_settings: Tf<OverrideSettingsState>,
    pub additional_config: Tf<AdditionalConfigState>,
    pub additional_properties: Tf<BTreeMap<String, String>>,
    pub client_secret_wo: Tf<Sensitive<String>>,
    pub client_secret_wo_version: Tf<i64>,
    pub rotate_after: Tf<String>,
    pub secret_issued_at: Tf<String>,
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
}

crate::vendors::rotation::age_rotated!(ApiClientState);

/// `override_settings`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OverrideSettingsState {
    pub restrict_scopes: Tf<bool>,
    pub scopes: Tf<Vec<ScopeState>>,
}

/// One element of `override_settings.scopes`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ScopeState {
    pub name: Tf<String>,
    pub description: Tf<String>,
}

/// `additional_config`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AdditionalConfigState {
    pub client_auth_method: Tf<String>,
    pub validate_client_assertion_jti: Tf<bool>,
    pub allowed_client_assertion_verification_keys: Tf<BTreeSet<String>>,
}
/// The network an `ip_filters` entry stands for, so `10.0.0.1` and `10.0.0.1/32` compare equal.
pub(super) fn ip_network(text: &str) -> Option<IpNet> {
    text.parse::<IpNet>()
        .map(|net| net.trunc())
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

/// Whether this update should let the tenant generate a new secret: the plan left
/// `client_secret` unknown (only `modify_plan` does that, for `secret_version`) and the version
/// really changed from one number to another (it may have been unknown at plan time; from null,
/// as after an import, it is only recorded).
pub(super) fn rotation_requested(prior: &ApiClientState, planned: &ApiClientState) -> bool {
    planned.client_secret.is_unknown()
        && planned.secret_version.is_known()
        && crate::vendors::secret_version::rotates(&prior.secret_version, &planned.secret_version)
}

pub(super) fn ip_filter_op(op: &Tf<String>) -> Option<IpFilterOp> {
    match op.as_str() {
        Some("allow") => Some(IpFilterOp::Allow),
        Some("deny") => Some(IpFilterOp::Deny),
        _ => None,
    }
}

/// The API body for `state`. `current` is the object as the tenant holds it (on update), used to
/// send `additional_properties` back with their original JSON types.
pub(super) fn body_from_state(
    state: &ApiClientState,
    current: Option<&ApiClientConfig>,
) -> ApiClientConfig {
    let override_settings = state.override_settings.known().map(|o| OverrideSettings {
        restrict_scopes: o.restrict_scopes.known().copied(),
        scopes: o.scopes.known().map(|scopes| {
            scopes
                .iter()
                .map(|scope| ApiClientScope {
                    name: scope.name.known().cloned(),
                    description: scope.description.known().cloned(),
                })
                .collect()
        }),
    });
    let additional_config = state.additional_config.known().map(|c| AdditionalConfig {
        client_auth_method: c.client_auth_method.known().cloned(),
        validate_client_assertion_jti: c.validate_client_assertion_jti.known().copied(),
        allowed_client_assertion_verification_keys: c
            .allowed_client_assertion_verification_keys
            .known()
            .map(|keys| keys.iter().cloned().collect()),
    });
    let current_properties = current.and_then(|c| c.additional_properties.as_ref());
    let additional_properties = state.additional_properties.known().map(|properties| {
        properties
            .iter()
            .map(|(key, text)| {
                let value = match current_properties.and_then(|p| p.get(key)) {
                    Some(original)
                        if !original.is_string()
                            && serde_json::from_str::<Json>(text).ok().as_ref()
                                == Some(original) =>
                    {
                        original.clone()
                    }
                    _ => Json::String(text.clone()),
                };
                (key.clone(), value)
            })
            .collect::<Map<String, Json>>()
    });
    ApiClientConfig {
        id: current.and_then(|c| c.id.clone()),
        client_id: state.client_id.known().cloned(),
        client_name: state.client_name.known().cloned(),
        description: state.description.known().cloned(),
        client_secret: state.client_secret.known().cloned(),
        entitlements: state.entitlements.known().map(|names| {
            in_tenant_order(
                names.iter().cloned().collect(),
                current.and_then(|c| c.entitlements.as_ref()),
            )
        }),
        enabled: Some(state.enabled.known().copied().unwrap_or(true)),
        override_settings,
        additional_properties,
        ip_filter_op: ip_filter_op(&state.ip_filter_op),
        ip_filters: state.ip_filters.known().map(|filters| {
            in_tenant_order(
                filters.iter().cloned().collect(),
                current.and_then(|c| c.ip_filters.as_ref()),
            )
        }),
        jwk_uri: state.jwk_uri.known().cloned(),
        additional_config,
        // The PUT replaces the whole client: what the resource does not model goes back as the
        // tenant holds it.
        unmodeled: current
            .map(|c| c.unmodeled.writable(&[]))
            .unwrap_or_default(),
    }
}

/// The prior value when it means the same as the server's, else the server's.
pub(super) fn keep_spelling<T: Clone>(
    prior: &Tf<T>,
    server: Option<T>,
    same: impl Fn(&T, &T) -> bool,
) -> Tf<T> {
    match (prior.known(), server) {
        (Some(p), Some(s)) if same(p, &s) => Tf::Known(p.clone()),
        (_, s) => Tf::from_option(s),
    }
}

/// Optional text: an empty string from the server means unset unless the configuration said "".
pub(super) fn optional_text(prior: &Tf<String>, server: Option<String>) -> Tf<String> {
    match server {
        Some(s) if s.is_empty() && !prior.is_known() => Tf::Null,
        s => Tf::from_option(s),
    }
}

/// Optional bool whose server default stands for "unset" when the configuration left it out
/// (`server_default` is None after an import, where the value is reported as it is).
pub(super) fn optional_bool(
    prior: &Tf<bool>,
    server: Option<bool>,
    server_default: Option<bool>,
) -> Tf<bool> {
    match server {
        Some(v) if Some(v) == server_default && !prior.is_known() => Tf::Null,
        s => Tf::from_option(s),
    }
}

/// Optional set of strings: an empty list from the server means unset unless configured `[]`.
pub(super) fn optional_set(
    prior: &Tf<BTreeSet<String>>,
    server: Option<Vec<String>>,
) -> Tf<BTreeSet<String>> {
    match server {
        Some(v) if v.is_empty() && !prior.is_known() => Tf::Null,
        s => Tf::from_option(s.map(|v| v.into_iter().collect())),
    }
}

pub(super) fn ip_filters_from(
    prior: &Tf<BTreeSet<String>>,
    server: Option<Vec<String>>,
) -> Tf<BTreeSet<String>> {
    let spelled = server.map(|entries| {
        entries
            .into_iter()
            .map(|entry| {
                let net = ip_network(&entry);
                prior
                    .known()
                    .and_then(|p| {
                        p.iter()
                            .find(|candidate| net.is_some() && ip_network(candidate) == net)
                    })
                    .cloned()
                    .unwrap_or(entry)
            })
            .collect::<Vec<_>>()
    });
    optional_set(prior, spelled)
}

pub(super) fn same_url(a: &String, b: &String) -> bool {
    a == b || matches!((url::Url::parse(a), url::Url::parse(b)), (Ok(x), Ok(y)) if x == y)
}

pub(super) fn override_settings_from(
    prior: &Tf<OverrideSettingsState>,
    server: Option<OverrideSettings>,
    defaults: ServerDefaults,
) -> Tf<OverrideSettingsState> {
    let Some(server) = server else {
        return Tf::Null;
    };
    let prior_inner = prior.known().cloned().unwrap_or_default();
    let scopes = match server.scopes {
        Some(scopes) if scopes.is_empty() && !prior_inner.scopes.is_known() => Tf::Null,
        Some(mut scopes) => {
            // A list for Terraform 1.0's sake, but the order means nothing to the API: keep the
            // configured order.
            if let Some(prior_scopes) = prior_inner.scopes.known() {
                let position = |name: &Option<String>| {
                    prior_scopes
                        .iter()
                        .position(|p| p.name.known() == name.as_ref())
                        .unwrap_or(usize::MAX)
                };
                scopes.sort_by_key(|scope| position(&scope.name));
            }
            Tf::Known(
                scopes
                    .into_iter()
                    .map(|scope| {
                        let prior_scope = prior_inner
                            .scopes
                            .known()
                            .and_then(|p| p.iter().find(|s| s.name.known() == scope.name.as_ref()))
                            .cloned()
                            .unwrap_or_default();
                        ScopeState {
                            name: Tf::from_option(scope.name),
                            description: optional_text(&prior_scope.description, scope.description),
                        }
                    })
                    .collect(),
            )
        }
        None => Tf::Null,
    };
    let state = OverrideSettingsState {
        restrict_scopes: optional_bool(
            &prior_inner.restrict_scopes,
            server.restrict_scopes,
            defaults.collapse().then_some(false),
        ),
        scopes,
    };
    if state == OverrideSettingsState::default() && !prior.is_known() {
        Tf::Null
    } else {
        Tf::Known(state)
    }
}

/// The server's default authentication method, shown as null unless configured.
const DEFAULT_AUTH_METHOD: &str = "default";

/// How a read treats values a tenant may fill in by default (`false`, `"default"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ServerDefaults {
    /// A refresh: a default the configuration left out reads as null, so it never shows as a
    /// diff against a configuration that does not mention it.
    Collapse,
    /// The read after an import: there is no configuration yet, so the values are reported as
    /// the tenant holds them and a configuration spelling them out matches.
    Report,
}

impl ServerDefaults {
    fn collapse(self) -> bool {
        self == ServerDefaults::Collapse
    }
}

pub(super) fn additional_config_from(
    prior: &Tf<AdditionalConfigState>,
    server: Option<AdditionalConfig>,
    defaults: ServerDefaults,
) -> Tf<AdditionalConfigState> {
    let Some(server) = server else {
        return Tf::Null;
    };
    let prior_inner = prior.known().cloned().unwrap_or_default();
    let client_auth_method = match server.client_auth_method {
        Some(m)
            if (m.is_empty() || (defaults.collapse() && m == DEFAULT_AUTH_METHOD))
                && !prior_inner.client_auth_method.is_known() =>
        {
            Tf::Null
        }
        m => Tf::from_option(m),
    };
    let state = AdditionalConfigState {
        client_auth_method,
        validate_client_assertion_jti: optional_bool(
            &prior_inner.validate_client_assertion_jti,
            server.validate_client_assertion_jti,
            defaults.collapse().then_some(false),
        ),
        allowed_client_assertion_verification_keys: optional_set(
            &prior_inner.allowed_client_assertion_verification_keys,
            server.allowed_client_assertion_verification_keys,
        ),
    };
    if state == AdditionalConfigState::default() && !prior.is_known() {
        Tf::Null
    } else {
        Tf::Known(state)
    }
}

pub(super) fn additional_properties_from(
    prior: &Tf<BTreeMap<String, String>>,
    server: Option<Map<String, Json>>,
) -> Tf<BTreeMap<String, String>> {
    match server {
        Some(map) if map.is_empty() && !prior.is_known() => Tf::Null,
        Some(map) => Tf::Known(
            map.into_iter()
                .map(|(key, value)| {
                    let text = match value {
                        Json::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, text)
                })
                .collect(),
        ),
        None => Tf::Null,
    }
}

/// The state for the tenant's object `server` under `key`; `prior` (prior state, or the plan on
/// create and update) supplies the configured spelling and what the API does not return.
pub(crate) fn state_from_remote(
    key: &str,
    server: ApiClientConfig,
    prior: &ApiClientState,
) -> ApiClientState {
    // client_name is required, so only the state an import builds lacks it.
    let defaults = if prior.client_name.is_null() {
        ServerDefaults::Report
    } else {
        ServerDefaults::Collapse
    };
    let client_secret = match server.client_secret {
        Some(secret) if !secret.is_empty() => Tf::Known(secret),
        // A projection may hide it; what was known stays.
        _ => prior
            .client_secret
            .known()
            .cloned()
            .map_or(Tf::Null, Tf::Known),
    };
    // A write-only secret never lands in state.
    let client_secret = if write_only::in_use(&prior.client_secret_wo_version) {
        Tf::Null
    } else {
        client_secret
    };
    ApiClientState {
        // The framework keeps the configuration's block in every state it answers with.
        timeouts: Tf::Null,
        client_secret_wo: Tf::Null,
        client_secret_wo_version: prior.client_secret_wo_version.clone(),
        id: Tf::Known(key.to_owned()),
        client_name: Tf::from_option(
            server
                .client_name
                .or_else(|| prior.client_name.known().cloned()),
        ),
        entitlements: Tf::Known(
            server
                .entitlements
                .unwrap_or_default()
                .into_iter()
                .collect(),
        ),
        enabled: Tf::Known(
            server
                .enabled
                .or_else(|| prior.enabled.known().copied())
                .unwrap_or(true),
        ),
        description: optional_text(&prior.description, server.description),
        client_id: Tf::from_option(
            server
                .client_id
                .or_else(|| prior.client_id.known().cloned()),
        ),
        client_secret,
        rotate_after: prior.rotate_after.clone(),
        // Set by create and update when a secret is issued; the tenant does not tell it.
        secret_issued_at: prior
            .secret_issued_at
            .known()
            .cloned()
            .map_or(Tf::Null, Tf::Known),
        secret_version: match &prior.secret_version {
            Tf::Known(v) => Tf::Known(*v),
            _ => Tf::Null,
        },
        ip_filter_op: Tf::from_option(server.ip_filter_op.map(|op| {
            match op {
                IpFilterOp::Allow => "allow",
                IpFilterOp::Deny => "deny",
            }
            .to_owned()
        })),
        ip_filters: ip_filters_from(&prior.ip_filters, server.ip_filters),
        jwk_uri: keep_spelling(
            &prior.jwk_uri,
            server
                .jwk_uri
                .filter(|uri| !uri.is_empty() || prior.jwk_uri.is_known()),
            same_url,
        ),
        override_settings: override_settings_from(
            &prior.override_settings,
            server.override_settings,
            defaults,
        ),
        additional_config: additional_config_from(
            &prior.additional_config,
            server.additional_config,
            defaults,
        ),
        additional_properties: additional_properties_from(
            &prior.additional_properties,
            server.additional_properties,
        ),
    }
}
