//! The create of an Akamai API client with recovery from a lost answer.

use async_trait::async_trait;

use super::super::api::{ApiClientDetail, ApiClientRequest};
use super::super::client::AkamaiClient;
use super::mapping::state_from_remote;
use crate::http::existing::parse_timestamp;
use crate::http::recovery::{CANCEL_GRACE, Outcome, Recoverable};
use crate::http::unfinished::Unfinished;
use crate::http::{CancellationToken, HttpError, RunRecord};
use crate::vendors::create::{
    Named, Subject, ambiguous_create, create_reporting_duplicates, lost_secret, place_unfinished,
};
use std::time::SystemTime;
use tfplugin::{Context, Diagnostic, Diagnostics};

/// The create of one Akamai API client, for [`create_with_recovery`]. A client carries no secret
/// (credentials are separate), so a recovered client is as good as an answered create.
struct CreateApiClient<'a> {
    client: &'a AkamaiClient,
    request: &'a ApiClientRequest,
}

#[async_trait]
impl Recoverable for CreateApiClient<'_> {
    type Created = ApiClientDetail;
    type Listed = super::super::api::ApiClient;
    type Id = String;

    async fn create(&self, cancel: &CancellationToken) -> Result<ApiClientDetail, HttpError> {
        self.client.create_api_client(self.request, cancel).await
    }

    async fn candidates(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Vec<super::super::api::ApiClient>, HttpError> {
        Ok(self
            .client
            .list_api_clients(cancel)
            .await?
            .into_iter()
            .filter(|c| c.client_name.as_deref() == Some(self.request.client_name.as_str()))
            .collect())
    }

    fn id(&self, listed: &super::super::api::ApiClient) -> String {
        listed.client_id.clone()
    }

    fn matches(&self, listed: &super::super::api::ApiClient) -> bool {
        listed.client_description.as_deref().unwrap_or_default()
            == self
                .request
                .client_description
                .as_deref()
                .unwrap_or_default()
    }

    async fn record(&self, cancel: &CancellationToken) -> Result<Option<RunRecord<'_>>, HttpError> {
        self.client.existing_api_clients(cancel).await
    }

    fn created_at(&self, listed: &super::super::api::ApiClient) -> Option<SystemTime> {
        parse_timestamp(listed.created_date.as_deref())
    }

    /// Akamai allows several API clients with one name.
    fn duplicable_name(&self) -> Option<&str> {
        Some(&self.request.client_name)
    }
}

/// Creates the client through [`create_reporting_duplicates`], so a lost response never leads to a
/// duplicate and a same-name client that existed before is never adopted.
pub(super) async fn create_without_duplicate(
    client: &AkamaiClient,
    request: &ApiClientRequest,
    ctx: &Context,
) -> Result<ApiClientDetail, Diagnostics> {
    let cancel = ctx.cancellation();
    let create = CreateApiClient { client, request };
    let name = request.client_name.as_str();
    let named = Named {
        what: "Akamai API client",
        type_name: super::TYPE_NAME,
        name,
    };
    match create_reporting_duplicates(&create, named, client.rest().transport(), ctx).await? {
        Outcome::Created(created) => {
            record_created(&created, ctx);
            Ok(created)
        }
        Outcome::Recovered(found) => {
            // Read with a fresh, bounded token: Terraform's may have fired after the create left.
            let fresh = CancellationToken::new();
            let read = tokio::time::timeout(
                CANCEL_GRACE,
                client.get_api_client_detail(&found.client_id, &fresh),
            )
            .await;
            match read {
                Ok(Ok(Some(created))) => {
                    record_created(&created, ctx);
                    if cancel.is_cancelled() {
                        return Err(Diagnostic::from(tfplugin::PluginError::Cancelled).into());
                    }
                    Ok(created)
                }
                _ => Err(Diagnostic::error(
                    "API client created, but it cannot be read",
                    format!("The answer to the create of Akamai API client {name:?} was lost; the client it made ({}) exists but cannot be read now. Import it with terraform import, or delete it and apply again.", found.client_id),
                )
                .into()),
            }
        }
        Outcome::LostSecret(id) => Err(lost_secret(
            Subject::Named {
                what: "Akamai API client",
                name,
            },
            &id,
        )
        .into()),
        Outcome::Ambiguous(ids) => Err(ambiguous_create(
            Subject::Named {
                what: "Akamai API client",
                name,
            },
            &ids,
        )
        .into()),
    }
}

/// The refresh of an unfinished create (see [`crate::http::unfinished`]): the matching client
/// Akamai says it made at or after the send, read in full, if there is one.
pub(super) async fn place_unfinished_create(
    client: &AkamaiClient,
    request: &ApiClientRequest,
    unfinished: &Unfinished<'_>,
    ctx: &Context,
) -> Result<Option<ApiClientDetail>, Diagnostics> {
    let create = CreateApiClient { client, request };
    let named = Named {
        what: "Akamai API client",
        type_name: super::TYPE_NAME,
        name: &request.client_name,
    };
    match place_unfinished(&create, unfinished, named, ctx).await? {
        Some(found) => Ok(client
            .get_api_client_detail(&found.client_id, ctx.cancellation())
            .await?),
        None => Ok(None),
    }
}

/// The client exists now: whatever fails later, Terraform must keep it.
fn record_created(created: &ApiClientDetail, ctx: &Context) {
    ctx.record_partial_state(&state_from_remote(created));
}
