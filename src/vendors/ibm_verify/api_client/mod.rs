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
//!
//! The files: `schema.rs` (the schema and its description), `mapping.rs` (the state types and
//! the mapping between them and the API's objects), `create.rs` (the create with recovery), this
//! file (validation and the resource: read, plan, create, update, delete, import) and `tests.rs`.

mod create;
mod mapping;
mod schema;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use async_trait::async_trait;

use self::create::{create_without_duplicate, place_unfinished_create};
pub(crate) use self::mapping::state_from_remote;
pub use self::mapping::{AdditionalConfigState, ApiClientState, OverrideSettingsState, ScopeState};
use self::mapping::{body_from_state, ip_network, rotation_requested};
use self::schema::ROTATION;
pub(crate) use self::schema::identity;
use super::api::ApiClientConfig;
use crate::handle::ProviderHandle;
use crate::http::Vendor;
use crate::http::unfinished;
use crate::vendors::create::record_unfinished;
use crate::vendors::ibm_verify::entitlements;
use crate::vendors::rotation;
use crate::vendors::secret_version;
use crate::vendors::write_only;
use tfplugin::IdentitySchema;
use tfplugin::{AttributePath, Context, Diagnostic, Diagnostics, PlanChange, Resource, Schema, Tf};

/// Failures of the resource's own logic (HTTP failures convert from `HttpError`).
#[derive(Debug, thiserror::Error)]
pub enum ApiClientError {
    #[error(
        "the state has no id for this API client; remove it from state (terraform state rm) and import it again"
    )]
    MissingId,
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
// Resource

#[async_trait]
impl Resource for IbmVerifyApiClientResource {
    type State = ApiClientState;

    fn type_name(&self) -> &'static str {
        "ibm_verify_api_client"
    }

    fn schema(&self) -> Schema {
        schema::schema()
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
        let chosen = write_only::chosen_secret(&config.client_secret, &config.client_secret_wo);
        if let Some(conflict) = rotation::check_chosen_secret(&config.rotate_after, chosen) {
            diags.push(conflict);
        }
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
            // A new client holds no override settings or additional config unless configured:
            // planned null rather than unknown, which Terraform 1.0 draws as a phantom nested
            // element (`scopes = [ + { } ]`). `create` keeps them null.
            if change.config.override_settings.is_null() {
                change.planned.override_settings = Tf::Null;
            }
            if change.config.additional_config.is_null() {
                change.planned.additional_config = Tf::Null;
            }
            return Ok(());
        };
        let version_changes =
            secret_version::rotates(&prior.secret_version, &change.config.secret_version);
        if change.config.client_secret.is_null() && version_changes {
            change.planned.client_secret = Tf::Unknown;
            change.planned.secret_issued_at = Tf::Unknown;
            ctx.warn(Diagnostic::warning(
                "The client secret will be rotated",
                "secret_version changed, so the update asks IBM Security Verify for a new client secret; the old secret stops working. Update whatever uses it after the apply.",
            ).at(AttributePath::root("secret_version")));
        }
        let client = self.handle.ibm_verify()?;
        if rotation::plan(ctx, client.rest(), &ROTATION, change).await {
            change.planned.client_secret = Tf::Unknown;
        }
        // A secret of yours that changes is a newly issued secret too.
        if change.prior.as_ref().is_some_and(|prior| {
            change.planned.client_secret != prior.client_secret
                || change.planned.client_secret_wo_version != prior.client_secret_wo_version
        }) {
            change.planned.secret_issued_at = Tf::Unknown;
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
        if let Some(create) = unfinished::unfinished(key) {
            let body = body_from_state(&state, None);
            let found = place_unfinished_create(&client, &body, &create, ctx).await?;
            return Ok(found.and_then(|server| {
                let key = server.id.clone()?;
                Some(state_from_remote(&key, server, &state))
            }));
        }
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
            Some(server) => Ok(Some(state_from_remote(key, server, &state))),
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
        let mut body = body_from_state(&planned, None);
        if let Some(secret) = config.client_secret_wo.known() {
            body.client_secret = Some(secret.clone());
        }
        // What the tenant would generate when left out is made here instead (the forms IBM's
        // own take: a UUID, a random string): the client ID, random and this create's alone, is
        // how a lost answer's client is told from anyone else's (see
        // `Recoverable::sends_own_id`). Not once a read-back has shown that this tenant makes
        // its own (IBM's "Create API client" page says it does): then the tenant's are used.
        let own_client_id = body.client_id.is_none() && client.keeps_supplied_ids();
        if own_client_id {
            body.client_id = Some(uuid::Uuid::new_v4().to_string());
        }
        if body.client_secret.is_none() && client.keeps_supplied_ids() {
            body.client_secret = Some(rotation::generated_secret());
        }
        let sent = std::time::SystemTime::now();
        let key = match create_without_duplicate(&client, &body, own_client_id, ctx).await {
            Ok(key) => key,
            Err(error) => {
                record_unfinished(
                    ctx,
                    &ApiClientState {
                        id: Tf::Known(unfinished::marker(client.rest().transport(), sent, &[])),
                        client_id: Tf::from_option(body.client_id.clone()),
                        ..planned.clone()
                    },
                );
                return Err(error);
            }
        };
        // The client exists: if the read-back below fails (Ctrl-C), Terraform keeps it, tainted.
        ctx.record_partial_state(&ApiClientState {
            id: Tf::Known(key.clone()),
            client_id: Tf::from_option(body.client_id.clone()),
            ..planned.clone()
        });
        let issued_at = rotation::timestamp(client.rest().transport().vendor_now());
        // The POST answers 201 with an empty body: one GET of the Location tells what the tenant
        // holds, which the state records (and every dependent in this apply gets), whatever was
        // sent.
        let held = client
            .get(&key, ctx.cancellation())
            .await?
            .ok_or_else(|| ApiClientError::Gone { key: key.clone() })
            .map_err(Diagnostic::from)?;
        let kept =
            |sent: Option<&String>, held: Option<&String>| sent.is_none_or(|s| Some(s) == held);
        let kept_id = kept(body.client_id.as_ref(), held.client_id.as_ref());
        let kept_secret = kept(
            body.client_secret.as_ref().map(|s| s.expose()),
            held.client_secret.as_ref().map(|s| s.expose()),
        );
        if !(kept_id && kept_secret) {
            tracing::debug!(
                key = %key,
                client_id_kept = kept_id,
                client_secret_kept = kept_secret,
                "the tenant did not keep the client ID or secret the create sent: recording the tenant's"
            );
        }
        if own_client_id {
            client.learn_keeps_supplied_ids(kept_id && kept_secret);
        }
        let sent = ApiClientConfig {
            id: Some(key.clone()),
            ..held
        };
        let mut state = ApiClientState {
            secret_issued_at: issued_at,
            ..state_from_remote(&key, sent, &planned)
        };
        // As planned (see `modify_plan`): whatever the tenant fills in by default shows at the
        // next refresh, without a diff (both are computed), instead of failing this apply.
        if planned.override_settings.is_null() {
            state.override_settings = Tf::Null;
        }
        if planned.additional_config.is_null() {
            state.additional_config = Tf::Null;
        }
        Ok(state)
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
        let mut body = body_from_state(&planned, Some(&current));
        let by_age =
            planned.client_secret.is_unknown() && rotation::planned(&planned.secret_issued_at);
        if rotation_requested(&prior, &planned) || by_age {
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
        let issued_at = if rotation::planned(&planned.secret_issued_at) {
            rotation::timestamp(client.rest().transport().vendor_now())
        } else {
            prior.secret_issued_at.clone()
        };
        // Kept: the PUT answers 204 without a body; a rotated secret and the tenant's
        // normalisation are only seen by reading.
        let server = client
            .get(key, cancel)
            .await?
            .ok_or_else(|| ApiClientError::Gone {
                key: key.to_owned(),
            })
            .map_err(Diagnostic::from)?;
        Ok(ApiClientState {
            secret_issued_at: issued_at,
            ..state_from_remote(key, server, &planned)
        })
    }

    async fn delete(&self, ctx: &Context, prior: ApiClientState) -> Result<(), Diagnostics> {
        let Some(key) = prior.id.as_str() else {
            return Ok(());
        };
        let client = self.handle.ibm_verify()?;
        let key = match unfinished::unfinished(key) {
            None => key.to_owned(),
            Some(create) => {
                let body = body_from_state(&prior, None);
                match place_unfinished_create(&client, &body, &create, ctx).await? {
                    Some(ApiClientConfig { id: Some(key), .. }) => key,
                    _ => return Ok(()),
                }
            }
        };
        client.delete(&key, ctx.cancellation()).await?;
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
