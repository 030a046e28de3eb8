//! The create of an IBM Verify API client with recovery from a lost answer.

use std::collections::BTreeSet;

use async_trait::async_trait;
use tokio_util::sync::CancellationToken;

use super::super::api::{ApiClientConfig, IbmVerifyClient};
use crate::http::recovery::{Outcome, Recoverable};
use crate::http::unfinished::Unfinished;
use crate::http::{HttpError, RunRecord};
use crate::vendors::create::{
    Named, Subject, ambiguous_create, create_reporting_duplicates, lost_secret, place_unfinished,
};
use tfplugin::{Context, Diagnostics};

/// Whether `candidate` (found by name after an uncertain create) is the client `sent` describes.
pub(super) fn matches_sent(candidate: &ApiClientConfig, sent: &ApiClientConfig) -> bool {
    (sent.client_id.is_none() || candidate.client_id == sent.client_id)
        && matches_sent_but_client_id(candidate, sent)
}

/// [`matches_sent`] less the client ID, which a tenant may replace with its own.
fn matches_sent_but_client_id(candidate: &ApiClientConfig, sent: &ApiClientConfig) -> bool {
    let as_set = |names: &Option<Vec<String>>| -> BTreeSet<String> {
        names.iter().flatten().cloned().collect()
    };
    as_set(&candidate.entitlements) == as_set(&sent.entitlements)
        && candidate.enabled.unwrap_or(true) == sent.enabled.unwrap_or(true)
        && candidate.description.as_deref().unwrap_or_default()
            == sent.description.as_deref().unwrap_or_default()
}

/// The create of one IBM Verify API client, for [`create_with_recovery`]. IBM shows the secret on
/// every GET, so a recovered client is as good as an answered create.
struct CreateApiClient<'a> {
    client: &'a IbmVerifyClient,
    body: &'a ApiClientConfig,
    /// The body's `clientId` was made by the provider for this create (see
    /// [`Recoverable::sends_own_id`]), not named by the configuration.
    own_client_id: bool,
}

#[async_trait]
impl Recoverable for CreateApiClient<'_> {
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

    fn matches_but_own_id(&self, listed: &ApiClientConfig) -> bool {
        listed.id.is_some()
            && listed.client_id != self.body.client_id
            && matches_sent_but_client_id(listed, self.body)
    }

    /// IBM Verify allows several API clients with one name.
    fn duplicable_name(&self) -> Option<&str> {
        self.body.client_name.as_deref()
    }

    /// IBM stamps no creation time, so the run's record serves only creates whose `clientId` the
    /// provider made: a configured one lists the same-name clients before the first attempt.
    async fn record(&self, cancel: &CancellationToken) -> Result<Option<RunRecord<'_>>, HttpError> {
        if !self.sends_own_id() {
            return Ok(None);
        }
        self.client.existing(cancel).await
    }

    /// [`matches_sent`] requires the `clientId` sent.
    fn sends_own_id(&self) -> bool {
        self.own_client_id && self.body.client_id.is_some()
    }
}

/// POST through [`create_reporting_duplicates`], so that a create that did reach the tenant is found
/// rather than duplicated, and a same-name client that existed before is never adopted.
pub(super) async fn create_without_duplicate(
    client: &IbmVerifyClient,
    body: &ApiClientConfig,
    own_client_id: bool,
    ctx: &Context,
) -> Result<String, Diagnostics> {
    let create = CreateApiClient {
        client,
        body,
        own_client_id,
    };
    let name = body.client_name.as_deref().unwrap_or_default();
    let named = Named {
        what: "IBM Verify API client",
        type_name: "ibm_verify_api_client",
        name,
    };
    match create_reporting_duplicates(&create, named, client.rest().transport(), ctx).await? {
        Outcome::Created(key) => Ok(key),
        Outcome::Recovered(found) => Ok(create.id(&found)),
        // Not reachable (the secret is readable later); reported rather than assumed.
        Outcome::LostSecret(key) => Err(lost_secret(
            Subject::Named {
                what: "IBM Verify API client",
                name,
            },
            &key,
        )
        .into()),
        Outcome::Ambiguous(keys) => Err(ambiguous_create(
            Subject::Named {
                what: "IBM Verify API client",
                name,
            },
            &keys,
        )
        .into()),
    }
}

/// The refresh of an unfinished create (see [`crate::http::unfinished`]): the client carrying the
/// client ID it sent, if the tenant made it.
pub(super) async fn place_unfinished_create(
    client: &IbmVerifyClient,
    body: &ApiClientConfig,
    unfinished: &Unfinished<'_>,
    ctx: &Context,
) -> Result<Option<ApiClientConfig>, Diagnostics> {
    let create = CreateApiClient {
        client,
        body,
        own_client_id: true,
    };
    let named = Named {
        what: "IBM Verify API client",
        type_name: "ibm_verify_api_client",
        name: body.client_name.as_deref().unwrap_or_default(),
    };
    place_unfinished(&create, unfinished, named, ctx).await
}
