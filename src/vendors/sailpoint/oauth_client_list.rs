//! The list resource `apiclients_sailpoint_oauth_client` (`terraform query`): the tenant's OAuth
//! clients (`GET /beta/oauth-clients`), with the API's only filters, `lastUsed le <date-time>`
//! and `lastUsed isnull`, and name and enabled state checked here.

use async_trait::async_trait;
use chrono::DateTime;
use serde::Deserialize;

use crate::handle::ProviderHandle;
use crate::vendors::filter_excludes;
use crate::vendors::sailpoint::oauth_client::{OAuthClientState, state_from_remote};
use tfplugin::{
    Attribute, AttributePath, Block, Context, Diagnostic, Diagnostics, ListResource, ListResults,
    Schema, Tf, Validator,
};

/// The `config` block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OAuthClientFilters {
    pub name: Tf<String>,
    pub enabled: Tf<bool>,
    pub last_used_before: Tf<String>,
    pub never_used: Tf<bool>,
}

/// The list resource.
#[derive(Debug)]
pub struct SailPointOAuthClientList {
    handle: ProviderHandle,
}

impl SailPointOAuthClientList {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

/// The API's `filters` expression for the configuration, if any.
fn api_filter(filters: &OAuthClientFilters) -> Option<String> {
    if filters.never_used.known() == Some(&true) {
        return Some("lastUsed isnull".to_owned());
    }
    filters
        .last_used_before
        .known()
        .map(|date| format!("lastUsed le {date}"))
}

fn check(filters: &OAuthClientFilters) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if let Some(date) = filters.last_used_before.known()
        && DateTime::parse_from_rfc3339(date).is_err()
    {
        diags.push(
            Diagnostic::error(
                "Invalid date-time",
                format!("last_used_before is {date:?}, which is not an RFC 3339 date-time. Write it like \"2024-01-31T00:00:00Z\"."),
            )
            .at(AttributePath::root("last_used_before")),
        );
    }
    if filters.never_used.known() == Some(&true) && filters.last_used_before.is_known() {
        diags.push(
            Diagnostic::error(
                "Conflicting filters",
                "never_used = true and last_used_before cannot be combined: SailPoint filters OAuth clients with one lastUsed expression. Remove one of them.",
            )
            .at(AttributePath::root("last_used_before")),
        );
    }
    diags
}

#[async_trait]
impl ListResource for SailPointOAuthClientList {
    type Config = OAuthClientFilters;
    type State = OAuthClientState;

    fn type_name(&self) -> &'static str {
        "sailpoint_oauth_client"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .markdown_description("Finds the OAuth clients of the SailPoint tenant (`GET /beta/oauth-clients`). `last_used_before` and `never_used` become the API's `filters` (`lastUsed le …`, `lastUsed isnull`); `name` and `enabled` are checked by the provider. Each result is named by the client's name and carries its identity (`id`); with `include_resource = true` also the full object (the API never returns a secret).")
                .attribute(
                    Attribute::string("name")
                        .optional()
                        .description("Only the client with exactly this name.")
                        .validate(Validator::non_empty()),
                )
                .attribute(
                    Attribute::bool("enabled")
                        .optional()
                        .description("Only enabled (true) or disabled (false) clients."),
                )
                .attribute(
                    Attribute::string("last_used_before")
                        .optional()
                        .markdown_description("Only clients last used at or before this RFC 3339 date-time, such as `2024-01-31T00:00:00Z` (the API's `lastUsed le`). Clients never used are not included; see `never_used`."),
                )
                .attribute(
                    Attribute::bool("never_used")
                        .optional()
                        .markdown_description("`true`: only clients never used (the API's `lastUsed isnull`). Cannot be combined with `last_used_before`."),
                ),
        )
    }

    fn validate(&self, filters: &OAuthClientFilters) -> Diagnostics {
        check(filters)
    }

    async fn list(
        &self,
        ctx: &Context,
        filters: OAuthClientFilters,
        results: &mut ListResults<OAuthClientState>,
    ) -> Result<(), Diagnostics> {
        let problems = check(&filters);
        if problems.has_errors() {
            return Err(problems);
        }
        let client = self.handle.sailpoint()?;
        let listed = client
            .list(api_filter(&filters).as_deref(), ctx.cancellation())
            .await?;
        for remote in listed {
            if filter_excludes(&filters.name, remote.name.as_ref())
                || filter_excludes(&filters.enabled, Some(&remote.enabled.unwrap_or(true)))
            {
                continue;
            }
            let state = state_from_remote(&remote, Tf::Null);
            let name = remote.name.clone().unwrap_or_else(|| remote.id.clone());
            if !results.push(name, &state).await {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_map_to_the_api_and_mistakes_name_the_attribute() {
        let mut filters = OAuthClientFilters {
            last_used_before: Tf::Known("2024-01-31T00:00:00Z".into()),
            ..Default::default()
        };
        assert_eq!(
            api_filter(&filters).as_deref(),
            Some("lastUsed le 2024-01-31T00:00:00Z")
        );
        assert!(check(&filters).is_empty());
        filters.never_used = Tf::Known(true);
        let diags = check(&filters);
        assert_eq!(diags.0.len(), 1);
        assert!(diags.0[0].detail.contains("Remove one"));
        filters.never_used = Tf::Null;
        filters.last_used_before = Tf::Known("yesterday".into());
        let diags = check(&filters);
        assert_eq!(
            diags.0[0].path,
            Some(AttributePath::root("last_used_before"))
        );
        assert!(diags.0[0].detail.contains("2024-01-31T00:00:00Z"));
    }
}
