//! Data sources: ValidateDataResourceConfig and ReadDataSource.

use super::validate::validate_config;
use super::{DataSourceEntry, Server, collect};
use crate::diag::Diagnostics;
use crate::value::Value;

impl Server {
    pub(crate) fn validate_data_source_config(
        &self,
        entry: &DataSourceEntry,
        config: &Value,
    ) -> Diagnostics {
        validate_config(&entry.schema, config, |c| entry.data_source.validate(c))
    }

    /// Reads the data source; warnings come before the errors, as for every operation.
    pub(crate) async fn read_data_source(
        &self,
        entry: &DataSourceEntry,
        config: Value,
    ) -> (Option<Value>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let ctx = self.context();
        let result = entry.data_source.read(&entry.schema, &ctx, config).await;
        diags.extend(ctx.take_warnings());
        (collect(&mut diags, result), diags)
    }
}
