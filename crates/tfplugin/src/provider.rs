//! The `Provider` trait: the provider's own schema and configuration, and the resources, data
//! sources, list resources and ephemeral resources it offers. The server builds its registry from it once, keyed by full type name.

use std::sync::Arc;

use async_trait::async_trait;

use super::context::Context;
use super::data_source::DynDataSource;
use super::diag::Diagnostics;
use super::ephemeral::DynEphemeralResource;
use super::list::DynListResource;
use super::resource::DynResource;
use super::schema::Schema;
use super::value::Value;

/// A provider: its own block and the types it offers. The framework serves it with [`crate::serve::run`].
#[async_trait]
pub trait Provider: Send + Sync + 'static {
    /// Prefix of every type name, e.g. `"apiclients"` (resources become `apiclients_<name>`); by
    /// Terraform's convention also the provider's local name and the last part of its address.
    fn type_name_prefix(&self) -> &'static str;

    /// The provider's source address, e.g. `"registry.terraform.io/apiclients/apiclients"`, which
    /// `--debug` prints in TF_REATTACH_PROVIDERS.
    fn address(&self) -> &'static str;

    /// The schema of the `provider "..." {}` block.
    fn schema(&self) -> Schema;

    /// Extra checks on the provider configuration beyond per-attribute validators. Values may be
    /// unknown.
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Configures the provider. At plan time values may be unknown (they come from other
    /// resources): configure must not fail on them.
    async fn configure(
        &self,
        ctx: &Context,
        config: Value,
        terraform_version: &str,
    ) -> Result<(), Diagnostics>;

    /// The managed resources, e.g. `vec![Arc::new(MyResource::new(handle.clone()))]`.
    fn resources(&self) -> Vec<Arc<dyn DynResource>>;

    /// The data sources.
    fn data_sources(&self) -> Vec<Arc<dyn DynDataSource>>;

    /// The list resources (`terraform query`), each named like the resource it lists.
    fn list_resources(&self) -> Vec<Arc<dyn DynListResource>> {
        Vec::new()
    }

    /// The ephemeral resources (Terraform 1.10+); none by default. A Terraform that does not
    /// know them (1.0 to 1.9) ignores them in the schema and serves everything else.
    fn ephemeral_resources(&self) -> Vec<Arc<dyn DynEphemeralResource>> {
        Vec::new()
    }

    /// The provider-defined functions (Terraform 1.8+); none by default. An older Terraform
    /// ignores them.
    fn functions(&self) -> Vec<Arc<dyn crate::function::Function>> {
        Vec::new()
    }
}
