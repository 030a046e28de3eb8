//! The create of a SailPoint OAuth client with recovery from a lost answer.

use std::collections::BTreeSet;

use async_trait::async_trait;

use super::super::api::{
    CreateOAuthClientRequest, CreateOAuthClientResponse, GetOAuthClientResponse, GrantType,
    SailPointClient,
};
use super::mapping::{OAuthClientState, state_from_remote};
use crate::http::existing::parse_timestamp;
use crate::http::recovery::{CANCEL_GRACE, Outcome, Recoverable};
use crate::http::unfinished::Unfinished;
use crate::http::{CancellationToken, HttpError, RunRecord};
use crate::vendors::create::{
    Named, Subject, ambiguous_create, create_reporting_duplicates, lost_secret, place_unfinished,
};
use std::time::SystemTime;
use tfplugin::{Context, Diagnostics, Tf};

/// The create of one SailPoint OAuth client, for [`create_with_recovery`].
struct CreateOAuthClient<'a> {
    client: &'a SailPointClient,
    request: &'a CreateOAuthClientRequest,
}

#[async_trait]
impl Recoverable for CreateOAuthClient<'_> {
    type Created = CreateOAuthClientResponse;
    type Listed = GetOAuthClientResponse;
    type Id = String;

    async fn create(&self, cancel: &CancellationToken) -> Result<Self::Created, HttpError> {
        self.client.create(self.request, cancel).await
    }

    async fn candidates(&self, cancel: &CancellationToken) -> Result<Vec<Self::Listed>, HttpError> {
        self.client.find_by_name(&self.request.name, cancel).await
    }

    fn id(&self, listed: &Self::Listed) -> String {
        listed.id.clone()
    }

    fn matches(&self, listed: &Self::Listed) -> bool {
        matches_sent(listed, self.request)
    }

    /// SailPoint shows the secret only in the create answer.
    fn secret_only_in_answer(&self) -> bool {
        true
    }

    async fn delete(&self, id: &String, cancel: &CancellationToken) -> Result<(), HttpError> {
        self.client.delete(id, cancel).await
    }

    async fn record(&self, cancel: &CancellationToken) -> Result<Option<RunRecord<'_>>, HttpError> {
        self.client.existing(cancel).await
    }

    fn created_at(&self, listed: &Self::Listed) -> Option<SystemTime> {
        parse_timestamp(listed.created.as_deref())
    }

    /// SailPoint allows several clients with one name.
    fn duplicable_name(&self) -> Option<&str> {
        Some(&self.request.name)
    }
}

/// Creates the client through [`create_reporting_duplicates`], so that a lost answer never leads to a
/// duplicate, and records it as partial state as soon as it exists.
pub(super) async fn create_without_duplicate(
    client: &SailPointClient,
    request: &CreateOAuthClientRequest,
    ctx: &Context,
) -> Result<OAuthClientState, Diagnostics> {
    let create = CreateOAuthClient { client, request };
    let lost = |id: String| async move {
        // Recorded without a secret (tainted): the next apply replaces it. A fresh token, bounded,
        // because Terraform's may have fired.
        let fresh = CancellationToken::new();
        if let Ok(Ok(Some(remote))) =
            tokio::time::timeout(CANCEL_GRACE, client.get(&id, &fresh)).await
        {
            ctx.record_partial_state(&state_from_remote(&remote, Tf::Null));
        }
        Err(lost_secret(
            Subject::Named {
                what: "SailPoint OAuth client",
                name: &request.name,
            },
            &id,
        )
        .into())
    };
    let named = Named {
        what: "SailPoint OAuth client",
        type_name: super::TYPE_NAME,
        name: &request.name,
    };
    match create_reporting_duplicates(&create, named, client.rest().transport(), ctx).await? {
        Outcome::Created(created) => {
            let secret = created.secret().cloned();
            let state = state_from_remote(&created.client, Tf::from_option(secret));
            // The client exists now: whatever fails later, Terraform must keep it (and the
            // secret, which no later call can return).
            ctx.record_partial_state(&state);
            Ok(state)
        }
        Outcome::Recovered(remote) => lost(remote.id).await,
        Outcome::LostSecret(id) => lost(id).await,
        Outcome::Ambiguous(ids) => Err(ambiguous_create(
            Subject::Named {
                what: "SailPoint OAuth client",
                name: &request.name,
            },
            &ids,
        )
        .into()),
    }
}

/// The refresh of an unfinished create (see [`crate::http::unfinished`]): the matching client
/// SailPoint says it made at or after the send, if there is one.
pub(super) async fn place_unfinished_create(
    client: &SailPointClient,
    request: &CreateOAuthClientRequest,
    unfinished: &Unfinished<'_>,
    ctx: &Context,
) -> Result<Option<GetOAuthClientResponse>, Diagnostics> {
    let create = CreateOAuthClient { client, request };
    let named = Named {
        what: "SailPoint OAuth client",
        type_name: super::TYPE_NAME,
        name: &request.name,
    };
    place_unfinished(&create, unfinished, named, ctx).await
}

/// Whether a listed client has the settings a create request asked for.
fn matches_sent(remote: &GetOAuthClientResponse, request: &CreateOAuthClientRequest) -> bool {
    let same_grants = remote.grant_types.as_ref().is_some_and(|grants| {
        grants
            .iter()
            .copied()
            .map(GrantType::as_str)
            .collect::<BTreeSet<_>>()
            == request
                .grant_types
                .iter()
                .copied()
                .map(GrantType::as_str)
                .collect()
    });
    remote.name.as_deref() == Some(request.name.as_str())
        && remote.description.as_deref() == Some(request.description.as_str())
        && remote.access_token_validity_seconds == Some(request.access_token_validity_seconds)
        && remote.access_type == Some(request.access_type)
        && request
            .client_type
            .is_none_or(|t| remote.client_type == Some(t))
        && same_grants
}
