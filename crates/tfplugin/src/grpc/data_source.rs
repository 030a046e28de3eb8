//! ValidateDataResourceConfig and ReadDataSource.

use crate::diag::Diagnostics;
use crate::proto::tfplugin6 as pb;
use crate::server::{Server, collect};
use crate::wire;

pub(super) fn validate_data_resource_config(
    server: &Server,
    req: pb::validate_data_resource_config::Request,
) -> pb::validate_data_resource_config::Response {
    tracing::debug!(type_name = %req.type_name, "ValidateDataResourceConfig");
    let mut diags = Diagnostics::new();
    if let Some(entry) = collect(&mut diags, server.data_source(&req.type_name))
        && let Some(config) = collect(
            &mut diags,
            wire::decode(
                req.config.as_ref(),
                &entry.schema,
                &entry.schema.value_type(),
                "configuration",
            ),
        )
    {
        diags.extend(server.validate_data_source_config(entry, &config));
    }
    pb::validate_data_resource_config::Response {
        diagnostics: wire::diagnostics(diags),
    }
}

pub(super) async fn read_data_source(
    server: &Server,
    req: pb::read_data_source::Request,
) -> pb::read_data_source::Response {
    tracing::debug!(type_name = %req.type_name, "ReadDataSource");
    let mut diags = Diagnostics::new();
    let mut state = None;
    if let Some(entry) = collect(&mut diags, server.data_source(&req.type_name)) {
        let ty = entry.schema.value_type();
        if let Some(config) = collect(
            &mut diags,
            wire::decode(req.config.as_ref(), &entry.schema, &ty, "configuration"),
        ) {
            let (read, errors) = server.read_data_source(entry, config).await;
            diags.extend(errors);
            if let Some(v) = read {
                state = collect(
                    &mut diags,
                    wire::encode(&v, &entry.schema, &ty, "data source state"),
                );
            }
        }
    }
    pb::read_data_source::Response {
        state,
        diagnostics: wire::diagnostics(diags),
        deferred: None,
    }
}
