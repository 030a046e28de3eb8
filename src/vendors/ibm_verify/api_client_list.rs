//! The list resource `apiclients_ibm_verify_api_client` (`terraform query`): the tenant's API
//! clients, page by page from `GET /v1.0/apiclients`, filtered on the server with its `search`.

use async_trait::async_trait;
use serde::Deserialize;

use crate::handle::ProviderHandle;
use crate::vendors::ibm_verify::api::{ListQuery, Pagination, search_exact};
use crate::vendors::ibm_verify::api_client::ApiClientState;
use crate::vendors::ibm_verify::api_client::state_from_remote;
use tfplugin::{
    Attribute, Block, Context, Diagnostics, ListResource, ListResults, Schema, Tf, Validator,
};

/// Clients per page: the API allows up to 1000; smaller pages stream sooner.
const PAGE_SIZE: u32 = 100;

/// The `config` block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ApiClientFilters {
    pub client_name: Tf<String>,
    pub client_name_contains: Tf<String>,
    pub enabled: Tf<bool>,
}

/// The list resource.
#[derive(Debug)]
pub struct IbmVerifyApiClientList {
    handle: ProviderHandle,
}

impl IbmVerifyApiClientList {
    pub fn new(handle: ProviderHandle) -> Self {
        Self { handle }
    }
}

/// The API's `search` for the filters (clauses joined by `&`), if any.
fn search(filters: &ApiClientFilters) -> Option<String> {
    let mut clauses = Vec::new();
    if let Some(name) = filters.client_name.known() {
        clauses.push(search_exact("clientName", name));
    }
    if let Some(part) = filters.client_name_contains.known() {
        let escaped = part.replace('\\', "\\\\").replace('"', "\\\"");
        clauses.push(format!("clientName contains \"{escaped}\""));
    }
    if let Some(enabled) = filters.enabled.known() {
        clauses.push(format!("enabled = {enabled}"));
    }
    (!clauses.is_empty()).then(|| clauses.join("&"))
}

#[async_trait]
impl ListResource for IbmVerifyApiClientList {
    type Config = ApiClientFilters;
    type State = ApiClientState;

    fn type_name(&self) -> &'static str {
        "ibm_verify_api_client"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .markdown_description("Finds the API clients of the IBM Security Verify tenant (`GET /v1.0/apiclients`, page by page). Every filter is optional and applied by the tenant; filters combine with AND. Each result is named by the client's name and carries its identity (`id`, the client's key); with `include_resource = true` also the full object, without its secret.")
                .attribute(
                    Attribute::string("client_name")
                        .optional()
                        .description("Only the client with exactly this name.")
                        .validate(Validator::non_empty()),
                )
                .attribute(
                    Attribute::string("client_name_contains")
                        .optional()
                        .description("Only clients whose name contains this text (case-insensitive).")
                        .validate(Validator::non_empty()),
                )
                .attribute(
                    Attribute::bool("enabled")
                        .optional()
                        .description("Only enabled (true) or disabled (false) clients."),
                ),
        )
    }

    async fn list(
        &self,
        ctx: &Context,
        filters: ApiClientFilters,
        results: &mut ListResults<ApiClientState>,
    ) -> Result<(), Diagnostics> {
        let client = self.handle.ibm_verify()?;
        let search = search(&filters);
        // One page size for the whole walk, since a page number counts pages of that size.
        let limit = u32::try_from(results.remaining())
            .unwrap_or(PAGE_SIZE)
            .clamp(1, PAGE_SIZE);
        let mut page = 1;
        loop {
            let query = ListQuery {
                search: search.clone(),
                sort: Some("clientName".to_owned()),
                pagination: Some(Pagination { page, limit }),
                ..ListQuery::default()
            };
            let answer = client.list(&query, ctx.cancellation()).await?;
            let count = answer.api_clients.len();
            for server in answer.api_clients {
                let Some(key) = server.id.clone() else {
                    continue;
                };
                let name = server.client_name.clone().unwrap_or_else(|| key.clone());
                let state = state_from_remote(&key, server, &ApiClientState::default());
                if !results.push(name, &state).await {
                    return Ok(());
                }
            }
            let seen = (page as usize - 1) * limit as usize + count;
            let total = answer.total.and_then(|t| usize::try_from(t).ok());
            if count < limit as usize || total.is_some_and(|t| seen >= t) {
                return Ok(());
            }
            page += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_one_search() {
        assert_eq!(search(&ApiClientFilters::default()), None);
        let filters = ApiClientFilters {
            client_name: Tf::Known("a\"b".into()),
            client_name_contains: Tf::Null,
            enabled: Tf::Known(false),
        };
        assert_eq!(
            search(&filters).as_deref(),
            Some("clientName = \"a\\\"b\"&enabled = false")
        );
    }
}
