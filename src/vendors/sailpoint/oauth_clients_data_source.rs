//! `apiclients_sailpoint_oauth_clients`: every OAuth client of the tenant (never a secret: the API
//! shows one only in a create response), optionally filtered with the API's own `filters`
//! parameter, which supports only `lastUsed le <date-time>` and `lastUsed isnull`.

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::DateTime;
use serde::{Deserialize, Serialize};

use super::api::GetOAuthClientResponse;
use super::oauth_client::state_from_remote;
use crate::handle::ProviderHandle;
use tfplugin::{
    Attribute, AttributePath, Block, Context, DataSource, Diagnostic, Diagnostics, Schema, Tf, Type,
};

/// Type name after the provider prefix.
pub const TYPE_NAME: &str = "sailpoint_oauth_clients";

const DESCRIPTION: &str = r#"Lists the OAuth clients (API clients) of a SailPoint Identity Security Cloud tenant, for
inventory and bulk import. Secrets are never included: SailPoint shows a secret only once, in the
response to the create call.

`filters` is passed to the API unchanged; SailPoint supports only `lastUsed le <date-time>` (clients
last used at or before an RFC 3339 date-time) and `lastUsed isnull` (clients never used).

## Bulk import

On Terraform 1.7 and later, `import` blocks accept `for_each`, so every listed client can be brought
under management at once, with a `resource` block that takes its arguments from the list (the plan
after the import is then empty):

```terraform
data "apiclients_sailpoint_oauth_clients" "all" {}

locals {
  clients = { for c in data.apiclients_sailpoint_oauth_clients.all.clients : c.id => c }
}

import {
  for_each = local.clients
  to       = apiclients_sailpoint_oauth_client.imported[each.key]
  id       = each.key
}

resource "apiclients_sailpoint_oauth_client" "imported" {
  for_each                       = local.clients
  name                           = each.value.name
  description                    = each.value.description
  business_name                  = each.value.business_name
  homepage_url                   = each.value.homepage_url
  access_token_validity_seconds  = each.value.access_token_validity_seconds
  refresh_token_validity_seconds = each.value.refresh_token_validity_seconds
  redirect_uris                  = each.value.redirect_uris
  grant_types                    = each.value.grant_types
  access_type                    = each.value.access_type
  type                           = each.value.type
  internal                       = each.value.internal
  enabled                        = each.value.enabled
  strong_auth_supported          = each.value.strong_auth_supported
  claims_supported               = each.value.claims_supported
  scope                          = each.value.scope
}
```

Imported clients have a null `secret`."#;

/// One listed client.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OAuthClientSummary {
    pub id: Tf<String>,
    pub name: Tf<String>,
    pub description: Tf<String>,
    pub business_name: Tf<String>,
    pub homepage_url: Tf<String>,
    pub access_token_validity_seconds: Tf<i64>,
    pub refresh_token_validity_seconds: Tf<i64>,
    pub redirect_uris: Tf<BTreeSet<String>>,
    pub grant_types: Tf<BTreeSet<String>>,
    pub access_type: Tf<String>,
    #[serde(rename = "type")]
    pub client_type: Tf<String>,
    pub internal: Tf<bool>,
    pub enabled: Tf<bool>,
    pub strong_auth_supported: Tf<bool>,
    pub claims_supported: Tf<bool>,
    pub scope: Tf<BTreeSet<String>>,
    pub metadata: Tf<String>,
    pub created: Tf<String>,
    pub modified: Tf<String>,
    pub last_used: Tf<String>,
}

/// The data source state.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OAuthClientsState {
    pub filters: Tf<String>,
    pub clients: Tf<Vec<OAuthClientSummary>>,
}

/// The `apiclients_sailpoint_oauth_clients` data source.
#[derive(Debug, Clone)]
pub struct OAuthClientsDataSource {
    handle: ProviderHandle,
}

impl OAuthClientsDataSource {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

/// Why `filters` is not a filter the API accepts, if it is not.
fn filter_problem(filters: &str) -> Option<String> {
    let words: Vec<&str> = filters.split_whitespace().collect();
    match words.as_slice() {
        ["lastUsed", "isnull"] => None,
        ["lastUsed", "le", date] => DateTime::parse_from_rfc3339(date.trim_matches('"'))
            .is_err()
            .then(|| format!("{date:?} is not an RFC 3339 date-time such as \"2024-01-31T00:00:00Z\"")),
        _ => Some("SailPoint filters OAuth clients only with \"lastUsed le <date-time>\" or \"lastUsed isnull\"".to_owned()),
    }
}

fn summary_attributes() -> Vec<Attribute> {
    vec![
        Attribute::string("id")
            .computed()
            .description("ID of the client."),
        Attribute::string("name").computed().description("Name."),
        Attribute::string("description")
            .computed()
            .description("Description."),
        Attribute::string("business_name")
            .computed()
            .description("Business name."),
        Attribute::string("homepage_url")
            .computed()
            .description("Home page URL."),
        Attribute::number("access_token_validity_seconds")
            .computed()
            .description("Access token lifetime, in seconds."),
        Attribute::number("refresh_token_validity_seconds")
            .computed()
            .description("Refresh token lifetime, in seconds."),
        Attribute::set("redirect_uris", Type::String)
            .computed()
            .description("Redirect URIs; null when there are none."),
        Attribute::set("grant_types", Type::String)
            .computed()
            .description("Grant types."),
        Attribute::string("access_type")
            .computed()
            .description("ONLINE or OFFLINE."),
        Attribute::string("type")
            .computed()
            .description("CONFIDENTIAL or PUBLIC."),
        Attribute::bool("internal")
            .computed()
            .description("Whether the client is internal."),
        Attribute::bool("enabled")
            .computed()
            .description("Whether the client is enabled."),
        Attribute::bool("strong_auth_supported")
            .computed()
            .description("Whether strong authentication is supported."),
        Attribute::bool("claims_supported")
            .computed()
            .description("Whether OpenID Connect claims are supported."),
        Attribute::set("scope", Type::String)
            .computed()
            .description("Scopes."),
        Attribute::string("metadata")
            .computed()
            .description("Metadata SailPoint attaches, if any."),
        Attribute::string("created")
            .computed()
            .description("Creation time (RFC 3339)."),
        Attribute::string("modified")
            .computed()
            .description("Last change (RFC 3339)."),
        Attribute::string("last_used")
            .computed()
            .description("Last use (RFC 3339), null if never."),
    ]
}

/// A listed client: the fields the resource's state maps the same way (so a summary can be
/// copied into a resource's configuration as it is), and SailPoint's metadata.
fn summary(remote: GetOAuthClientResponse) -> OAuthClientSummary {
    let state = state_from_remote(&remote, Tf::Null);
    OAuthClientSummary {
        id: state.id,
        name: state.name,
        description: state.description,
        business_name: state.business_name,
        homepage_url: state.homepage_url,
        access_token_validity_seconds: state.access_token_validity_seconds,
        refresh_token_validity_seconds: state.refresh_token_validity_seconds,
        redirect_uris: state.redirect_uris,
        grant_types: state.grant_types,
        access_type: state.access_type,
        client_type: state.client_type,
        internal: state.internal,
        enabled: state.enabled,
        strong_auth_supported: state.strong_auth_supported,
        claims_supported: state.claims_supported,
        scope: state.scope,
        metadata: Tf::from_option(remote.metadata),
        created: state.created,
        modified: state.modified,
        last_used: state.last_used,
    }
}

#[async_trait]
impl DataSource for OAuthClientsDataSource {
    type State = OAuthClientsState;

    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .markdown_description(DESCRIPTION)
                .attribute(
                    Attribute::string("filters")
                        .optional()
                        .description("SailPoint filter expression: \"lastUsed le <RFC 3339 date-time>\" or \"lastUsed isnull\". Omit to list every client."),
                )
                .attribute(
                    Attribute::list_nested("clients", summary_attributes())
                        .computed()
                        .description("The clients, in the order SailPoint lists them."),
                ),
        )
    }

    fn validate(&self, config: &OAuthClientsState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if let Some(filters) = config.filters.as_str()
            && let Some(problem) = filter_problem(filters)
        {
            diags.push(
                Diagnostic::error(
                    "Invalid value for filters",
                    format!("filters is {filters:?}: {problem}."),
                )
                .at(AttributePath::root("filters")),
            );
        }
        diags
    }

    async fn read(
        &self,
        ctx: &Context,
        config: OAuthClientsState,
    ) -> Result<OAuthClientsState, Diagnostics> {
        let client = self.handle.sailpoint()?;
        let listed = client
            .list(config.filters.as_str(), ctx.cancellation())
            .await?;
        Ok(OAuthClientsState {
            filters: config.filters,
            clients: Tf::Known(listed.into_iter().map(summary).collect()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_checked_like_the_api_does() {
        assert_eq!(filter_problem("lastUsed isnull"), None);
        assert_eq!(filter_problem("lastUsed le 2023-02-05T10:59:27.214Z"), None);
        assert!(
            filter_problem("lastUsed le yesterday")
                .unwrap()
                .contains("RFC 3339")
        );
        assert!(
            filter_problem("name eq \"x\"")
                .unwrap()
                .contains("lastUsed isnull")
        );
        assert!(filter_problem("lastUsed gt 2023-02-05T10:59:27Z").is_some());
    }
}
