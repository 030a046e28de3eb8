//! The create of an Akamai API client credential with recovery from a lost answer.

use std::collections::BTreeSet;

use async_trait::async_trait;

use super::super::api::{CredentialDetail, NewCredential};
use super::super::client::AkamaiClient;
use super::mapping::state_from_remote;
use crate::http::recovery::{CANCEL_GRACE, Outcome, OutcomeOf, Recoverable, create_with_recovery};
use crate::http::{CancellationToken, HttpError};
use crate::vendors::create::{Subject, ambiguous_create, lost_secret};
use tfplugin::{AttributePath, Context, Diagnostic, Diagnostics, Tf};

async fn credential_ids(
    client: &AkamaiClient,
    client_id: &str,
    ctx: &Context,
) -> Result<BTreeSet<i64>, Diagnostics> {
    match client.list_credentials(client_id, ctx.cancellation()).await? {
        Some(listed) => Ok(listed.into_iter().map(|c| c.credential_id).collect()),
        None => Err(Diagnostic::error(
            "API client not found",
            format!("The Akamai API client {client_id} does not exist, so no credential can be created for it. Check client_id."),
        )
        .at(AttributePath::root("client_id"))
        .into()),
    }
}

/// The create of one credential, for [`create_with_recovery`]. The POST has no body, so any new
/// credential of the client is what it made; Akamai shows the secret only in the create answer, so
/// a twin whose answer was lost is deactivated and deleted, and the create repeated. The
/// managed resource and the ephemeral credential both create through it.
pub(in crate::vendors::akamai) struct CreateCredential<'a> {
    pub(in crate::vendors::akamai) client: &'a AkamaiClient,
    pub(in crate::vendors::akamai) client_id: &'a str,
}

#[async_trait]
impl Recoverable for CreateCredential<'_> {
    type Created = NewCredential;
    type Listed = CredentialDetail;
    type Id = i64;

    async fn create(&self, cancel: &CancellationToken) -> Result<NewCredential, HttpError> {
        self.client.create_credential(self.client_id, cancel).await
    }

    async fn candidates(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Vec<CredentialDetail>, HttpError> {
        Ok(self
            .client
            .list_credentials(self.client_id, cancel)
            .await?
            .unwrap_or_default())
    }

    fn id(&self, listed: &CredentialDetail) -> i64 {
        listed.credential_id
    }

    fn matches(&self, _listed: &CredentialDetail) -> bool {
        true
    }

    fn secret_only_in_answer(&self) -> bool {
        true
    }

    async fn delete(&self, id: &i64, cancel: &CancellationToken) -> Result<(), HttpError> {
        // Only an inactive credential can be deleted.
        self.client
            .deactivate_credential(self.client_id, *id, cancel)
            .await?;
        self.client
            .delete_credential(self.client_id, *id, cancel)
            .await
            .map(drop)
    }
}

/// Creates a credential through [`create_with_recovery`], so a lost response never leads to a
/// second credential, and ends with a known secret where the API allows.
pub(super) async fn create_without_duplicate(
    client: &AkamaiClient,
    client_id: &str,
    ctx: &Context,
) -> Result<NewCredential, Diagnostics> {
    // Fails with a clear diagnostic when the API client does not exist.
    credential_ids(client, client_id, ctx).await?;
    let owner = format!("Akamai API client {client_id}");
    match create_explained(client, client_id, ctx).await? {
        Outcome::Created(created) => Ok(created),
        Outcome::Recovered(remote) => lost(client, client_id, remote.credential_id, ctx).await,
        Outcome::LostSecret(id) => lost(client, client_id, id, ctx).await,
        Outcome::Ambiguous(ids) => {
            Err(ambiguous_create(Subject::CredentialOf { client: &owner }, &ids).into())
        }
    }
}

/// One credential created through [`create_with_recovery`] (a lost answer never leaves a second
/// credential), with a refusal explained by [`explain_refusal`]: the managed resource and the
/// ephemeral credential both create through it and differ only in what they make of the outcome.
pub(in crate::vendors::akamai) async fn create_explained<'a>(
    client: &'a AkamaiClient,
    client_id: &'a str,
    ctx: &Context,
) -> Result<OutcomeOf<CreateCredential<'a>>, Diagnostics> {
    let create = CreateCredential { client, client_id };
    let max_retries = client.rest().transport().policy().max_retries;
    match create_with_recovery(&create, max_retries, ctx.cancellation()).await {
        Ok(outcome) => Ok(outcome),
        Err(err) => Err(explain_refusal(client, client_id, err, "create", ctx).await),
    }
}

/// A credential whose secret was lost and which could not be removed: recorded without a secret
/// (tainted), so that the next apply deactivates, deletes and replaces it.
async fn lost(
    client: &AkamaiClient,
    client_id: &str,
    credential_id: i64,
    ctx: &Context,
) -> Result<NewCredential, Diagnostics> {
    let fresh = CancellationToken::new();
    if let Ok(Ok(Some(remote))) = tokio::time::timeout(
        CANCEL_GRACE,
        client.get_credential(client_id, credential_id, &fresh),
    )
    .await
    {
        ctx.record_partial_state(&state_from_remote(client_id, &remote, &Tf::Null, Tf::Null));
    }
    let owner = format!("Akamai API client {client_id}");
    Err(lost_secret(Subject::CredentialOf { client: &owner }, &credential_id).into())
}

/// The diagnostic of a failed credential call. Akamai refuses (403) to create or change a
/// credential of a locked API client, and the generic 403 diagnostic would blame the provider's
/// permissions; so a 403 looks at the client once and, when it is locked, names the lock and the
/// way out. The provider does not unlock the client itself: the lock may be someone's answer to
/// an incident, and the credential resource cannot tell (only the client resource owns `lock`).
pub(in crate::vendors::akamai) async fn explain_refusal(
    client: &AkamaiClient,
    client_id: &str,
    err: HttpError,
    action: &str,
    ctx: &Context,
) -> Diagnostics {
    let forbidden = matches!(&err, HttpError::Api(api) if api.status == 403);
    if !forbidden {
        return err.into();
    }
    let locked = client
        .get_api_client(client_id, ctx.cancellation())
        .await
        .ok()
        .flatten()
        .and_then(|remote| remote.is_locked)
        == Some(true);
    if !locked {
        return err.into();
    }
    Diagnostic::error(
        format!("Akamai API client {client_id} is locked"),
        format!(
            "Akamai refuses to {action} a credential of a locked API client ({err}). The client \
             is locked by `lock = true` on its apiclients_akamai_api_client, or outside Terraform. \
             Unlock it first: set `lock = false` (or remove `lock`) and apply, which unlocks the \
             client and then changes its credentials; set `lock = true` again in a later apply. \
             A locked client's credentials can still be deactivated and deleted."
        ),
    )
    .at(AttributePath::root("client_id"))
    .into()
}
