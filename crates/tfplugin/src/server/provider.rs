//! The provider's own block: ValidateProviderConfig and ConfigureProvider.

use super::{Server, collect};
use crate::diag::{AttributePath, Diagnostics};
use crate::validate::validate_block;
use crate::value::Value;

impl Server {
    /// The schema's validators over the `provider` block, then the provider's own checks.
    pub(crate) fn validate_provider_config(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        validate_block(
            &self.provider_schema.block,
            config,
            &AttributePath::empty(),
            &mut diags,
        );
        diags.extend(self.provider.validate(config));
        diags
    }

    /// Configures the provider; its warnings follow its errors.
    pub(crate) async fn configure_provider(
        &self,
        config: Value,
        terraform_version: &str,
    ) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let ctx = self.context();
        let r = self
            .provider
            .configure(&ctx, config, terraform_version)
            .await;
        collect(&mut diags, r);
        diags.extend(ctx.take_warnings());
        diags
    }
}
