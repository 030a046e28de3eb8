//! `apiclients_ibm_verify_access_token`: an ephemeral client-credentials token of an API client,
//! minted at `{tenant}/v1.0/endpoint/default/token` on the tenant of the provider's `ibm_verify`
//! block, never written to a plan or a state. See [`crate::vendors::access_token`] for what
//! the token resources share.

use async_trait::async_trait;
use tfplugin::{Attribute, Block, Context, Diagnostics, EphemeralResource, Opened, Schema, Tf};

use crate::handle::ProviderHandle;
use crate::http::Vendor;
use crate::vendors::access_token::{
    AccessTokenState, ClientStatus, client_id, client_secret, credential_attributes, mint,
    result_attributes,
};
use crate::vendors::ibm_verify::api::{ListQuery, search_exact};

/// The ephemeral resource.
#[derive(Debug)]
pub struct IbmVerifyAccessToken {
    handle: ProviderHandle,
}

impl IbmVerifyAccessToken {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl EphemeralResource for IbmVerifyAccessToken {
    type State = AccessTokenState;
    type Private = ();

    fn type_name(&self) -> &'static str {
        "ibm_verify_access_token"
    }

    fn schema(&self) -> Schema {
        let block = Block::new().markdown_description(
            "An OAuth 2.0 access token of an IBM Security Verify API client, from the client_credentials grant at the tenant's `/v1.0/endpoint/default/token`, for the run only: never written to a plan or a state. The tenant and HTTP settings are the provider's `ibm_verify` block's; `client_id` and `client_secret` are those of the client the token is for, such as an `apiclients_ibm_verify_api_client` made in an earlier apply.\n\nThe token carries that client's entitlements. A typical use is a second, aliased provider configuration with `ibm_verify { access_token = ... }`.\n\nA client_credentials grant issues no refresh token, so the token is not renewed: Terraform opens it again in each plan and apply, and it lives as long as IBM says (`expires_at`, about two hours).",
        );
        let block = credential_attributes(block, "API client").attribute(
            Attribute::string("scope")
                .optional()
                .computed()
                .description("The scope to ask for (space-separated); `openid` when unset, as IBM documents. The result is the scope IBM granted."),
        );
        Schema::new(result_attributes(block, Vendor::IbmVerify))
    }

    async fn open(
        &self,
        ctx: &Context,
        config: AccessTokenState,
    ) -> Result<Opened<AccessTokenState, ()>, Diagnostics> {
        let client = self.handle.ibm_verify()?;
        let id = client_id(&config.client_id)?;
        let secret = client_secret(&config.client_secret)?;
        let grant = client.client_credentials(id, &secret, config.scope.as_str());
        // IBM API clients have no grant types: any enabled client may use client_credentials.
        let lookup = || async {
            let query = ListQuery {
                search: Some(search_exact("clientId", id)),
                filter: Some("!clientSecret".to_owned()),
                ..ListQuery::default()
            };
            let page = client.list(&query, ctx.cancellation()).await.ok()?;
            Some(
                match page
                    .api_clients
                    .iter()
                    .find(|c| c.client_id.as_deref() == Some(id))
                {
                    None => ClientStatus::NotFound,
                    Some(found) if found.enabled == Some(false) => ClientStatus::Disabled,
                    Some(_) => ClientStatus::Usable,
                },
            )
        };
        let token = mint(ctx, id, grant, lookup).await?;
        // A configured scope stays as written (Terraform holds a result to its configuration);
        // an unset one is what IBM granted.
        let scope = config
            .scope
            .known()
            .cloned()
            .or(token.scope.clone())
            .unwrap_or_else(|| "openid".to_owned());
        Ok(Opened::new(config.opened(token, Tf::Known(scope)), ()))
    }
}
