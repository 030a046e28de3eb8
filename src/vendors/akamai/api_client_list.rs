//! The list resources of Akamai IAM (`terraform query`): `apiclients_akamai_api_client` (the
//! account's API clients, `GET /identity-management/v3/api-clients`, the data source's call)
//! and `apiclients_akamai_api_client_credential` (the credentials of one client or of all).

use async_trait::async_trait;
use serde::Deserialize;

use crate::handle::ProviderHandle;
use crate::vendors::akamai::api_client::{ApiClientState, state_from_remote};
use crate::vendors::akamai::api_client_credential::{
    CredentialState, state_from_remote as credential_from_remote,
};
use crate::vendors::filter_excludes;
use tfplugin::{
    Attribute, Block, Context, Diagnostics, ListResource, ListResults, Schema, Tf, Validator,
};

/// The `config` block of the API client list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ApiClientFilters {
    pub client_name: Tf<String>,
    pub locked: Tf<bool>,
}

/// The list resource `apiclients_akamai_api_client`.
#[derive(Debug)]
pub struct AkamaiApiClientList {
    handle: ProviderHandle,
}

impl AkamaiApiClientList {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl ListResource for AkamaiApiClientList {
    type Config = ApiClientFilters;
    type State = ApiClientState;

    fn type_name(&self) -> &'static str {
        "akamai_api_client"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .markdown_description("Finds the API clients of the Akamai account (`GET /identity-management/v3/api-clients`). Each result is named by the client's name and carries its identity (`id`, the client ID); with `include_resource = true` also the full object (one more read per client), without its access token.")
                .attribute(
                    Attribute::string("client_name")
                        .optional()
                        .description("Only the client with exactly this name.")
                        .validate(Validator::non_empty()),
                )
                .attribute(
                    Attribute::bool("locked")
                        .optional()
                        .description("Only locked (true) or unlocked (false) clients."),
                ),
        )
    }

    async fn list(
        &self,
        ctx: &Context,
        filters: ApiClientFilters,
        results: &mut ListResults<ApiClientState>,
    ) -> Result<(), Diagnostics> {
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        for summary in client.list_api_clients(cancel).await? {
            if filter_excludes(&filters.client_name, summary.client_name.as_ref())
                || filter_excludes(&filters.locked, Some(&summary.is_locked.unwrap_or(false)))
            {
                continue;
            }
            let name = summary
                .client_name
                .clone()
                .unwrap_or_else(|| summary.client_id.clone());
            let state = if results.include_resource() {
                match client
                    .get_api_client_detail(&summary.client_id, cancel)
                    .await?
                {
                    Some(detail) => state_from_remote(&detail),
                    // Deleted between the list and the read.
                    None => continue,
                }
            } else {
                ApiClientState {
                    id: Tf::Known(summary.client_id.clone()),
                    client_name: Tf::from_option(summary.client_name.clone()),
                    ..ApiClientState::default()
                }
            };
            if !results.push(name, &state).await {
                break;
            }
        }
        Ok(())
    }
}

/// The `config` block of the credential list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CredentialFilters {
    pub client_id: Tf<String>,
    pub status: Tf<String>,
}

/// The list resource `apiclients_akamai_api_client_credential`.
#[derive(Debug)]
pub struct AkamaiApiClientCredentialList {
    handle: ProviderHandle,
}

impl AkamaiApiClientCredentialList {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl ListResource for AkamaiApiClientCredentialList {
    type Config = CredentialFilters;
    type State = CredentialState;

    fn type_name(&self) -> &'static str {
        "akamai_api_client_credential"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .markdown_description("Finds the credentials of one Akamai API client, or of every client of the account (`GET /identity-management/v3/api-clients/{clientId}/credentials`). Deleted credentials are never listed. Each result is named `<client name>/<credential ID>` and carries its identity (`client_id`, `id`); with `include_resource = true` also the full object, without its client token or secret.")
                .attribute(
                    Attribute::string("client_id")
                        .optional()
                        .description("The client ID of the API client whose credentials to list; all clients when left out.")
                        .validate(Validator::non_empty()),
                )
                .attribute(
                    Attribute::string("status")
                        .optional()
                        .markdown_description("Only credentials in this state: `ACTIVE` or `INACTIVE`.")
                        .validate(Validator::one_of(&["ACTIVE", "INACTIVE"])),
                ),
        )
    }

    async fn list(
        &self,
        ctx: &Context,
        filters: CredentialFilters,
        results: &mut ListResults<CredentialState>,
    ) -> Result<(), Diagnostics> {
        let client = self.handle.akamai()?;
        let cancel = ctx.cancellation();
        let clients: Vec<(String, String)> = match filters.client_id.known() {
            Some(id) => vec![(id.clone(), id.clone())],
            None => client
                .list_api_clients(cancel)
                .await?
                .into_iter()
                .map(|c| {
                    let name = c.client_name.unwrap_or_else(|| c.client_id.clone());
                    (c.client_id, name)
                })
                .collect(),
        };
        for (client_id, client_name) in clients {
            // A client deleted meanwhile has no credentials left to list.
            let Some(credentials) = client.list_credentials(&client_id, cancel).await? else {
                continue;
            };
            for remote in credentials {
                if remote.status.as_deref() == Some("DELETED")
                    || filter_excludes(&filters.status, remote.status.as_ref())
                {
                    continue;
                }
                let state = credential_from_remote(&client_id, &remote, &Tf::Null, Tf::Null);
                let name = format!("{client_name}/{}", remote.credential_id);
                if !results.push(name, &state).await {
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}
