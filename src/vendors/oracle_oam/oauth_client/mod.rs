//! `apiclients_oracle_oam_oauth_client`: one OAuth client of an Oracle Access Manager identity
//! domain, through the OAuth Policy Admin REST API (`…/oauthpolicyadmin/client`).
//!
//! Planning rules, and why:
//! * `identity_domain` falls back to the provider's at plan time for a new client, so the plan shows
//!   the domain the client goes to. An existing client whose configuration leaves it unset keeps its
//!   domain: a new provider default only decides where new clients go (with a plan-time warning).
//! * `identity_domain` (when set explicitly), `name` and `client_id` replace the client: OAM finds a client to update by
//!   its name (and refuses to change its id), so none of them can change in place.
//! * The secret is in clear only in the create answer (reads mask it): read keeps the state's
//!   value. A rotation is asked for with `secret_version` and sent as OAM's secret reset
//!   (`PUT {idDomain, id, secret}`) with a secret generated here, because the reset answer masks
//!   whatever the server would have generated.
//! * `redirect_uris` is a set of URLs; the API's `isHttps` flag is derived from the scheme, so the
//!   state never holds a value the configuration cannot spell.
//! * Lists the API treats as unordered (`grant_types`, `redirect_uris`, `scopes`) are sets; an
//!   empty list and a missing one are the same remotely, so both read as null and the schema
//!   refuses empty sets.
//!
//! The files: `schema.rs` (the schema and its description), `mapping.rs` (the state types and
//! the mapping between them and the API's JSON), `create.rs` (the create with recovery), this
//! file (the resource: read, plan, create, update, delete, import) and `tests.rs`.

mod create;
mod mapping;
mod schema;
#[cfg(test)]
mod tests;

use async_trait::async_trait;

use self::create::create_without_duplicate;
pub(crate) use self::mapping::state_from_remote;
pub use self::mapping::{OAuthClientState, TokenAttributeState};
use self::mapping::{body_from_state, changed_properties};
use self::schema::ROTATION;
use self::schema::SECRETLESS_TYPES;
pub(crate) use self::schema::identity;
pub use self::schema::{CLIENT_TYPES, GRANT_TYPES};
use super::api::OamClient;
use super::config::{ENV_IDENTITY_DOMAIN, identity_domain_or_default};
use crate::handle::ProviderHandle;
use crate::http::Vendor;
use crate::http::unfinished;
use crate::vendors::create::record_unfinished;
use crate::vendors::secret_version;
use crate::vendors::write_only;
use crate::vendors::{rotation, validators};
use tfplugin::IdentitySchema;
use tfplugin::{AttributePath, Context, Diagnostic, Diagnostics, PlanChange, Resource, Schema, Tf};

/// Type name after the provider prefix.
pub const TYPE_NAME: &str = "oracle_oam_oauth_client";

/// The `apiclients_oracle_oam_oauth_client` resource.
#[derive(Debug, Clone)]
pub struct OracleOamOAuthClientResource {
    handle: ProviderHandle,
}

impl OracleOamOAuthClientResource {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }

    /// The provider's default identity domain; `Ok(None)` while the provider's `oracle_oam`
    /// block still has unknown values.
    fn default_domain(&self) -> Result<Option<String>, Diagnostics> {
        if self
            .handle
            .get()?
            .config
            .has_unknown_values(Vendor::OracleOam)
        {
            return Ok(None);
        }
        let client = self.handle.oracle_oam()?;
        Ok(Some(identity_domain_or_default(
            None,
            client.identity_domain(),
        )?))
    }
}

/// A plan-time warning: the provider's default domain is not the existing client's.
fn default_domain_differs(current: &str, default: &str) -> Diagnostic {
    Diagnostic::warning(
        "The client stays in its identity domain",
        format!(
            "This client is in the identity domain {current:?}, and the provider's default (oracle_oam.identity_domain or {ENV_IDENTITY_DOMAIN}) is now {default:?}. A new default only decides where new clients go: this client is not moved or replaced. To keep it there without this warning, set identity_domain = {current:?} on the resource; to move it, set identity_domain = {default:?}, which replaces the client (with a new secret)."
        ),
    )
    .at(AttributePath::root("identity_domain"))
}

#[async_trait]
impl Resource for OracleOamOAuthClientResource {
    type State = OAuthClientState;

    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        schema::schema()
    }

    fn validate(&self, config: &OAuthClientState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        // Each grant type, redirect URL and scope is checked by the schema's validators; these
        // rules relate attributes (and the retention's order among them is asserted by tests).
        if let Some(missing) =
            validators::check_code_grant_redirect(&config.grant_types, &config.redirect_uris, "URL")
        {
            diags.push(missing);
        }
        if let Tf::Known(days) = config.old_secret_retention_time_in_days
            && days < 0
        {
            diags.push(Diagnostic::invalid_attribute(
                "old_secret_retention_time_in_days",
                format!(
                    "old_secret_retention_time_in_days must be 0 or more days, but it is {days}."
                ),
            ));
        }
        if let Some(client_type) = config.client_type.as_str()
            && SECRETLESS_TYPES.contains(&client_type)
        {
            for (attribute, set) in [
                ("client_secret", config.client_secret.is_known()),
                ("secret_version", config.secret_version.is_known()),
                (rotation::ROTATE_AFTER, !config.rotate_after.is_null()),
                (write_only::SECRET, !config.client_secret_wo.is_null()),
            ] {
                if set {
                    diags.push(Diagnostic::invalid_attribute(
                        attribute,
                        format!("{attribute} is set, but a {client_type} has no secret. Remove {attribute}, or use client_type = \"CONFIDENTIAL_CLIENT\"."),
                    ));
                }
            }
        }
        let chosen = write_only::chosen_secret(&config.client_secret, &config.client_secret_wo);
        if let Some(conflict) = rotation::check_chosen_secret(&config.rotate_after, chosen) {
            diags.push(conflict);
        }
        diags.extend(write_only::check(
            &config.client_secret,
            &config.secret_version,
            &config.client_secret_wo,
            &config.client_secret_wo_version,
        ));
        diags
    }

    async fn read(
        &self,
        ctx: &Context,
        state: OAuthClientState,
    ) -> Result<Option<OAuthClientState>, Diagnostics> {
        let (Some(domain), Some(id)) = (state.identity_domain.as_str(), state.client_id.as_str())
        else {
            return Ok(None);
        };
        let client = self.handle.oracle_oam()?;
        let cancel = ctx.cancellation();
        // The domain's listing shows every field a GET does (the secret masked in both).
        let (found, _) = client
            .reads()
            .read(
                domain,
                id,
                |page| client.list_page(domain, page, cancel),
                |listed| Some(listed.clone()),
                || client.get_client(domain, id, cancel),
            )
            .await?;
        // GET masks the secret: the one from the create response stays.
        Ok(found.map(|remote| state_from_remote(&remote, &state)))
    }

    async fn modify_plan(
        &self,
        ctx: &Context,
        change: &mut PlanChange<OAuthClientState>,
    ) -> Result<(), Diagnostics> {
        self.handle.check_configured(Vendor::OracleOam, ctx).await?;
        if write_only::in_use(&change.config.client_secret_wo_version) {
            // The secret is the write-only one: never in plan or state.
            change.planned.client_secret = Tf::Null;
        }
        if change.config.identity_domain.is_null() {
            match &change.prior {
                // A new client goes to the provider's default domain.
                None => {
                    if let Some(domain) = self.default_domain()? {
                        change.planned.identity_domain = Tf::Known(domain);
                    }
                }
                // An existing client stays where it is: the default only says where new clients
                // go. (An explicit identity_domain that differs still replaces, by the schema.)
                Some(prior) => {
                    change.planned.identity_domain = prior.identity_domain.clone();
                    // No default (or one not known yet) is fine here: the client has its domain.
                    let default = self.default_domain().ok().flatten();
                    if let (Some(default), Some(current)) =
                        (default.as_deref(), prior.identity_domain.as_str())
                        && default != current
                    {
                        ctx.warn(default_domain_differs(current, default));
                    }
                }
            }
        }
        if let Some(prior) = &change.prior
            && change.requires_replace.is_empty()
            && change.config.client_secret.is_null()
        {
            // Null in state (public client, import) stays null through updates: only a create
            // or a rotation yields a secret, and an unknown would show a pointless change.
            if prior.client_secret.is_null() {
                change.planned.client_secret = Tf::Null;
            }
            if rotation_wanted(prior, &change.planned) {
                change.planned.client_secret = Tf::Unknown;
            }
            let client = self.handle.oracle_oam()?;
            if rotation::plan(ctx, client.rest(), &ROTATION, change).await {
                change.planned.client_secret = Tf::Unknown;
            }
        }
        // A new secret (rotated, or one of yours that changes) is a newly issued secret.
        if let Some(prior) = &change.prior
            && change.requires_replace.is_empty()
            && (change.planned.client_secret != prior.client_secret
                || change.planned.client_secret_wo_version != prior.client_secret_wo_version)
        {
            change.planned.secret_issued_at = Tf::Unknown;
        }
        Ok(())
    }

    async fn create(
        &self,
        ctx: &Context,
        planned: OAuthClientState,
        config: OAuthClientState,
    ) -> Result<OAuthClientState, Diagnostics> {
        let client = self.handle.oracle_oam()?;
        let mut planned = planned;
        if let Some(secret) = config.client_secret_wo.known() {
            planned.client_secret = Tf::Known(secret.clone());
        }
        if !planned.identity_domain.is_known() {
            // The provider's block was unknown at plan time; it is known now.
            planned.identity_domain =
                Tf::Known(identity_domain_or_default(None, client.identity_domain())?);
        }
        // A client ID the configuration leaves out is made here (the form OAM's own take: 32
        // hex digits of a random UUID), so that a lost answer's client is told from anyone
        // else's by it (see `Recoverable::sends_own_id`).
        let own_id = !planned.client_id.is_known();
        if own_id {
            planned.client_id = Tf::Known(uuid::Uuid::new_v4().simple().to_string());
        }
        let body = body_from_state(&planned, true)?;
        let sent_at = std::time::SystemTime::now();
        let recorded = match create_without_duplicate(&client, &body, own_id, &planned, ctx).await {
            Ok(recorded) => recorded,
            Err(error) => {
                // Placed at the next refresh by the client ID it sent (the read looks it up).
                record_unfinished(
                    ctx,
                    &OAuthClientState {
                        id: Tf::Known(unfinished::marker(client.rest().transport(), sent_at, &[])),
                        ..planned.clone()
                    },
                );
                return Err(error);
            }
        };
        // No GET: OAM's answer names the id and the secret it generated, and sets nothing else
        // the state holds (every other setting was sent), so the state is what was sent.
        let sent = OamClient {
            id: recorded.client_id.known().cloned(),
            ..body
        };
        let mut state = state_from_remote(&sent, &recorded);
        if write_only::in_use(&planned.client_secret_wo_version) {
            state.client_secret = Tf::Null;
        }
        Ok(state)
    }

    async fn update(
        &self,
        ctx: &Context,
        prior: OAuthClientState,
        planned: OAuthClientState,
        config: OAuthClientState,
    ) -> Result<OAuthClientState, Diagnostics> {
        let (Some(domain), Some(id)) = (prior.identity_domain.as_str(), prior.client_id.as_str())
        else {
            return Err(Diagnostic::error(
                "Missing OAuth client ID",
                "The state has no identity domain or client ID for this OAuth client; remove it from the state and import it again.",
            )
            .into());
        };
        let client = self.handle.oracle_oam()?;
        let cancel = ctx.cancellation();
        let before = body_from_state(&prior, false)?;
        let after = body_from_state(&planned, false)?;
        if before != after {
            client
                .update_client(&changed_properties(&before, &after)?, cancel)
                .await?;
        }
        let by_age = rotation::planned(&planned.secret_issued_at);
        let new_secret = if (rotation_wanted(&prior, &planned) || by_age)
            && planned.client_secret.is_unknown()
        {
            Some(rotation::generated_secret())
        } else {
            match (&planned.client_secret, &prior.client_secret) {
                (Tf::Known(new), old) if old.known() != Some(new) => Some(new.clone()),
                _ => None,
            }
        };
        let new_secret = new_secret.or_else(|| {
            write_only::secret_to_set(
                &prior.client_secret_wo_version,
                &planned.client_secret_wo_version,
                &config.client_secret_wo,
            )
        });
        let mut base = planned.clone();
        base.identity_domain = prior.identity_domain.clone();
        base.client_id = prior.client_id.clone();
        base.client_secret = prior.client_secret.clone();
        base.secret_issued_at = prior.secret_issued_at.clone();
        if let Some(secret) = new_secret {
            client.reset_secret(domain, id, &secret, cancel).await?;
            base.client_secret = Tf::Known(secret);
            base.secret_issued_at = rotation::timestamp(client.rest().transport().vendor_now());
        }
        // Kept: OAM answers an update with a text line; what it stored is only seen by reading.
        match client.get_client(domain, id, cancel).await? {
            Some(remote) => Ok(state_from_remote(&remote, &base)),
            None => Err(Diagnostic::error(
                "OAuth client not found",
                format!("The OAM OAuth client {id} of identity domain {domain} was deleted outside Terraform. Run terraform plan again: it will plan to create it."),
            )
            .into()),
        }
    }

    async fn delete(&self, ctx: &Context, prior: OAuthClientState) -> Result<(), Diagnostics> {
        let (Some(domain), Some(id)) = (prior.identity_domain.as_str(), prior.client_id.as_str())
        else {
            return Ok(());
        };
        let client = self.handle.oracle_oam()?;
        // A missing client (422) counts as deleted (the client handles it).
        client.delete_client(domain, id, ctx.cancellation()).await?;
        Ok(())
    }

    async fn import(&self, _ctx: &Context, id: &str) -> Result<OAuthClientState, Diagnostics> {
        let parsed = id
            .trim()
            .split_once('/')
            .map(|(domain, client_id)| (domain.trim(), client_id.trim()))
            .filter(|(domain, client_id)| !domain.is_empty() && !client_id.is_empty());
        let Some((domain, client_id)) = parsed else {
            return Err(Diagnostic::error(
                "Invalid import ID",
                format!("The import ID {id:?} is not of the form <identity_domain>/<client_id>, such as: terraform import apiclients_oracle_oam_oauth_client.example DefaultDomain/aac8a8f4a228448d9d69ac24a3def39a"),
            )
            .into());
        };
        Ok(OAuthClientState {
            id: Tf::Known(format!("{domain}/{client_id}")),
            identity_domain: Tf::Known(domain.to_owned()),
            client_id: Tf::Known(client_id.to_owned()),
            ..Default::default()
        })
    }

    fn identity(&self) -> Option<IdentitySchema> {
        Some(identity())
    }

    async fn import_by_identity(
        &self,
        ctx: &Context,
        state: OAuthClientState,
    ) -> Result<OAuthClientState, Diagnostics> {
        let (Some(domain), Some(client_id)) =
            (state.identity_domain.as_str(), state.client_id.as_str())
        else {
            return Err(Diagnostic::error(
                "Incomplete identity",
                "Importing an OAM OAuth client by identity needs identity_domain and client_id.",
            )
            .into());
        };
        Resource::import(self, ctx, &format!("{domain}/{client_id}")).await
    }

    fn adjust_generated_config(&self, state: &OAuthClientState, config: &mut OAuthClientState) {
        // The domain defaults to the provider's: write it, so that an object of another domain
        // is not planned for replacement.
        config.identity_domain = state.identity_domain.clone();
    }
}
/// Whether the plan asks for a new generated secret: `secret_version` is set and differs from
/// the prior one, and the configuration does not manage the secret itself.
fn rotation_wanted(prior: &OAuthClientState, planned: &OAuthClientState) -> bool {
    secret_version::rotates(&prior.secret_version, &planned.secret_version)
        && !(planned.client_secret.is_known() && planned.client_secret != prior.client_secret)
}
