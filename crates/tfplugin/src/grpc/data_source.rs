//! ValidateDataResourceConfig and ReadDataSource.

use super::steps::{decoded, encoded, validated};
use crate::diag::Diagnostics;
use crate::proto::tfplugin6 as pb;
use crate::server::Server;
use crate::wire;

pub(super) fn validate_data_resource_config(
    server: &Server,
    req: pb::validate_data_resource_config::Request,
) -> pb::validate_data_resource_config::Response {
    tracing::debug!(type_name = %req.type_name, "ValidateDataResourceConfig");
    pb::validate_data_resource_config::Response {
        diagnostics: validated(
            server.data_source(&req.type_name),
            req.config.as_ref(),
            "configuration",
            |entry, config| server.validate_data_source_config(entry, config),
        ),
    }
}

pub(super) async fn read_data_source(
    server: &Server,
    req: pb::read_data_source::Request,
) -> pb::read_data_source::Response {
    tracing::debug!(type_name = %req.type_name, "ReadDataSource");
    let mut diags = Diagnostics::new();
    let mut state = None;
    if let Some((entry, [config])) = decoded(
        &mut diags,
        server.data_source(&req.type_name),
        [(req.config.as_ref(), "configuration")],
    ) {
        let (read, errors) = server.read_data_source(entry, config).await;
        diags.extend(errors);
        state = read.and_then(|v| encoded(&mut diags, entry, &v, "data source state"));
    }
    pb::read_data_source::Response {
        state,
        diagnostics: wire::diagnostics(diags),
        deferred: None,
    }
}
