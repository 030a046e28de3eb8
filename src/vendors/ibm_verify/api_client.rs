//! `apiclients_ibm_verify_api_client`: a privileged API client of IBM Security Verify
//! (`/v1.0/apiclients`), with its generated client ID and secret.
//!
//! The vendor API shapes the lifecycle:
//! - create answers 201 with an empty body; the key, client ID and secret come from a GET of the
//!   `Location` header, so the key is recorded as partial state before that GET;
//! - a PUT without `clientSecret` generates a new secret, so every update sends the current one
//!   and omits it only when `secret_version` asks for a rotation;
//! - DELETE succeeds even for a missing client, so drift is detected by GET (404) and delete is
//!   confirmed by the client layer.
//!
//! Read keeps the configured spelling where the server may normalise (IP filters, URLs, empty
//! strings and server defaults standing for "unset"), so an apply is never followed by a diff.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use async_trait::async_trait;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use tokio_util::sync::CancellationToken;

use crate::handle::ProviderHandle;
use crate::http::Vendor;
use crate::vendors::ibm_verify::api::{
    AdditionalConfig, ApiClientConfig, ApiClientScope, IbmVerifyClient, IpFilterOp,
    OverrideSettings,
};
use crate::vendors::ibm_verify::entitlements;
use tfplugin::{
    Attribute, AttributePath, Block, Context, Diagnostic, Diagnostics, PlanChange, Resource,
    Schema, Sensitive, Tf, Type, Validator,
};

/// What the resource's description says, as the documentation page's intro.
const DESCRIPTION: &str = r#"Manages a privileged **API client** of IBM Security Verify (`/v1.0/apiclients`): a
client_credentials client holding a set of entitlements, for automation that calls the Verify
admin APIs.

The tenant generates the client ID and the client secret unless you set them. Both are read back
after the create (the API answers only with a `Location`) and exported as `client_id` and
`client_secret` (sensitive). Every entitlement is checked against IBM's published catalogue at
plan time; the data source `apiclients_ibm_verify_entitlements` lists it.

## Secret rotation

IBM Verify generates a new secret whenever an update omits it. This resource always sends the
current secret, so an update (entitlements, description, ...) never rotates it by accident.
To rotate on purpose, change `secret_version` (any number, e.g. increment it): the plan shows
`client_secret` as known after apply, the update asks the tenant for a new secret, and the new
secret lands in state. Setting `secret_version` for the first time (from null) also rotates;
removing it does not. When you manage `client_secret` yourself, changing its value updates it in
place and `secret_version` has no effect.

## Import

Import with the client's key (the last segment of the `Location` of its creation, the `id` of the
list API) or with its client ID. After an import `secret_version` is null: leave it out of the
configuration, or set it only when you mean to rotate the secret. Terraform 1.5+ `import` blocks
and `terraform plan -generate-config-out` work too; the generated configuration writes
`client_secret = null` (sensitive values are not generated), which keeps the imported secret."#;

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
}

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

/// Failures of the resource's own logic (HTTP failures convert from `HttpError`).
#[derive(Debug, thiserror::Error)]
pub enum ApiClientError {
    #[error(
        "the state has no id for this API client; remove it from state (terraform state rm) and import it again"
    )]
    MissingId,
    #[error(
        "the API client {key} was created, but a GET of it answers 404; it may have been deleted meanwhile. Run terraform apply again"
    )]
    VanishedAfterCreate { key: String },
    #[error(
        "the API client {key} no longer exists (deleted outside Terraform). Run terraform plan again: it will plan to create it"
    )]
    Gone { key: String },
    #[error(
        "the outcome of creating the API client {name:?} is unknown and several existing clients match it ({keys}); none was adopted. Import the right one with terraform import, or delete the extra ones"
    )]
    AmbiguousCreate { name: String, keys: String },
    #[error(
        "the API client {name:?} seems to exist after an uncertain create, but the list API gives no id for it; import it with terraform import"
    )]
    AdoptedWithoutId { name: String },
    #[error(
        "no API client has the key or client ID {0:?}: import with the key (the last segment of the Location of its creation) or the client ID"
    )]
    NotFoundForImport(String),
}

impl From<ApiClientError> for Diagnostic {
    fn from(err: ApiClientError) -> Diagnostic {
        let summary = match &err {
            ApiClientError::MissingId => "IBM Verify API client without id",
            ApiClientError::VanishedAfterCreate { .. } => "IBM Verify API client vanished",
            ApiClientError::Gone { .. } => "IBM Verify API client deleted outside Terraform",
            ApiClientError::AmbiguousCreate { .. } | ApiClientError::AdoptedWithoutId { .. } => {
                "Uncertain create of an IBM Verify API client"
            }
            ApiClientError::NotFoundForImport(_) => "Cannot import the IBM Verify API client",
        };
        Diagnostic::error(summary, err.to_string())
    }
}

/// The `apiclients_ibm_verify_api_client` resource.
#[derive(Debug)]
pub struct IbmVerifyApiClientResource {
    handle: ProviderHandle,
}

impl IbmVerifyApiClientResource {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

// ---------------------------------------------------------------------------------------------
// Schema

fn schema() -> Schema {
    Schema::new(
        Block::new()
            .markdown_description(DESCRIPTION)
            .attribute(
                Attribute::string("id")
                    .computed()
                    .use_state_for_unknown()
                    .description("The client's key in the API (the last segment of the Location of its creation); the import ID."),
            )
            .attribute(
                Attribute::string("client_name")
                    .required()
                    .description("Display name of the API client.")
                    .validate(Validator::non_empty()),
            )
            .attribute(
                Attribute::set("entitlements", Type::String)
                    .required()
                    .markdown_description("Entitlements of the client, such as `manageAPIClients` or `readUserGroups`: at least one, each from IBM's catalogue (see the `apiclients_ibm_verify_entitlements` data source). Checked at plan time; a misspelt name gets the closest valid names."),
            )
            .attribute(
                Attribute::bool("enabled")
                    .default(true)
                    .description("Whether the client may obtain tokens. Default true."),
            )
            .attribute(Attribute::string("description").optional().description("Free-text description."))
            .attribute(
                Attribute::string("client_id")
                    .optional()
                    .computed()
                    .requires_replace()
                    .use_state_for_unknown()
                    .description("The OAuth client ID. Generated by the tenant when left out; it cannot change, so a new value replaces the client.")
                    .validate(Validator::non_empty()),
            )
            .attribute(
                Attribute::string("client_secret")
                    .optional()
                    .computed()
                    .sensitive()
                    .use_state_for_unknown()
                    .markdown_description("The client secret. Generated by the tenant when left out; changing a configured value updates it in place. To have the tenant generate a new one, change `secret_version`.")
                    .validate(Validator::non_empty()),
            )
            .attribute(
                Attribute::number("secret_version")
                    .optional()
                    .markdown_description("Change this number (e.g. increment it) to rotate a generated `client_secret`: the update asks the tenant for a new secret. Setting it for the first time rotates too; removing it does not. Ignored when `client_secret` is set. Null after an import."),
            )
            .attribute(
                Attribute::string("ip_filter_op")
                    .optional()
                    .markdown_description("`allow` (only `ip_filters` may use the client) or `deny` (they may not). Requires `ip_filters`; leave both out to disable the IP filter.")
                    .validate(Validator::one_of(&["allow", "deny"])),
            )
            .attribute(
                Attribute::set("ip_filters", Type::String)
                    .optional()
                    .markdown_description("IP addresses or CIDR blocks the filter applies to, such as `10.0.0.0/8`. Requires `ip_filter_op`."),
            )
            .attribute(
                Attribute::string("jwk_uri")
                    .optional()
                    .description("URL of the JWKS holding the keys of the client's signed client assertions.")
                    .validate(Validator::url()),
            )
            .attribute(
                Attribute::single_nested(
                    "override_settings",
                    vec![
                        Attribute::bool("restrict_scopes")
                            .optional()
                            .markdown_description("Whether the client's tokens are limited to `scopes`."),
                        Attribute::list_nested(
                            "scopes",
                            vec![
                                Attribute::string("name")
                                    .required()
                                    .description("Scope name.")
                                    .validate(Validator::non_empty()),
                                Attribute::string("description")
                                    .optional()
                                    .description("Scope description."),
                            ],
                        )
                        .optional()
                        .description("The scopes the client may request; their order does not matter to the API."),
                    ],
                )
                // Optional + computed because Terraform 1.0 crashes planning an optional-only
                // single nested attribute without a prior value; use_state_for_unknown keeps the
                // plan quiet.
                .optional()
                .computed()
                .use_state_for_unknown()
                .markdown_description("Scope override settings (APIClientOverrideSettings). Leaving it out keeps what the tenant holds; set it to `{}` to clear it."),
            )
            .attribute(
                Attribute::single_nested(
                    "additional_config",
                    vec![
                        Attribute::string("client_auth_method")
                            .optional()
                            .markdown_description("Client authentication method at the token endpoint, such as `default`."),
                        Attribute::bool("validate_client_assertion_jti")
                            .optional()
                            .description("Whether the jti of client assertions is checked against replay."),
                        Attribute::set("allowed_client_assertion_verification_keys", Type::String)
                            .optional()
                            .description("Names of the keys allowed to verify client assertions."),
                    ],
                )
                .optional()
                .computed()
                .use_state_for_unknown()
                .markdown_description("Additional client configuration (APIClientAdditionalConfig). Leaving it out keeps what the tenant holds; set it to `{}` to clear it."),
            )
            .attribute(
                Attribute::map("additional_properties", Type::String)
                    .optional()
                    .markdown_description("The API's free-form `additionalProperties` object, as a map of strings. A property the tenant holds as a non-string JSON value (number, object, ...) appears as its JSON text, such as `\"42\"` or `\"{\\\"a\\\":1}\"`, and is sent back with its original type as long as the text still parses to the same JSON value; any other value is sent as a string."),
            ),
    )
}

// ---------------------------------------------------------------------------------------------
// Validation

/// Plan-time checks of the entitlements: at least one, each from the catalogue.
fn check_entitlements(entitlements: &Tf<BTreeSet<String>>, diags: &mut Diagnostics) {
    let Some(names) = entitlements.known() else {
        return;
    };
    let path = AttributePath::root("entitlements");
    if names.is_empty() {
        diags.push(
            Diagnostic::error(
                "No entitlements",
                "entitlements is empty, but an IBM Verify API client needs at least one entitlement, such as \"readUserGroups\". The data source apiclients_ibm_verify_entitlements lists them.",
            )
            .at(path.clone()),
        );
        return;
    }
    for name in names {
        if entitlements::lookup(name).is_some() {
            continue;
        }
        let suggestions = entitlements::closest(name);
        let hint = if suggestions.is_empty() {
            "No entitlement has a similar name; the data source apiclients_ibm_verify_entitlements lists them all.".to_owned()
        } else {
            format!(
                "Did you mean {}?",
                suggestions
                    .iter()
                    .map(|s| format!("{s:?}"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        };
        diags.push(
            Diagnostic::error(
                "Unknown IBM Verify entitlement",
                format!("{name:?} is not an IBM Security Verify entitlement (names are case-sensitive). {hint}"),
            )
            .at(path.clone()),
        );
    }
}

/// The network an `ip_filters` entry stands for, so `10.0.0.1` and `10.0.0.1/32` compare equal.
fn ip_network(text: &str) -> Option<IpNet> {
    text.parse::<IpNet>()
        .map(|net| net.trunc())
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

fn check_ip_filters(config: &ApiClientState, diags: &mut Diagnostics) {
    if let Some(filters) = config.ip_filters.known() {
        for entry in filters {
            if ip_network(entry).is_none() {
                diags.push(
                    Diagnostic::error(
                        "Invalid IP filter",
                        format!("ip_filters contains {entry:?}, which is neither an IP address (\"192.0.2.1\", \"2001:db8::1\") nor a CIDR block (\"192.0.2.0/24\")."),
                    )
                    .at(AttributePath::root("ip_filters")),
                );
            }
        }
    }
    match (&config.ip_filter_op, &config.ip_filters) {
        (Tf::Known(op), Tf::Null) => diags.push(
            Diagnostic::error(
                "ip_filter_op without ip_filters",
                format!("ip_filter_op is {op:?}, but ip_filters is not set. List the addresses or CIDR blocks in ip_filters, or remove ip_filter_op to disable the IP filter."),
            )
            .at(AttributePath::root("ip_filters")),
        ),
        (Tf::Null, Tf::Known(_)) => diags.push(
            Diagnostic::error(
                "ip_filters without ip_filter_op",
                "ip_filters is set, but ip_filter_op is not. Set ip_filter_op to \"allow\" or \"deny\", or remove ip_filters.",
            )
            .at(AttributePath::root("ip_filter_op")),
        ),
        (Tf::Known(_), Tf::Known(filters)) if filters.is_empty() => diags.push(
            Diagnostic::error(
                "Empty ip_filters",
                "ip_filter_op is set but ip_filters is empty. List at least one address or CIDR block, or remove both to disable the IP filter.",
            )
            .at(AttributePath::root("ip_filters")),
        ),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// State <-> API

/// Whether this update should let the tenant generate a new secret: the plan left
/// `client_secret` unknown (only `modify_plan` does that, for `secret_version`) and the version
/// really changed (it may have been unknown at plan time).
fn rotation_requested(prior: &ApiClientState, planned: &ApiClientState) -> bool {
    planned.client_secret.is_unknown()
        && planned.secret_version.known().is_some()
        && planned.secret_version != prior.secret_version
}

fn ip_filter_op(op: &Tf<String>) -> Option<IpFilterOp> {
    match op.as_str() {
        Some("allow") => Some(IpFilterOp::Allow),
        Some("deny") => Some(IpFilterOp::Deny),
        _ => None,
    }
}

/// The API body for `state`. `current` is the object as the tenant holds it (on update), used to
/// send `additional_properties` back with their original JSON types.
fn to_config(state: &ApiClientState, current: Option<&ApiClientConfig>) -> ApiClientConfig {
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
        entitlements: state
            .entitlements
            .known()
            .map(|names| names.iter().cloned().collect()),
        enabled: Some(state.enabled.known().copied().unwrap_or(true)),
        override_settings,
        additional_properties,
        ip_filter_op: ip_filter_op(&state.ip_filter_op),
        ip_filters: state
            .ip_filters
            .known()
            .map(|filters| filters.iter().cloned().collect()),
        jwk_uri: state.jwk_uri.known().cloned(),
        additional_config,
    }
}

/// The prior value when it means the same as the server's, else the server's.
fn keep_spelling<T: Clone>(
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
fn optional_text(prior: &Tf<String>, server: Option<String>) -> Tf<String> {
    match server {
        Some(s) if s.is_empty() && !prior.is_known() => Tf::Null,
        s => Tf::from_option(s),
    }
}

/// Optional bool whose server default stands for "unset" when the configuration left it out
/// (`server_default` is None after an import, where the value is reported as it is).
fn optional_bool(prior: &Tf<bool>, server: Option<bool>, server_default: Option<bool>) -> Tf<bool> {
    match server {
        Some(v) if Some(v) == server_default && !prior.is_known() => Tf::Null,
        s => Tf::from_option(s),
    }
}

/// Optional set of strings: an empty list from the server means unset unless configured `[]`.
fn optional_set(prior: &Tf<BTreeSet<String>>, server: Option<Vec<String>>) -> Tf<BTreeSet<String>> {
    match server {
        Some(v) if v.is_empty() && !prior.is_known() => Tf::Null,
        s => Tf::from_option(s.map(|v| v.into_iter().collect())),
    }
}

fn ip_filters_from(
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

fn same_url(a: &String, b: &String) -> bool {
    a == b || matches!((url::Url::parse(a), url::Url::parse(b)), (Ok(x), Ok(y)) if x == y)
}

fn override_settings_from(
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
enum ServerDefaults {
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

fn additional_config_from(
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

fn additional_properties_from(
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
fn from_server(key: &str, server: ApiClientConfig, prior: &ApiClientState) -> ApiClientState {
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
    ApiClientState {
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

/// Whether `candidate` (found by name after an uncertain create) is the client `sent` describes.
fn matches_sent(candidate: &ApiClientConfig, sent: &ApiClientConfig) -> bool {
    let as_set = |names: &Option<Vec<String>>| -> BTreeSet<String> {
        names.iter().flatten().cloned().collect()
    };
    as_set(&candidate.entitlements) == as_set(&sent.entitlements)
        && (sent.client_id.is_none() || candidate.client_id == sent.client_id)
        && candidate.enabled.unwrap_or(true) == sent.enabled.unwrap_or(true)
        && candidate.description.as_deref().unwrap_or_default()
            == sent.description.as_deref().unwrap_or_default()
}

/// What to do after a create whose outcome is unknown (the request may or may not have reached
/// the tenant), given the clients of that name that match what was sent.
#[derive(Debug, PartialEq)]
enum Recovery {
    /// Exactly one matches: it is ours.
    Adopt(String),
    /// None: the create did not happen; send it again (once).
    Retry,
}

fn decide_recovery(
    name: &str,
    sent: &ApiClientConfig,
    found: &[ApiClientConfig],
) -> Result<Recovery, ApiClientError> {
    let matching: Vec<&ApiClientConfig> = found.iter().filter(|c| matches_sent(c, sent)).collect();
    match matching.as_slice() {
        [] => Ok(Recovery::Retry),
        [one] => {
            one.id
                .clone()
                .map(Recovery::Adopt)
                .ok_or_else(|| ApiClientError::AdoptedWithoutId {
                    name: name.to_owned(),
                })
        }
        many => Err(ApiClientError::AmbiguousCreate {
            name: name.to_owned(),
            keys: many
                .iter()
                .map(|c| c.id.clone().unwrap_or_else(|| "(no id)".into()))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

impl IbmVerifyApiClientResource {
    /// POST; after an ambiguous failure, looks the client up by name before deciding, so that a
    /// create that did reach the tenant is adopted rather than duplicated.
    async fn create_remote(
        &self,
        client: &IbmVerifyClient,
        body: &ApiClientConfig,
        cancel: &CancellationToken,
    ) -> Result<String, Diagnostics> {
        match client.create(body, cancel).await {
            Ok(key) => Ok(key),
            Err(err) if err.is_ambiguous() => {
                let name = body.client_name.clone().unwrap_or_default();
                tracing::warn!(client_name = %name, "uncertain create of an IBM Verify API client; looking it up by name");
                let found = client.find_by_name(&name, cancel).await?;
                match decide_recovery(&name, body, &found)? {
                    Recovery::Adopt(key) => {
                        tracing::info!(key = %key, "adopting the API client the uncertain create made");
                        Ok(key)
                    }
                    Recovery::Retry => Ok(client.create(body, cancel).await?),
                }
            }
            Err(err) => Err(err.into()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Resource

#[async_trait]
impl Resource for IbmVerifyApiClientResource {
    type State = ApiClientState;

    fn type_name(&self) -> &'static str {
        "ibm_verify_api_client"
    }

    fn schema(&self) -> Schema {
        schema()
    }

    fn validate(&self, config: &ApiClientState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        check_entitlements(&config.entitlements, &mut diags);
        check_ip_filters(config, &mut diags);
        if config.client_secret.is_known() && config.secret_version.is_known() {
            diags.push(
                Diagnostic::warning(
                    "secret_version has no effect",
                    "client_secret is set in the configuration, so the secret is the one you give; secret_version only rotates a generated secret. Change client_secret to rotate it, or remove client_secret.",
                )
                .at(AttributePath::root("secret_version")),
            );
        }
        diags
    }

    async fn modify_plan(
        &self,
        ctx: &Context,
        change: &mut PlanChange<ApiClientState>,
    ) -> Result<(), Diagnostics> {
        self.handle.check_configured(Vendor::IbmVerify)?;
        // Values unknown at validation time (from other resources) are checked once known.
        let mut diags = Diagnostics::new();
        check_entitlements(&change.config.entitlements, &mut diags);
        check_ip_filters(&change.config, &mut diags);
        if diags.0.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        let Some(prior) = &change.prior else {
            return Ok(());
        };
        let version_changes = match &change.config.secret_version {
            Tf::Known(v) => prior.secret_version.known() != Some(v),
            Tf::Unknown => true,
            Tf::Null => false,
        };
        if change.config.client_secret.is_null() && version_changes {
            change.planned.client_secret = Tf::Unknown;
            ctx.warn(Diagnostic::warning(
                "The client secret will be rotated",
                "secret_version changed, so the update asks IBM Security Verify for a new client secret; the old secret stops working. Update whatever uses it after the apply.",
            ).at(AttributePath::root("secret_version")));
        }
        Ok(())
    }

    async fn read(
        &self,
        ctx: &Context,
        state: ApiClientState,
    ) -> Result<Option<ApiClientState>, Diagnostics> {
        let Some(key) = state.id.as_str() else {
            return Err(Diagnostic::from(ApiClientError::MissingId).into());
        };
        let client = self.handle.ibm_verify()?;
        let cancel = ctx.cancellation();
        // A listed client shows every field a GET does (the secret included).
        let (found, _) = client
            .reads()
            .read(
                "",
                key,
                |page| client.list_page(page, cancel),
                |listed| Some(listed.clone()),
                || client.get(key, cancel),
            )
            .await?;
        match found {
            Some(server) => Ok(Some(from_server(key, server, &state))),
            None => {
                tracing::info!(key = %key, "IBM Verify API client is gone; removing it from state");
                Ok(None)
            }
        }
    }

    async fn create(
        &self,
        ctx: &Context,
        planned: ApiClientState,
        _config: ApiClientState,
    ) -> Result<ApiClientState, Diagnostics> {
        let client = self.handle.ibm_verify()?;
        let cancel = ctx.cancellation();
        let body = to_config(&planned, None);
        let key = self.create_remote(&client, &body, cancel).await?;
        // It exists now: should anything below fail, Terraform must still know about it.
        ctx.record_partial_state(&ApiClientState {
            id: Tf::Known(key.clone()),
            ..planned.clone()
        });
        // Kept: the POST answers 201 with an empty body, so the generated client ID and secret
        // are only seen by reading.
        let server = client
            .get(&key, cancel)
            .await?
            .ok_or(ApiClientError::VanishedAfterCreate { key: key.clone() })
            .map_err(Diagnostic::from)?;
        Ok(from_server(&key, server, &planned))
    }

    async fn update(
        &self,
        ctx: &Context,
        prior: ApiClientState,
        planned: ApiClientState,
        _config: ApiClientState,
    ) -> Result<ApiClientState, Diagnostics> {
        let Some(key) = prior.id.as_str() else {
            return Err(Diagnostic::from(ApiClientError::MissingId).into());
        };
        let client = self.handle.ibm_verify()?;
        let cancel = ctx.cancellation();
        // Kept: the PUT is a full replace, so what the tenant holds (the secret when the state
        // has none, additional properties) must be sent back as it is now.
        let current = client
            .get(key, cancel)
            .await?
            .ok_or_else(|| ApiClientError::Gone {
                key: key.to_owned(),
            })
            .map_err(Diagnostic::from)?;
        let mut body = to_config(&planned, Some(&current));
        if rotation_requested(&prior, &planned) {
            // IBM documents that a PUT without clientSecret generates a new one.
            body.client_secret = None;
        } else if body.client_secret.is_none() {
            // Never rotate by accident: send what the tenant holds now.
            body.client_secret = prior
                .client_secret
                .known()
                .cloned()
                .or(current.client_secret.clone());
        }
        client.update(key, &body, cancel).await?;
        // Kept: the PUT answers 204 without a body; a rotated secret and the tenant's
        // normalisation are only seen by reading.
        let server = client
            .get(key, cancel)
            .await?
            .ok_or_else(|| ApiClientError::Gone {
                key: key.to_owned(),
            })
            .map_err(Diagnostic::from)?;
        Ok(from_server(key, server, &planned))
    }

    async fn delete(&self, ctx: &Context, prior: ApiClientState) -> Result<(), Diagnostics> {
        let Some(key) = prior.id.as_str() else {
            return Ok(());
        };
        let client = self.handle.ibm_verify()?;
        client.delete(key, ctx.cancellation()).await?;
        Ok(())
    }

    async fn import(&self, ctx: &Context, id: &str) -> Result<ApiClientState, Diagnostics> {
        let client = self.handle.ibm_verify()?;
        let cancel = ctx.cancellation();
        let key = match client.get(id, cancel).await? {
            Some(_) => id.to_owned(),
            None => client
                .find_by_client_id(id, cancel)
                .await?
                .and_then(|found| found.id)
                .ok_or_else(|| ApiClientError::NotFoundForImport(id.to_owned()))
                .map_err(Diagnostic::from)?,
        };
        Ok(ApiClientState {
            id: Tf::Known(key),
            ..ApiClientState::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entitlement_errors(names: &[&str]) -> Vec<Diagnostic> {
        let mut diags = Diagnostics::new();
        check_entitlements(
            &Tf::Known(names.iter().map(|s| s.to_string()).collect()),
            &mut diags,
        );
        diags.0
    }

    #[test]
    fn unknown_entitlement_names_it_and_suggests() {
        let errors = entitlement_errors(&["readUserGroup", "manageAPIClients"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].detail.contains("\"readUserGroup\""));
        assert!(errors[0].detail.contains("\"readUserGroups\""));
        assert_eq!(errors[0].path, Some(AttributePath::root("entitlements")));
        assert_eq!(entitlement_errors(&[]).len(), 1);
        assert!(entitlement_errors(&["readAPIClients"]).is_empty());
    }

    #[test]
    fn ip_filter_rules() {
        let mut config = ApiClientState {
            ip_filter_op: Tf::Known("allow".into()),
            ip_filters: Tf::Known(["10.0.0.0/8".to_string(), "10.0.0.300/8".into()].into()),
            ..Default::default()
        };
        let mut diags = Diagnostics::new();
        check_ip_filters(&config, &mut diags);
        assert_eq!(diags.0.len(), 1);
        assert!(diags.0[0].detail.contains("10.0.0.300/8"));
        config.ip_filter_op = Tf::Null;
        config.ip_filters = Tf::Known(["192.0.2.1".to_string()].into());
        let mut diags = Diagnostics::new();
        check_ip_filters(&config, &mut diags);
        assert_eq!(diags.0.len(), 1);
        assert_eq!(diags.0[0].path, Some(AttributePath::root("ip_filter_op")));
    }

    #[test]
    fn read_keeps_configured_spelling_and_nulls_server_defaults() {
        let prior = ApiClientState {
            client_name: Tf::Known("n".into()),
            ip_filters: Tf::Known(["10.1.2.3".to_string(), "10.0.0.0/8".into()].into()),
            jwk_uri: Tf::Known("https://keys.example.com".into()),
            ..Default::default()
        };
        let server = ApiClientConfig {
            client_name: Some("n".into()),
            entitlements: Some(vec!["readAPIClients".into()]),
            description: Some(String::new()),
            ip_filters: Some(vec!["10.1.2.3/32".into(), "10.0.0.0/8".into()]),
            jwk_uri: Some("https://keys.example.com/".into()),
            override_settings: Some(OverrideSettings {
                restrict_scopes: Some(false),
                scopes: Some(vec![]),
            }),
            additional_config: Some(AdditionalConfig {
                client_auth_method: Some("default".into()),
                ..Default::default()
            }),
            additional_properties: Some(Map::from_iter([("n".to_string(), Json::from(42))])),
            ..Default::default()
        };
        // After an import there is no configuration to match yet: defaults are reported.
        let imported = from_server("k", server.clone(), &ApiClientState::default());
        assert!(imported.additional_config.is_known());
        assert!(imported.override_settings.is_known());
        let state = from_server("k", server, &prior);
        assert_eq!(state.ip_filters, prior.ip_filters);
        assert_eq!(state.jwk_uri, prior.jwk_uri);
        assert_eq!(state.description, Tf::Null);
        assert_eq!(state.override_settings, Tf::Null);
        assert_eq!(state.additional_config, Tf::Null);
        let properties = state.additional_properties.known().unwrap();
        assert_eq!(properties["n"], "42");
        // ... and "42" goes back as the number it was.
        let current = ApiClientConfig {
            additional_properties: Some(Map::from_iter([("n".to_string(), Json::from(42))])),
            ..Default::default()
        };
        let body = to_config(&state, Some(&current));
        assert_eq!(body.additional_properties.unwrap()["n"], Json::from(42));
    }

    #[test]
    fn uncertain_create_adopts_only_a_matching_client() {
        let sent = ApiClientConfig {
            client_name: Some("job".into()),
            entitlements: Some(vec!["readAPIClients".into()]),
            enabled: Some(true),
            ..Default::default()
        };
        let ours = ApiClientConfig {
            id: Some("k1".into()),
            client_id: Some("generated".into()),
            ..sent.clone()
        };
        let other = ApiClientConfig {
            id: Some("k0".into()),
            entitlements: Some(vec!["manageAPIClients".into()]),
            ..sent.clone()
        };
        assert_eq!(
            decide_recovery("job", &sent, &[other.clone(), ours.clone()]).unwrap(),
            Recovery::Adopt("k1".into())
        );
        assert_eq!(
            decide_recovery("job", &sent, std::slice::from_ref(&other)).unwrap(),
            Recovery::Retry
        );
        assert!(matches!(
            decide_recovery("job", &sent, &[ours.clone(), ours]),
            Err(ApiClientError::AmbiguousCreate { .. })
        ));
    }

    #[test]
    fn rotation_only_when_the_version_changed() {
        let prior = ApiClientState {
            secret_version: Tf::Known(1),
            client_secret: Tf::Known("s".into()),
            ..Default::default()
        };
        let mut planned = ApiClientState {
            secret_version: Tf::Known(2),
            client_secret: Tf::Unknown,
            ..Default::default()
        };
        assert!(rotation_requested(&prior, &planned));
        planned.secret_version = Tf::Known(1);
        assert!(!rotation_requested(&prior, &planned));
        assert!(!format!("{prior:?}").contains("\"s\""));
    }
}
