//! `apiclients_akamai_api_clients`: the Akamai IAM API clients the provider's EdgeGrid credentials
//! can see, for looking up an existing client by name (to import it, or to feed its id to another
//! system) and for checking the provider's Akamai settings before anything is created.
//!
//! It lists `GET /identity-management/v3/api-clients` and never exposes tokens: the list answer
//! carries each client's access token, which is half of an EdgeGrid credential.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::handle::ProviderHandle;
use crate::vendors::akamai::api::ApiClient;
use tfplugin::{Attribute, Block, Context, DataSource, Diagnostic, Diagnostics, Schema, Tf, Type};

/// One listed client (a summary without secrets).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ApiClientSummary {
    pub client_id: Tf<String>,
    pub client_name: Tf<String>,
    pub description: Tf<String>,
    pub client_type: Tf<String>,
    pub authorized_users: Tf<Vec<String>>,
    pub notification_emails: Tf<Vec<String>>,
    pub is_locked: Tf<bool>,
    pub allow_account_switch: Tf<bool>,
    pub active_credential_count: Tf<i64>,
    pub created_by: Tf<String>,
    pub created_date: Tf<String>,
}

/// The data source's configuration and state.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ApiClientsState {
    pub client_name: Tf<String>,
    pub api_clients: Tf<Vec<ApiClientSummary>>,
}

/// The `apiclients_akamai_api_clients` data source.
#[derive(Debug)]
pub struct AkamaiApiClientsDataSource {
    provider: ProviderHandle,
}

impl AkamaiApiClientsDataSource {
    pub fn new(provider: ProviderHandle) -> Self {
        Self { provider }
    }
}

fn strings(value: Option<&serde_json::Value>) -> Tf<Vec<String>> {
    match value.and_then(serde_json::Value::as_array) {
        Some(items) => Tf::Known(
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect(),
        ),
        None => Tf::Null,
    }
}

fn summary(client: ApiClient) -> ApiClientSummary {
    let extra = &client.extra;
    ApiClientSummary {
        client_id: Tf::Known(client.client_id),
        client_name: Tf::from_option(client.client_name),
        description: Tf::from_option(client.client_description),
        client_type: Tf::from_option(client.client_type),
        authorized_users: Tf::Known(client.authorized_users),
        notification_emails: strings(extra.get("notificationEmails")),
        is_locked: Tf::from_option(client.is_locked),
        allow_account_switch: Tf::from_option(
            extra
                .get("allowAccountSwitch")
                .and_then(serde_json::Value::as_bool),
        ),
        active_credential_count: Tf::from_option(client.active_credential_count),
        created_by: Tf::from_option(client.created_by),
        created_date: Tf::from_option(client.created_date),
    }
}

fn item_attributes() -> Vec<Attribute> {
    vec![
        Attribute::string("client_id")
            .computed()
            .description("Identifier of the API client."),
        Attribute::string("client_name")
            .computed()
            .description("Name of the API client."),
        Attribute::string("description")
            .computed()
            .description("Description of the API client."),
        Attribute::string("client_type")
            .computed()
            .description("Type of the client: `CLIENT` or `USER_CLIENT`."),
        Attribute::list("authorized_users", Type::String)
            .computed()
            .description("Users who may use the client."),
        Attribute::list("notification_emails", Type::String)
            .computed()
            .description("Addresses notified about the client's credentials expiring."),
        Attribute::bool("is_locked")
            .computed()
            .description("Whether the client is locked."),
        Attribute::bool("allow_account_switch")
            .computed()
            .description("Whether the client may act on other accounts."),
        Attribute::number("active_credential_count")
            .computed()
            .description("How many of the client's credentials are active."),
        Attribute::string("created_by")
            .computed()
            .description("User who created the client."),
        Attribute::string("created_date")
            .computed()
            .description("When the client was created (ISO 8601)."),
    ]
}

#[async_trait]
impl DataSource for AkamaiApiClientsDataSource {
    type State = ApiClientsState;

    fn type_name(&self) -> &'static str {
        "akamai_api_clients"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .description(
                    "Lists the Akamai IAM API clients visible to the provider's EdgeGrid credentials \
                     (`GET /identity-management/v3/api-clients`). Tokens and secrets are never exposed. \
                     Useful to find an existing client to import, and to check the provider's `akamai` \
                     settings.",
                )
                .attribute(
                    Attribute::string("client_name")
                        .optional()
                        .description("Only list the clients with exactly this name."),
                )
                .attribute(
                    Attribute::list_nested("api_clients", item_attributes())
                        .computed()
                        .description("The API clients, in the order Akamai lists them."),
                ),
        )
    }

    async fn read(
        &self,
        ctx: &Context,
        config: ApiClientsState,
    ) -> Result<ApiClientsState, Diagnostics> {
        let client = self.provider.akamai()?;
        let listed = client
            .list_api_clients(ctx.cancellation())
            .await
            .map_err(Diagnostic::from)?;
        let wanted = config.client_name.as_str();
        let api_clients = listed
            .into_iter()
            .filter(|c| wanted.is_none_or(|name| c.client_name.as_deref() == Some(name)))
            .map(summary)
            .collect();
        Ok(ApiClientsState {
            client_name: config.client_name,
            api_clients: Tf::Known(api_clients),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_keeps_listed_fields_and_drops_tokens() {
        let listed: ApiClient = serde_json::from_value(serde_json::json!({
            "accessToken": "akab-access-token-xyz",
            "serviceConsumerToken": "akab-consumer-token-xyz",
            "activeCredentialCount": 2,
            "allowAccountSwitch": true,
            "authorizedUsers": ["alice"],
            "clientDescription": "ci",
            "clientId": "abc123",
            "clientName": "deployer",
            "clientType": "CLIENT",
            "createdBy": "admin",
            "createdDate": "2024-01-02T03:04:05.000Z",
            "isLocked": false,
            "notificationEmails": ["ops@example.com"]
        }))
        .unwrap();
        let item = summary(listed);
        assert_eq!(item.client_id, Tf::Known("abc123".into()));
        assert_eq!(item.description, Tf::Known("ci".into()));
        assert_eq!(item.active_credential_count, Tf::Known(2));
        assert_eq!(item.allow_account_switch, Tf::Known(true));
        assert_eq!(
            item.notification_emails,
            Tf::Known(vec!["ops@example.com".to_owned()])
        );
        let shown = serde_json::to_string(&item).unwrap();
        assert!(!shown.contains("akab-access-token-xyz"), "{shown}");
        assert!(!shown.contains("akab-consumer-token-xyz"), "{shown}");
    }
}
