//! The create of an OAM OAuth client with recovery from a lost answer.

use std::collections::BTreeSet;

use async_trait::async_trait;

use super::super::api::{CreatedClient, OamClient, OracleOamClient};
use super::mapping::OAuthClientState;
use super::schema::SECRETLESS_TYPES;
use crate::http::recovery::{Outcome, Recoverable, create_with_recovery};
use std::sync::Arc;

use crate::http::{CancellationToken, ExistingRecord, HttpError, RunRecord, Secret};
use crate::vendors::create::{Subject, ambiguous_create, lost_secret};
use tfplugin::{Context, Diagnostic, Diagnostics, Tf};

/// Whether a client found by name has the settings a create asked for (then it is the one a
/// create whose answer was lost made, not someone else's).
fn matches_sent(remote: &OamClient, request: &OamClient) -> bool {
    request
        .id
        .as_ref()
        .is_none_or(|id| remote.id.as_ref() == Some(id))
        && matches_sent_but_id(remote, request)
}

/// [`matches_sent`] less the client ID, which a tenant may replace with its own.
fn matches_sent_but_id(remote: &OamClient, request: &OamClient) -> bool {
    let set = |grants: &Option<Vec<String>>| -> BTreeSet<String> {
        grants.iter().flatten().cloned().collect()
    };
    remote.name == request.name
        && remote.client_type == request.client_type
        && remote.description.as_deref().unwrap_or("")
            == request.description.as_deref().unwrap_or("")
        && set(&remote.grant_types) == set(&request.grant_types)
}

/// The create of one OAM OAuth client, for [`create_with_recovery`].
struct CreateOAuthClient<'a> {
    client: &'a OracleOamClient,
    body: &'a OamClient,
    domain: &'a str,
    name: &'a str,
    /// A confidential client whose secret OAM generates: it is only in the create answer.
    secret_only_in_answer: bool,
    /// The body's `id` was made by the provider for this create (see
    /// [`Recoverable::sends_own_id`]), not named by the configuration.
    own_id: bool,
    /// The run's record of the domain.
    existing: Arc<ExistingRecord>,
}

#[async_trait]
impl Recoverable for CreateOAuthClient<'_> {
    type Created = CreatedClient;
    type Listed = OamClient;
    type Id = String;

    async fn create(&self, cancel: &CancellationToken) -> Result<CreatedClient, HttpError> {
        self.client.create_client(self.body, cancel).await
    }

    async fn candidates(&self, cancel: &CancellationToken) -> Result<Vec<OamClient>, HttpError> {
        Ok(self
            .client
            .find_client_by_name(self.domain, self.name, cancel)
            .await?
            .into_iter()
            .collect())
    }

    fn id(&self, listed: &OamClient) -> String {
        listed.id.clone().unwrap_or_default()
    }

    fn matches(&self, listed: &OamClient) -> bool {
        listed.id.is_some() && matches_sent(listed, self.body)
    }

    fn secret_only_in_answer(&self) -> bool {
        self.secret_only_in_answer
    }

    fn matches_but_own_id(&self, listed: &OamClient) -> bool {
        listed.id.is_some() && listed.id != self.body.id && matches_sent_but_id(listed, self.body)
    }

    async fn delete(&self, id: &String, cancel: &CancellationToken) -> Result<(), HttpError> {
        self.client.delete_client(self.domain, id, cancel).await
    }

    /// OAM stamps no creation time, so the run's record serves only creates whose `id` the
    /// provider made: a configured one looks its name up before the first attempt.
    async fn record(&self, cancel: &CancellationToken) -> Result<Option<RunRecord<'_>>, HttpError> {
        if !self.sends_own_id() {
            return Ok(None);
        }
        self.existing
            .take(|| self.client.existing_listing(self.domain, cancel))
            .await
    }

    /// [`matches_sent`] requires the `id` sent.
    fn sends_own_id(&self) -> bool {
        self.own_id && self.body.id.is_some()
    }
}

/// Creates the client through [`create_with_recovery`], so that a lost answer never leads to a
/// duplicate. Returns the planned state with the client ID and secret filled in, already recorded
/// as partial state.
pub(super) async fn create_without_duplicate(
    client: &OracleOamClient,
    body: &OamClient,
    own_id: bool,
    planned: &OAuthClientState,
    ctx: &Context,
) -> Result<OAuthClientState, Diagnostics> {
    let cancel = ctx.cancellation();
    let (Some(domain), Some(name)) = (body.id_domain.as_deref(), body.name.as_deref()) else {
        return Err(Diagnostic::incomplete_plan("name").into());
    };
    let configured_secret = body.secret.clone();
    let recorded = |id: String, secret: Option<Secret>| {
        let mut state = planned.clone();
        state.id = Tf::Known(format!("{domain}/{id}"));
        state.client_id = Tf::Known(id);
        state.client_secret = Tf::from_option(secret);
        state.secret_issued_at =
            crate::vendors::rotation::timestamp(client.rest().transport().vendor_now());
        // The client exists now: whatever fails later, Terraform must keep it (and the secret,
        // which no later call returns).
        ctx.record_partial_state(&state);
        state
    };
    let public = body
        .client_type
        .as_deref()
        .is_some_and(|t| SECRETLESS_TYPES.contains(&t));
    let create = CreateOAuthClient {
        client,
        body,
        domain,
        name,
        secret_only_in_answer: configured_secret.is_none() && !public,
        own_id,
        existing: client.existing(domain),
    };
    let max_retries = client.rest().transport().policy().max_retries;
    match create_with_recovery(&create, max_retries, cancel).await? {
        Outcome::Created(created) => {
            // The answer's id and secret are the tenant's: they win over what was sent.
            if created.id.is_some() && created.id != body.id {
                tracing::debug!(name = %name, "the tenant did not keep the client ID the create sent: recording the tenant's");
            }
            let secret = created.secret.or_else(|| configured_secret.clone());
            let id = match created.id.or_else(|| body.id.clone()) {
                Some(id) => id,
                // The answer did not name the client: its name does, within the domain.
                None => client
                    .find_client_by_name(domain, name, cancel)
                    .await?
                    .and_then(|remote| remote.id)
                    .ok_or_else(|| {
                        Diagnostic::error(
                            "OAuth client ID unknown",
                            format!("OAM answered the create of client {name:?} in identity domain {domain} without its ID, and no client of that name is found."),
                        )
                    })?,
            };
            Ok(recorded(id, secret))
        }
        // Nothing is lost: the secret is the configured one, or there is none.
        Outcome::Recovered(remote) => Ok(recorded(create.id(&remote), configured_secret)),
        Outcome::LostSecret(id) => {
            recorded(id.clone(), None);
            Err(lost_secret(
                Subject::Named {
                    what: "OAM OAuth client",
                    name,
                },
                &id,
            )
            .into())
        }
        Outcome::Ambiguous(ids) => Err(ambiguous_create(
            Subject::Named {
                what: "OAM OAuth client",
                name,
            },
            &ids,
        )
        .into()),
    }
}
