//! `apiclients_akamai_api_client_credential`: one credential (client token + client secret) of an
//! Akamai IAM API client, with its secret captured from the create response — "the only time
//! you'll see the client secret".
//!
//! Planning rules, and why:
//! * `client_id` replaces: a credential belongs to one client for life.
//! * `status` (ACTIVE/INACTIVE), `description` and `expires_on` change in place with one
//!   `PUT …/credentials/{id}`, which requires both `expiresOn` and `status`.
//! * `expires_on` is optional + computed (Akamai sets two years); a configured value is kept as
//!   written when it names the same instant as Akamai's spelling (`.000Z`), so no diff appears.
//!   It must lie in the future and not after `max_allowed_expiry`: checked at plan time.
//! * Delete deactivates first: Akamai deletes only inactive credentials.
//! * A locked client refuses credential creates and updates (403): the error looks the client up
//!   and names the lock instead of the provider's permissions. The provider never unlocks it: the
//!   lock may be someone's answer to an incident, and only the client resource owns `lock`.
//!
//! The files: `schema.rs` (the schema and its description), `mapping.rs` (the state type and
//! the mapping between it and the API's bodies), `create.rs` (the create with recovery), this
//! file (the resource: read, plan, create, update, delete, import) and `tests.rs`.

mod create;
mod mapping;
mod schema;
#[cfg(test)]
mod tests;

use async_trait::async_trait;
use chrono::{Months, Utc};

pub(super) use self::create::create_explained;
use self::create::create_without_duplicate;
use self::create::explain_refusal;
pub use self::mapping::CredentialState;
pub(crate) use self::mapping::state_from_remote;
use self::mapping::{ids, parse_time, wire_expiry, with_rotate_after};
use self::schema::ROTATION;
pub use self::schema::STATUSES;
pub(crate) use self::schema::identity;
use super::api::{UpdateCredentialRequest, refused_for_active_credentials};
use super::client::AkamaiClient;
use crate::handle::ProviderHandle;
use crate::http::{HttpError, Vendor};
use crate::vendors::rotation;
use tfplugin::IdentitySchema;
use tfplugin::{Context, Diagnostic, Diagnostics, PlanChange, Resource, Schema, Tf};

/// Type name after the provider prefix.
pub const TYPE_NAME: &str = "akamai_api_client_credential";

/// Akamai's default and longest credential lifetime.
const MAX_LIFETIME_MONTHS: u32 = 24;

/// The `apiclients_akamai_api_client_credential` resource.
#[derive(Debug, Clone)]
pub struct AkamaiApiClientCredentialResource {
    handle: ProviderHandle,
}

impl AkamaiApiClientCredentialResource {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl Resource for AkamaiApiClientCredentialResource {
    type State = CredentialState;

    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        schema::schema()
    }

    fn validate(&self, config: &CredentialState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if !config.rotate_after.is_null() && !config.expires_on.is_null() {
            diags.push(Diagnostic::invalid_attribute(
                rotation::ROTATE_AFTER,
                "rotate_after replaces the credential with a new one, which would get the same configured expires_on. Remove expires_on (each new credential then gets Akamai's two years) or remove rotate_after.".to_owned(),
            ));
        }
        diags
    }

    async fn read(
        &self,
        ctx: &Context,
        state: CredentialState,
    ) -> Result<Option<CredentialState>, Diagnostics> {
        let Some((client_id, credential_id)) = ids(&state) else {
            return Ok(None);
        };
        let client = self.handle.akamai()?;
        let found = client
            .get_credential(&client_id, credential_id, ctx.cancellation())
            .await?;
        // A DELETED credential can never be used or reactivated again: it is gone.
        Ok(found
            .filter(|remote| remote.status.as_deref() != Some("DELETED"))
            .map(|remote| {
                let found = state_from_remote(
                    &client_id,
                    &remote,
                    &state.expires_on,
                    state.client_secret.clone(),
                );
                with_rotate_after(found, &state)
            }))
    }

    async fn modify_plan(
        &self,
        ctx: &Context,
        change: &mut PlanChange<CredentialState>,
    ) -> Result<(), Diagnostics> {
        self.handle.check_configured(Vendor::Akamai, ctx).await?;
        if change.prior.is_some() {
            let client = self.handle.akamai()?;
            if rotation::plan(ctx, client.rest(), &ROTATION, change).await {
                change.planned.client_secret = Tf::Unknown;
            }
        }
        let replacing = !change.requires_replace.is_empty();
        let prior = change.prior.as_ref().filter(|_| !replacing);
        // After an import the secret is null and stays null through updates (only a create
        // returns one); planning it unknown would show a pointless "(sensitive value)" change.
        if let Some(prior) = prior
            && prior.client_secret.is_null()
        {
            change.planned.client_secret = Tf::Null;
        }
        let Some(planned_text) = change.config.expires_on.as_str() else {
            return Ok(());
        };
        if prior.is_some_and(|p| p.expires_on.as_str() == Some(planned_text)) {
            return Ok(());
        }
        let Some(planned) = parse_time(planned_text) else {
            return Ok(());
        };
        let now = Utc::now();
        if planned <= now {
            return Err(Diagnostic::invalid_attribute(
                "expires_on",
                format!("expires_on is {planned_text:?}, which is in the past. Use a date-time in the future (at most two years after the credential's creation)."),
            )
            .into());
        }
        // On create the limit is two years from now; afterwards Akamai says it.
        let limit = match prior {
            Some(p) => p.max_allowed_expiry.as_str().and_then(parse_time),
            None => now.checked_add_months(Months::new(MAX_LIFETIME_MONTHS)),
        };
        if let Some(limit) = limit
            && planned > limit
        {
            return Err(Diagnostic::invalid_attribute(
                "expires_on",
                format!("expires_on is {planned_text:?}, later than the latest expiry Akamai allows for this credential ({}). Use an earlier date-time, or omit expires_on for Akamai's default.", limit.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            )
            .into());
        }
        Ok(())
    }

    async fn create(
        &self,
        ctx: &Context,
        planned: CredentialState,
        config: CredentialState,
    ) -> Result<CredentialState, Diagnostics> {
        let client_id = planned
            .client_id
            .known()
            .ok_or_else(|| Diagnostic::incomplete_plan("client_id"))?
            .clone();
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        let created = create_without_duplicate(&client, &client_id, ctx).await?;
        let secret = Tf::Known(created.client_secret.clone());
        let mut state = state_from_remote(&client_id, &created.detail, &Tf::Null, secret.clone());
        ctx.record_partial_state(&state);

        // The POST takes no body: anything configured beyond the defaults is a PUT.
        let wanted_status = planned.status.as_str().unwrap_or(STATUSES[0]);
        let needs_update = config.description.is_known()
            || config.expires_on.is_known()
            || state.status.as_str() != Some(wanted_status);
        let credential_id = created.detail.credential_id;
        if needs_update {
            let request = UpdateCredentialRequest {
                description: planned.description.known().cloned(),
                expires_on: config
                    .expires_on
                    .known()
                    .or(created.detail.expires_on.as_ref())
                    .map(|text| wire_expiry(text))
                    .ok_or_else(|| Diagnostic::incomplete_plan("expires_on"))?,
                status: wanted_status.to_owned(),
            };
            let updated = client
                .update_credential(&client_id, credential_id, &request, cancel)
                .await;
            if !explained(updated, &client, &client_id, ctx).await? {
                return Err(gone(&client_id, credential_id));
            }
        }
        match client
            .get_credential(&client_id, credential_id, cancel)
            .await?
        {
            Some(remote) => {
                state = state_from_remote(&client_id, &remote, &config.expires_on, secret);
                Ok(with_rotate_after(state, &planned))
            }
            None => Err(gone(&client_id, credential_id)),
        }
    }

    async fn update(
        &self,
        ctx: &Context,
        prior: CredentialState,
        planned: CredentialState,
        _config: CredentialState,
    ) -> Result<CredentialState, Diagnostics> {
        let Some((client_id, credential_id)) = ids(&prior) else {
            return Err(Diagnostic::error(
                "Missing credential ID",
                "The state has no valid ID for this Akamai credential; remove it from the state and import it again.",
            )
            .into());
        };
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        let request = UpdateCredentialRequest {
            // "" clears a description that was removed from the configuration.
            description: Some(planned.description.known().cloned().unwrap_or_default()),
            expires_on: planned
                .expires_on
                .known()
                .or(prior.expires_on.known())
                .map(|text| wire_expiry(text))
                .ok_or_else(|| Diagnostic::incomplete_plan("expires_on"))?,
            status: planned
                .status
                .known()
                .cloned()
                .unwrap_or_else(|| STATUSES[0].to_owned()),
        };
        let updated = client
            .update_credential(&client_id, credential_id, &request, cancel)
            .await;
        if !explained(updated, &client, &client_id, ctx).await? {
            return Err(gone(&client_id, credential_id));
        }
        match client
            .get_credential(&client_id, credential_id, cancel)
            .await?
        {
            Some(remote) => Ok(with_rotate_after(
                state_from_remote(
                    &client_id,
                    &remote,
                    &planned.expires_on,
                    prior.client_secret,
                ),
                &planned,
            )),
            None => Err(gone(&client_id, credential_id)),
        }
    }

    async fn delete(&self, ctx: &Context, prior: CredentialState) -> Result<(), Diagnostics> {
        let Some((client_id, credential_id)) = ids(&prior) else {
            return Ok(());
        };
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        // Akamai deletes only inactive credentials ("You can only delete inactive
        // credentials"); a 404 means it is gone already. One the state (refreshed before this
        // delete) shows INACTIVE is deleted at once: a deactivation first would prove nothing.
        // Should it have been activated since, the DELETE is refused and the deactivation
        // follows.
        if prior.status.as_str() == Some("INACTIVE") {
            match client
                .delete_credential(&client_id, credential_id, cancel)
                .await
            {
                Ok(_) => return Ok(()),
                Err(err) if refused_for_active_credentials(&err) => {
                    tracing::debug!(error = %err, "the DELETE was refused: deactivating the credential, then deleting again");
                }
                Err(err) => return Err(err.into()),
            }
        }
        if !client
            .deactivate_credential(&client_id, credential_id, cancel)
            .await?
        {
            return Ok(());
        }
        client
            .delete_credential(&client_id, credential_id, cancel)
            .await?;
        Ok(())
    }

    async fn import(&self, _ctx: &Context, id: &str) -> Result<CredentialState, Diagnostics> {
        let parsed = id.trim().split_once('/').filter(|(client, credential)| {
            !client.is_empty() && !client.contains('/') && credential.parse::<i64>().is_ok()
        });
        let Some((client_id, credential_id)) = parsed else {
            return Err(Diagnostic::error(
                "Invalid import ID",
                format!("Import needs <client_id>/<credential_id> (the credential ID is a number), such as: terraform import apiclients_akamai_api_client_credential.example 1a2b3c4d5e6f7g8h/123456 — got {id:?}."),
            )
            .into());
        };
        Ok(CredentialState {
            id: Tf::Known(credential_id.to_owned()),
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
        state: CredentialState,
    ) -> Result<CredentialState, Diagnostics> {
        let id = format!(
            "{}/{}",
            state.client_id.as_str().unwrap_or_default(),
            state.id.as_str().unwrap_or_default()
        );
        // The same checks as an import by ID (a numeric credential ID).
        Resource::import(self, ctx, &id).await
    }
}

fn gone(client_id: &str, credential_id: i64) -> Diagnostics {
    Diagnostic::error(
        "Credential not found",
        format!("Credential {credential_id} of the Akamai API client {client_id} was deleted outside Terraform (or its client was). Run terraform plan again: it will plan to create it."),
    )
    .into()
}

/// A credential update's result, with a refusal explained (a locked client, see
/// [`explain_refusal`]).
async fn explained(
    updated: Result<bool, HttpError>,
    client: &AkamaiClient,
    client_id: &str,
    ctx: &Context,
) -> Result<bool, Diagnostics> {
    match updated {
        Ok(found) => Ok(found),
        Err(err) => Err(explain_refusal(client, client_id, err, "change", ctx).await),
    }
}
