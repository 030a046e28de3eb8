//! `apiclients_oracle_oam_access_token`: an ephemeral client-credentials token of an OAM OAuth
//! client, minted at the OAuth runtime's `/oauth2/rest/token`, never written to a plan or a
//! state. See [`crate::vendors::access_token`] for what the token resources share.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tfplugin::{
    Attribute, AttributePath, Block, Context, Diagnostic, Diagnostics, EphemeralResource, Opened,
    Schema, Sensitive, Tf, Validator,
};

use crate::handle::ProviderHandle;
use crate::http::Vendor;
use crate::vendors::access_token::{
    ClientStatus, client_id, client_secret, credential_attributes, mint, result_attributes,
};
use crate::vendors::parse_base_url;

/// The configuration and result.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OamAccessTokenState {
    pub client_id: Tf<String>,
    pub client_secret: Tf<Sensitive<String>>,
    pub identity_domain: Tf<String>,
    pub server_url: Tf<String>,
    pub scope: Tf<String>,
    pub access_token: Tf<Sensitive<String>>,
    pub token_type: Tf<String>,
    pub expires_at: Tf<String>,
}

const SERVER_URL_HINT: &str =
    "use the URL of the OAM managed server, such as https://oam.example.com:14100";

/// The ephemeral resource.
#[derive(Debug)]
pub struct OracleOamAccessToken {
    handle: ProviderHandle,
}

impl OracleOamAccessToken {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

#[async_trait]
impl EphemeralResource for OracleOamAccessToken {
    type State = OamAccessTokenState;
    type Private = ();

    fn type_name(&self) -> &'static str {
        "oracle_oam_access_token"
    }

    fn schema(&self) -> Schema {
        let block = Block::new().markdown_description(
            "An OAuth 2.0 access token of an Oracle Access Manager OAuth client, from the client-credentials grant (`grant_type=CLIENT_CREDENTIALS`, the client in HTTP Basic, its identity domain in `X-OAUTH-IDENTITY-DOMAIN-NAME`) at the OAuth runtime's `/oauth2/rest/token`, for the run only: never written to a plan or a state. `client_id` and `client_secret` are those of the client the token is for, such as an `apiclients_oracle_oam_oauth_client` made in an earlier apply (it needs the `CLIENT_CREDENTIALS` grant type); the HTTP settings are the provider's `oracle_oam` block's.\n\nA client-credentials grant issues no refresh token, so the token is not renewed: Terraform opens it again in each plan and apply, and it lives for the identity domain's token expiry (`expires_at`).",
        );
        let block = credential_attributes(block, "OAuth client")
            .attribute(
                Attribute::string("identity_domain")
                    .optional()
                    .computed()
                    .description("The OAuth identity domain of the client. Defaults to the provider's `oracle_oam.identity_domain` (or OAM_IDENTITY_DOMAIN)."),
            )
            .attribute(
                Attribute::string("server_url")
                    .optional()
                    .description("Base URL of the OAM server that serves the OAuth runtime (a managed server, typically port 14100, not the admin server). Defaults to the provider's `oracle_oam.base_url`, which is right when one address serves both, as the sandbox does.")
                    .validate(Validator::url()),
            )
            .attribute(
                Attribute::string("scope")
                    .optional()
                    .description("The scopes to ask for (space-separated), among the client's `scopes`; without it OAM applies the client's `default_scope`."),
            );
        Schema::new(result_attributes(block, Vendor::OracleOam))
    }

    async fn open(
        &self,
        ctx: &Context,
        config: OamAccessTokenState,
    ) -> Result<Opened<OamAccessTokenState, ()>, Diagnostics> {
        let client = self.handle.oracle_oam()?;
        let id = client_id(&config.client_id)?;
        let secret = client_secret(&config.client_secret)?;
        let identity_domain = config
            .identity_domain
            .as_str()
            .or(client.identity_domain())
            .map(str::to_owned)
            .ok_or_else(|| {
                Diagnostic::error(
                    "No identity domain",
                    "The token request needs the client's identity domain: set identity_domain here, or identity_domain in the provider's oracle_oam block (or OAM_IDENTITY_DOMAIN).",
                )
                .at(AttributePath::root("identity_domain"))
            })?;
        let server = config
            .server_url
            .as_str()
            .map(|text| parse_base_url(text, "server_url", SERVER_URL_HINT))
            .transpose()
            .map_err(|e| Diagnostic::invalid_attribute("server_url", e.to_string()))?;
        let grant = client
            .client_credentials(
                id,
                &secret,
                &identity_domain,
                server.as_ref(),
                config.scope.as_str(),
            )
            .map_err(|e| Diagnostic::from(e).at(AttributePath::root("identity_domain")))?;
        // OAM clients are never disabled; a refused client is unknown, without the grant, or
        // given a wrong secret.
        let lookup = || async {
            Some(
                match client
                    .get_client(&identity_domain, id, ctx.cancellation())
                    .await
                    .ok()?
                {
                    None => ClientStatus::NotFound,
                    Some(found)
                        if !found
                            .grant_types
                            .as_deref()
                            .unwrap_or_default()
                            .iter()
                            .any(|grant| grant == "CLIENT_CREDENTIALS") =>
                    {
                        ClientStatus::MissingGrant
                    }
                    Some(_) => ClientStatus::Usable,
                },
            )
        };
        let token = mint(ctx, id, grant, lookup).await?;
        let result = OamAccessTokenState {
            identity_domain: Tf::Known(identity_domain),
            access_token: Tf::Known(token.access_token),
            token_type: Tf::Known(token.token_type),
            expires_at: Tf::Known(token.expires_at),
            ..config
        };
        Ok(Opened::new(result, ()))
    }
}
