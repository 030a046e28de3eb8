//! `apiclients_oracle_oam_oauth_clients`: the OAuth clients of one OAM identity domain, for
//! looking up an existing client (to import it, or to hand its id to another system) and for
//! checking the provider's `oracle_oam` settings before anything is created.
//!
//! OAM masks client secrets on reads; the data source leaves the secret out altogether.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::handle::ProviderHandle;
use crate::vendors::oracle_oam::api::OamClient;
use crate::vendors::oracle_oam::config::{ENV_IDENTITY_DOMAIN, identity_domain_or_default};
use tfplugin::{
    Attribute, Block, Context, DataSource, Diagnostic, Diagnostics, Schema, Tf, Type, Validator,
};

/// One listed OAuth client, without its secret.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OAuthClientSummary {
    pub id: Tf<String>,
    pub name: Tf<String>,
    pub description: Tf<String>,
    pub client_type: Tf<String>,
    pub grant_types: Tf<Vec<String>>,
    pub default_scope: Tf<String>,
    pub redirect_uris: Tf<Vec<String>>,
}

/// The data source's configuration and state.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OAuthClientsState {
    pub identity_domain: Tf<String>,
    pub oauth_clients: Tf<Vec<OAuthClientSummary>>,
}

/// The `apiclients_oracle_oam_oauth_clients` data source.
#[derive(Debug)]
pub struct OracleOamOAuthClientsDataSource {
    provider: ProviderHandle,
}

impl OracleOamOAuthClientsDataSource {
    pub fn new(provider: ProviderHandle) -> Self {
        Self { provider }
    }
}

fn summary(client: OamClient) -> OAuthClientSummary {
    OAuthClientSummary {
        id: Tf::from_option(client.id),
        name: Tf::from_option(client.name),
        description: Tf::from_option(client.description),
        client_type: Tf::from_option(client.client_type),
        grant_types: Tf::from_option(client.grant_types),
        default_scope: Tf::from_option(client.default_scope),
        redirect_uris: Tf::from_option(
            client
                .redirect_uris
                .map(|uris| uris.into_iter().map(|uri| uri.url).collect()),
        ),
    }
}

fn item_attributes() -> Vec<Attribute> {
    vec![
        Attribute::string("id")
            .computed()
            .description("Client identifier (the OAuth `client_id`)."),
        Attribute::string("name")
            .computed()
            .description("Name of the client."),
        Attribute::string("description")
            .computed()
            .description("Description of the client."),
        Attribute::string("client_type")
            .computed()
            .description("`CONFIDENTIAL_CLIENT`, `PUBLIC_CLIENT` or `MOBILE_CLIENT`."),
        Attribute::list("grant_types", Type::String)
            .computed()
            .description("OAuth grant types the client may use."),
        Attribute::string("default_scope")
            .computed()
            .description("Scope granted when a request names none."),
        Attribute::list("redirect_uris", Type::String)
            .computed()
            .description("Registered redirect URLs."),
    ]
}

#[async_trait]
impl DataSource for OracleOamOAuthClientsDataSource {
    type State = OAuthClientsState;

    fn type_name(&self) -> &'static str {
        "oracle_oam_oauth_clients"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .description(
                    "Lists the OAuth clients of an Oracle Access Manager identity domain through the \
                     OAuth Policy Admin REST API. Client secrets are never exposed (OAM masks them on \
                     reads). Useful to find an existing client to import, and to check the provider's \
                     `oracle_oam` settings.",
                )
                .attribute(
                    Attribute::string("identity_domain")
                        .optional()
                        .computed()
                        .validate(Validator::non_empty())
                        .description(format!(
                            "Identity domain to list. Defaults to the provider's `oracle_oam.identity_domain` \
                             (environment variable {ENV_IDENTITY_DOMAIN})."
                        )),
                )
                .attribute(
                    Attribute::list_nested("oauth_clients", item_attributes())
                        .computed()
                        .description("The domain's OAuth clients, in the order OAM lists them."),
                ),
        )
    }

    async fn read(
        &self,
        ctx: &Context,
        config: OAuthClientsState,
    ) -> Result<OAuthClientsState, Diagnostics> {
        let client = self.provider.oracle_oam()?;
        let domain =
            identity_domain_or_default(config.identity_domain.as_str(), client.identity_domain())?;
        let listed = client
            .list_clients(&domain, ctx.cancellation())
            .await
            .map_err(Diagnostic::from)?;
        Ok(OAuthClientsState {
            identity_domain: Tf::Known(domain),
            oauth_clients: Tf::Known(listed.into_iter().map(summary).collect()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_leaves_the_secret_out() {
        let listed: OamClient = serde_json::from_value(serde_json::json!({
            "id": "c1", "name": "svc", "idDomain": "Default", "secret": "********",
            "clientType": "CONFIDENTIAL_CLIENT", "grantTypes": ["CLIENT_CREDENTIALS"],
            "redirectURIs": [{"url": "https://app.example/cb", "isHttps": true}]
        }))
        .unwrap();
        let item = summary(listed);
        assert_eq!(item.id, Tf::Known("c1".into()));
        assert_eq!(
            item.redirect_uris,
            Tf::Known(vec!["https://app.example/cb".to_owned()])
        );
        assert_eq!(item.description, Tf::Null);
        assert!(!serde_json::to_string(&item).unwrap().contains("****"));
    }
}
