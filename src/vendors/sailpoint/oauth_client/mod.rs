//! `apiclients_sailpoint_oauth_client`: one SailPoint Identity Security Cloud OAuth client
//! (`/beta/oauth-clients`), with its secret captured from the create response (the only place the
//! API ever shows it).
//!
//! Planning rules, and why:
//! * `redirect_uris`, `grant_types` and `scope` are sets: their order means nothing to the API, and
//!   a list would show a perpetual diff if the tenant reordered them.
//! * Attributes the tenant fills when they are omitted (`type`, `internal`, `scope`,
//!   `refresh_token_validity_seconds`, `strong_auth_supported`, `claims_supported`) are optional +
//!   computed and keep their state value when left out, so the server's default lands in state
//!   without a diff and removing one from the configuration changes nothing remotely.
//! * `type`, `internal` and `scope` are not patchable: a change replaces the client.
//! * `modified` is refreshed by reads and updates, `last_used` by reads only (an update plans and
//!   keeps the refreshed value, null included, so it is never "known after apply"); a change made
//!   behind Terraform's back (a client used, so `last_used` moves) is a refresh, never a planned diff.
//!
//! The files: `schema.rs` (the schema and its description), `mapping.rs` (the state type and
//! the mapping between it and the API's requests and answers), `create.rs` (the create with
//! recovery), this file (the resource: read, plan, create, update, delete, import) and
//! `tests.rs`.

mod create;
mod mapping;
mod schema;
#[cfg(test)]
mod tests;

use async_trait::async_trait;

use self::create::{create_without_duplicate, place_unfinished_create};
pub use self::mapping::OAuthClientState;
pub(crate) use self::mapping::state_from_remote;
use self::mapping::{body_from_state, patch_operations, with_settings};
use self::schema::ROTATION;
pub(crate) use self::schema::identity;
use crate::handle::ProviderHandle;
use crate::http::Vendor;
use crate::http::unfinished;
use crate::vendors::create::record_unfinished;
use crate::vendors::secret_version;
use crate::vendors::{rotation, validators};
use tfplugin::IdentitySchema;
use tfplugin::{AttributePath, Context, Diagnostic, Diagnostics, PlanChange, Resource, Schema, Tf};

/// Type name after the provider prefix.
pub const TYPE_NAME: &str = "sailpoint_oauth_client";
/// The `apiclients_sailpoint_oauth_client` resource.
#[derive(Debug, Clone)]
pub struct SailPointOAuthClientResource {
    handle: ProviderHandle,
}

impl SailPointOAuthClientResource {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl Resource for SailPointOAuthClientResource {
    type State = OAuthClientState;

    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        schema::schema()
    }

    fn validate(&self, config: &OAuthClientState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        // Each grant type, redirect URI and scope is checked by the schema's validators; this rule
        // relates two attributes.
        if let Some(missing) =
            validators::check_code_grant_redirect(&config.grant_types, &config.redirect_uris, "URI")
        {
            diags.push(missing);
        }
        diags
    }

    async fn read(
        &self,
        ctx: &Context,
        state: OAuthClientState,
    ) -> Result<Option<OAuthClientState>, Diagnostics> {
        let Some(id) = state.id.as_str() else {
            return Ok(None);
        };
        let client = self.handle.sailpoint()?;
        if let Some(create) = unfinished::unfinished(id) {
            // Without its secret (only the lost answer had it): the state stays tainted and the
            // plan replaces it.
            let request = body_from_state(&state)?;
            let found = place_unfinished_create(&client, &request, &create, ctx).await?;
            return Ok(
                found.map(|remote| with_settings(state_from_remote(&remote, Tf::Null), &state))
            );
        }
        let cancel = ctx.cancellation();
        // A listed client shows every field a GET does; neither shows the secret.
        let (found, _) = client
            .reads()
            .read(
                "",
                id,
                |page| client.list_page(page, cancel),
                |listed| Some(listed.clone()),
                || client.get(id, cancel),
            )
            .await?;
        // GET never returns the secret: the one from the create response stays.
        Ok(found
            .map(|remote| with_settings(state_from_remote(&remote, state.secret.clone()), &state)))
    }

    async fn modify_plan(
        &self,
        ctx: &Context,
        change: &mut PlanChange<OAuthClientState>,
    ) -> Result<(), Diagnostics> {
        self.handle.check_configured(Vendor::SailPoint, ctx).await?;
        if let Some(prior) = &change.prior {
            let version_changes =
                secret_version::rotates(&prior.secret_version, &change.config.secret_version);
            let client = self.handle.sailpoint()?;
            let by_age =
                !version_changes && rotation::plan(ctx, client.rest(), &ROTATION, change).await;
            if version_changes {
                change
                    .requires_replace
                    .push(AttributePath::root("secret_version"));
                ctx.warn(Diagnostic::warning(
                    "The client will be replaced to rotate its secret",
                    "secret_version changed, and SailPoint has no call that rotates a secret, so a new client (new client ID and secret) replaces this one. With lifecycle { create_before_destroy = true } the new client exists before the old one is deleted; update whatever uses the client after the apply.",
                ).at(AttributePath::root("secret_version")));
            }
            if version_changes || by_age {
                change.planned.secret = Tf::Unknown;
            }
        }
        // After an import the secret is null and stays null through updates (only a create
        // returns one); planning it unknown would show a pointless "(sensitive value)" change.
        if let Some(prior) = &change.prior
            && prior.secret.is_null()
            && change.requires_replace.is_empty()
        {
            change.planned.secret = Tf::Null;
        }
        Ok(())
    }

    async fn create(
        &self,
        ctx: &Context,
        planned: OAuthClientState,
        _config: OAuthClientState,
    ) -> Result<OAuthClientState, Diagnostics> {
        let request = body_from_state(&planned)?;
        let client = self.handle.sailpoint()?;
        let sent = std::time::SystemTime::now();
        match create_without_duplicate(&client, &request, ctx).await {
            Ok(created) => Ok(with_settings(created, &planned)),
            Err(error) => {
                // The same-name clients the run's record listed (cached: no request).
                let existed = match client.existing(ctx.cancellation()).await {
                    Ok(Some(record)) => record.named(&request.name),
                    _ => Vec::new(),
                };
                let marker = unfinished::marker(client.rest().transport(), sent, &existed);
                record_unfinished(
                    ctx,
                    &OAuthClientState {
                        id: Tf::Known(marker),
                        ..planned
                    },
                );
                Err(error)
            }
        }
    }

    async fn update(
        &self,
        ctx: &Context,
        prior: OAuthClientState,
        planned: OAuthClientState,
        _config: OAuthClientState,
    ) -> Result<OAuthClientState, Diagnostics> {
        let Some(id) = prior.id.as_str() else {
            return Err(Diagnostic::error(
                "Missing OAuth client ID",
                "The state has no ID for this OAuth client; remove it from the state and import it again.",
            )
            .into());
        };
        let client = self.handle.sailpoint()?;
        let operations = patch_operations(&prior, &planned);
        let remote = if operations.is_empty() {
            client.get(id, ctx.cancellation()).await?
        } else {
            match client.patch(id, operations, ctx.cancellation()).await {
                Ok(remote) => Some(remote),
                Err(err) if err.is_not_found() => None,
                Err(err) => return Err(Diagnostic::from(err).into()),
            }
        };
        let Some(remote) = remote else {
            return Err(Diagnostic::error(
                "OAuth client not found",
                format!("The SailPoint OAuth client {id} was deleted outside Terraform. Run terraform plan again: it will plan to create it."),
            )
            .into());
        };
        let mut state = with_settings(state_from_remote(&remote, prior.secret), &planned);
        // The plan keeps `last_used` (an update does not use the client); a use between the
        // refresh and this apply shows at the next refresh instead of breaking the apply.
        if !planned.last_used.is_unknown() {
            state.last_used = planned.last_used;
        }
        Ok(state)
    }

    async fn delete(&self, ctx: &Context, prior: OAuthClientState) -> Result<(), Diagnostics> {
        let Some(id) = prior.id.as_str() else {
            return Ok(());
        };
        let client = self.handle.sailpoint()?;
        let id = match unfinished::unfinished(id) {
            None => id.to_owned(),
            Some(create) => {
                let request = body_from_state(&prior)?;
                match place_unfinished_create(&client, &request, &create, ctx).await? {
                    Some(remote) => remote.id,
                    None => return Ok(()),
                }
            }
        };
        // A 404 counts as deleted (the client handles it).
        client.delete(&id, ctx.cancellation()).await?;
        Ok(())
    }

    async fn import(&self, _ctx: &Context, id: &str) -> Result<OAuthClientState, Diagnostics> {
        let id = id.trim();
        if id.is_empty() {
            return Err(Diagnostic::error(
                "Missing OAuth client ID",
                "Import needs the ID of the SailPoint OAuth client, such as: terraform import apiclients_sailpoint_oauth_client.example 2c9180835d2e5168015d32f890ca1581",
            )
            .into());
        }
        Ok(OAuthClientState {
            id: Tf::Known(id.to_owned()),
            ..Default::default()
        })
    }

    fn identity(&self) -> Option<IdentitySchema> {
        Some(identity())
    }
}
