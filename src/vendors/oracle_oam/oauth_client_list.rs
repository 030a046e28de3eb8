//! The list resource `apiclients_oracle_oam_oauth_client` (`terraform query`): the OAuth clients
//! of one identity domain (`GET …/client?identityDomainName=`), the data source's call.

use async_trait::async_trait;
use serde::Deserialize;

use crate::handle::ProviderHandle;
use crate::vendors::filter_excludes;
use crate::vendors::oracle_oam::config::{ENV_IDENTITY_DOMAIN, identity_domain_or_default};
use crate::vendors::oracle_oam::oauth_client::{CLIENT_TYPES, OAuthClientState, state_from_remote};
use tfplugin::{
    Attribute, Block, Context, Diagnostics, ListResource, ListResults, Schema, Tf, Validator,
};

/// The `config` block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OAuthClientFilters {
    pub identity_domain: Tf<String>,
    pub name: Tf<String>,
    pub client_type: Tf<String>,
}

/// The list resource.
#[derive(Debug)]
pub struct OracleOamOAuthClientList {
    handle: ProviderHandle,
}

impl OracleOamOAuthClientList {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl ListResource for OracleOamOAuthClientList {
    type Config = OAuthClientFilters;
    type State = OAuthClientState;

    fn type_name(&self) -> &'static str {
        "oracle_oam_oauth_client"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .markdown_description("Finds the OAuth clients of one OAM identity domain. Each result is named by the client's name and carries its identity (`identity_domain`, `client_id`); with `include_resource = true` also the full object, without its secret (OAM masks it anyway).")
                .attribute(
                    Attribute::string("identity_domain")
                        .optional()
                        .markdown_description(format!("The identity domain to list. Defaults to the provider's `oracle_oam.identity_domain` (environment variable `{ENV_IDENTITY_DOMAIN}`)."))
                        .validate(Validator::non_empty()),
                )
                .attribute(
                    Attribute::string("name")
                        .optional()
                        .description("Only the client with exactly this name.")
                        .validate(Validator::non_empty()),
                )
                .attribute(
                    Attribute::string("client_type")
                        .optional()
                        .markdown_description("Only clients of this type: `CONFIDENTIAL_CLIENT`, `PUBLIC_CLIENT` or `MOBILE_CLIENT`.")
                        .validate(Validator::one_of(CLIENT_TYPES)),
                ),
        )
    }

    async fn list(
        &self,
        ctx: &Context,
        filters: OAuthClientFilters,
        results: &mut ListResults<OAuthClientState>,
    ) -> Result<(), Diagnostics> {
        let client = self.handle.oracle_oam()?;
        let domain =
            identity_domain_or_default(filters.identity_domain.as_str(), client.identity_domain())?;
        let known = OAuthClientState {
            identity_domain: Tf::Known(domain.clone()),
            ..OAuthClientState::default()
        };
        for remote in client.list_clients(&domain, ctx.cancellation()).await? {
            if filter_excludes(&filters.name, remote.name.as_ref())
                || filter_excludes(&filters.client_type, remote.client_type.as_ref())
            {
                continue;
            }
            let state = state_from_remote(&remote, &known);
            let name = remote
                .name
                .clone()
                .or(remote.id.clone())
                .unwrap_or_default();
            if !results.push(name, &state).await {
                break;
            }
        }
        Ok(())
    }
}
