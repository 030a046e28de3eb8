//! List resources: ValidateListResourceConfig and ListResource.

use std::sync::Arc;

use super::validate::validate_config;
use super::{ListEntry, Server};
use crate::diag::{Diagnostic, Diagnostics};
use crate::list::{ListSink, ListTarget};
use crate::value::Value;

impl Server {
    pub(crate) fn validate_list_config(&self, entry: &ListEntry, config: &Value) -> Diagnostics {
        validate_config(&entry.schema, config, |c| entry.list.validate(c))
    }

    /// The resource a list resource lists; an error when that resource has no identity (a
    /// provider bug the self-check also reports).
    pub(crate) fn list_target(
        &self,
        entry: &ListEntry,
        type_name: &str,
    ) -> Result<Arc<ListTarget>, Diagnostics> {
        entry.target.clone().ok_or_else(|| {
            Diagnostic::error(
                "List resource without identity",
                format!("The resource type {type_name} has no identity schema, which every list result needs. This is a bug in the provider."),
            )
            .into()
        })
    }

    /// Starts the listing in its own task: results go out as the lister pushes them, and a
    /// closed sink (Terraform stopped reading) stops it.
    pub(crate) fn start_list(
        &self,
        entry: &ListEntry,
        config: Value,
        target: Arc<ListTarget>,
        include_resource: bool,
        limit: i64,
        sink: ListSink,
    ) {
        let lister = entry.list.clone();
        let ctx = self.context();
        tokio::spawn(async move {
            lister
                .list(&ctx, config, target, include_resource, limit, sink)
                .await;
        });
    }
}
