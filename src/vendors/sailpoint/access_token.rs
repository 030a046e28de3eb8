//! `apiclients_sailpoint_access_token`: an ephemeral client-credentials token of an OAuth client
//! (or personal access token), minted at `{base}/oauth/token` on the tenant of the provider's
//! `sailpoint` block, never written to a plan or a state. See
//! [`crate::vendors::access_token`] for what the token resources share.

use async_trait::async_trait;
use tfplugin::{Attribute, Block, Context, Diagnostics, EphemeralResource, Opened, Schema, Tf};

use crate::handle::ProviderHandle;
use crate::http::Vendor;
use crate::vendors::access_token::{
    AccessTokenState, ClientStatus, client_id, client_secret, credential_attributes, mint,
    result_attributes,
};
use crate::vendors::sailpoint::api::GrantType;

/// The ephemeral resource.
#[derive(Debug)]
pub struct SailPointAccessToken {
    handle: ProviderHandle,
}

impl SailPointAccessToken {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl EphemeralResource for SailPointAccessToken {
    type State = AccessTokenState;
    type Private = ();

    fn type_name(&self) -> &'static str {
        "sailpoint_access_token"
    }

    fn schema(&self) -> Schema {
        let block = Block::new().markdown_description(
            "An OAuth 2.0 access token of a SailPoint Identity Security Cloud OAuth client or personal access token, from the client_credentials grant at the tenant's `/oauth/token`, for the run only: never written to a plan or a state. The tenant and HTTP settings are the provider's `sailpoint` block's; `client_id` and `client_secret` are those of the client the token is for, such as the `id` and `secret` of an `apiclients_sailpoint_oauth_client` made in an earlier apply (it needs the `CLIENT_CREDENTIALS` grant type and must be enabled).\n\nThe token acts with that client's scopes and, for a personal access token, its owner's rights (SailPoint lets only tokens with a user context change OAuth clients). A typical use is a second, aliased provider configuration with `sailpoint { access_token = ... }`.\n\nA client_credentials grant issues no refresh token, so the token is not renewed: Terraform opens it again in each plan and apply, and it lives for the client's `access_token_validity_seconds` (`expires_at`).",
        );
        let block = credential_attributes(block, "OAuth client").attribute(
            Attribute::string("scope")
                .computed()
                .description("The scopes the token carries (space-separated), as SailPoint answered; SailPoint takes them from the client, not from the request."),
        );
        Schema::new(result_attributes(block, Vendor::SailPoint))
    }

    async fn open(
        &self,
        ctx: &Context,
        config: AccessTokenState,
    ) -> Result<Opened<AccessTokenState, ()>, Diagnostics> {
        let client = self.handle.sailpoint()?;
        let id = client_id(&config.client_id)?;
        let secret = client_secret(&config.client_secret)?;
        // SailPoint answers invalid_client for a wrong secret, a disabled client and one without
        // the grant alike; the provider's own credentials tell them apart.
        let lookup = || async {
            Some(match client.get(id, ctx.cancellation()).await.ok()? {
                None => ClientStatus::NotFound,
                Some(found) if found.enabled == Some(false) => ClientStatus::Disabled,
                Some(found)
                    if !found
                        .grant_types
                        .as_deref()
                        .unwrap_or_default()
                        .contains(&GrantType::ClientCredentials) =>
                {
                    ClientStatus::MissingGrant
                }
                Some(_) => ClientStatus::Usable,
            })
        };
        let token = mint(ctx, id, client.client_credentials(id, &secret), lookup).await?;
        let scope = Tf::from_option(token.scope.clone());
        Ok(Opened::new(config.opened(token, scope), ()))
    }
}
