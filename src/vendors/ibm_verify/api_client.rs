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
use tokio_util::sync::CancellationToken;

use crate::handle::ProviderHandle;
use crate::http::recovery::{Outcome, Recoverable, create_with_recovery};
use crate::http::{HttpError, Vendor};
use crate::vendors::create::{ambiguous_create, lost_secret};
use crate::vendors::ibm_verify::api::{ApiClientConfig, IbmVerifyClient};
use crate::vendors::ibm_verify::entitlements;
use crate::vendors::write_only;

use super::api_client_mapping::*;
use tfplugin::IdentitySchema;
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
secret lands in state. Setting `secret_version` for the first time (from null, e.g. after an
import) only records the number and does not rotate; removing it does not rotate either. When you manage `client_secret` yourself, changing its value updates it in
place and `secret_version` has no effect.

## Import

Import with the client's key (the last segment of the `Location` of its creation, the `id` of the
list API) or with its client ID. After an import `secret_version` is null; a configuration that
already sets it records the number on the next apply without rotating the secret. Terraform 1.5+ `import` blocks
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
    pub client_secret_wo: Tf<Sensitive<String>>,
    pub client_secret_wo_version: Tf<i64>,
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
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
            .block(tfplugin::timeouts::block())
            .markdown_description(crate::vendors::write_only::with_secret_in_state(
                    DESCRIPTION,
                    crate::vendors::write_only::SecretSource::VendorOrUser,
                ))
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
                    .markdown_description("Change this number (e.g. increment it) to rotate a generated `client_secret`: the update asks the tenant for a new secret. Setting it for the first time (from null, e.g. after an import) only records the number, and removing it does not rotate. Ignored when `client_secret` is set. Null after an import."),
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
            )
            .attribute(write_only::secret_attribute())
            .attribute(write_only::version_attribute()),
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
pub(super) fn ip_network(text: &str) -> Option<IpNet> {
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

/// The create of one IBM Verify API client, for [`create_with_recovery`]. IBM shows the secret on
/// every GET, so a recovered client is as good as an answered create.
struct CreateClient<'a> {
    client: &'a IbmVerifyClient,
    body: &'a ApiClientConfig,
}

#[async_trait]
impl Recoverable for CreateClient<'_> {
    type Created = String;
    type Listed = ApiClientConfig;
    type Id = String;

    async fn create(&self, cancel: &CancellationToken) -> Result<String, HttpError> {
        self.client.create(self.body, cancel).await
    }

    async fn candidates(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Vec<ApiClientConfig>, HttpError> {
        let name = self.body.client_name.as_deref().unwrap_or_default();
        self.client.find_by_name(name, cancel).await
    }

    fn id(&self, listed: &ApiClientConfig) -> String {
        listed.id.clone().unwrap_or_default()
    }

    fn matches(&self, listed: &ApiClientConfig) -> bool {
        listed.id.is_some() && matches_sent(listed, self.body)
    }
}

impl IbmVerifyApiClientResource {
    /// POST through [`create_with_recovery`], so that a create that did reach the tenant is found
    /// rather than duplicated, and a same-name client that existed before is never adopted.
    async fn create_remote(
        &self,
        client: &IbmVerifyClient,
        body: &ApiClientConfig,
        cancel: &CancellationToken,
    ) -> Result<String, Diagnostics> {
        let create = CreateClient { client, body };
        let max_retries = client.rest().transport().policy().max_retries;
        let name = body.client_name.as_deref().unwrap_or_default();
        match create_with_recovery(&create, max_retries, cancel).await? {
            Outcome::Created(key) => Ok(key),
            Outcome::Recovered(found) => Ok(create.id(&found)),
            // Not reachable (the secret is readable later); reported rather than assumed.
            Outcome::LostSecret(key) => {
                Err(lost_secret("IBM Verify API client", name, &key).into())
            }
            Outcome::Ambiguous(keys) => {
                Err(ambiguous_create("IBM Verify API client", name, &keys).into())
            }
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
        diags.extend(write_only::check(
            &config.client_secret,
            &config.secret_version,
            &config.client_secret_wo,
            &config.client_secret_wo_version,
        ));
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
        self.handle.check_configured(Vendor::IbmVerify, ctx).await?;
        if write_only::in_use(&change.config.client_secret_wo_version) {
            // The secret is the write-only one: never in plan or state.
            change.planned.client_secret = Tf::Null;
        }
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
        // Only a change from one number to another rotates: setting it from null (the first
        // time, or after an import) records the number, and removing it does nothing.
        let version_changes = match (prior.secret_version.known(), &change.config.secret_version) {
            (Some(before), Tf::Known(v)) => before != v,
            (Some(_), Tf::Unknown) => true,
            _ => false,
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
        config: ApiClientState,
    ) -> Result<ApiClientState, Diagnostics> {
        let client = self.handle.ibm_verify()?;
        let cancel = ctx.cancellation();
        let mut body = to_config(&planned, None);
        if let Some(secret) = config.client_secret_wo.known() {
            body.client_secret = Some(secret.clone());
        }
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
        config: ApiClientState,
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
        if let Some(secret) = write_only::secret_to_set(
            &prior.client_secret_wo_version,
            &planned.client_secret_wo_version,
            &config.client_secret_wo,
        ) {
            body.client_secret = Some(secret);
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

    fn identity(&self) -> Option<IdentitySchema> {
        Some(identity())
    }
}

/// The identity: the client's key, as in `id`.
pub(super) fn identity() -> IdentitySchema {
    IdentitySchema::new().required(
        "id",
        "The client's key in the API (the `id` of the list API, the last segment of the Location of its creation).",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::ibm_verify::api::{AdditionalConfig, OverrideSettings};
    use serde_json::{Map, Value as Json};

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
    fn only_a_client_with_the_sent_settings_matches() {
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
        assert!(matches_sent(&ours, &sent));
        assert!(!matches_sent(&other, &sent));
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
        // From null (first set, or after an import): recorded, never a rotation.
        let imported = ApiClientState {
            secret_version: Tf::Null,
            ..prior.clone()
        };
        planned.secret_version = Tf::Known(3);
        assert!(!rotation_requested(&imported, &planned));
        assert!(!format!("{prior:?}").contains("\"s\""));
    }
}
