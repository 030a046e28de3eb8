//! GetMetadata, GetProviderSchema (every kind of type, ephemeral resources included), GetResourceIdentitySchemas, ValidateProviderConfig,
//! ConfigureProvider and StopProvider.

use super::steps::{decoded, schemas, type_names, validated};
use crate::diag::Diagnostics;
use crate::proto::tfplugin6 as pb;
use crate::server::Server;
use crate::wire;

pub(super) fn get_metadata(server: &Server) -> pb::get_metadata::Response {
    use pb::get_metadata as m;
    m::Response {
        server_capabilities: Some(wire::capabilities()),
        resources: type_names(server.resources(), |type_name| m::ResourceMetadata {
            type_name,
        }),
        data_sources: type_names(server.data_sources(), |type_name| m::DataSourceMetadata {
            type_name,
        }),
        list_resources: type_names(server.list_resources(), |type_name| {
            m::ListResourceMetadata { type_name }
        }),
        ephemeral_resources: type_names(server.ephemeral_resources(), |type_name| {
            m::EphemeralMetadata { type_name }
        }),
        functions: server
            .functions()
            .keys()
            .map(|name| m::FunctionMetadata { name: name.clone() })
            .collect(),
        ..Default::default()
    }
}

pub(super) fn get_provider_schema(server: &Server) -> pb::get_provider_schema::Response {
    tracing::debug!("GetProviderSchema");
    pb::get_provider_schema::Response {
        provider: Some(wire::schema(server.provider_schema())),
        resource_schemas: schemas(server.resources()),
        data_source_schemas: schemas(server.data_sources()),
        list_resource_schemas: schemas(server.list_resources()),
        ephemeral_resource_schemas: schemas(server.ephemeral_resources()),
        functions: super::function::signatures(server),
        server_capabilities: Some(wire::capabilities()),
        ..Default::default()
    }
}

pub(super) fn get_resource_identity_schemas(
    server: &Server,
) -> pb::get_resource_identity_schemas::Response {
    pb::get_resource_identity_schemas::Response {
        identity_schemas: server
            .resources()
            .into_iter()
            .filter_map(|(n, e)| {
                Some((
                    n.to_owned(),
                    wire::identity_schema(e.identity.as_ref()?, &e.schema),
                ))
            })
            .collect(),
        diagnostics: Vec::new(),
    }
}

pub(super) fn validate_provider_config(
    server: &Server,
    req: pb::validate_provider_config::Request,
) -> pb::validate_provider_config::Response {
    pb::validate_provider_config::Response {
        diagnostics: validated(
            Ok(server.provider_schema()),
            req.config.as_ref(),
            "provider configuration",
            |_, config| server.validate_provider_config(config),
        ),
    }
}

pub(super) async fn configure_provider(
    server: &Server,
    req: pb::configure_provider::Request,
) -> pb::configure_provider::Response {
    tracing::debug!(terraform_version = %req.terraform_version, "ConfigureProvider");
    let mut diags = Diagnostics::new();
    if let Some((_, [config])) = decoded(
        &mut diags,
        Ok(server.provider_schema()),
        [(req.config.as_ref(), "provider configuration")],
    ) {
        diags.extend(
            server
                .configure_provider(config, &req.terraform_version)
                .await,
        );
    }
    pb::configure_provider::Response {
        diagnostics: wire::diagnostics(diags),
    }
}

pub(super) fn stop_provider(server: &Server) -> pb::stop_provider::Response {
    tracing::info!("StopProvider: cancelling in-flight operations");
    server.stop();
    pb::stop_provider::Response {
        error: String::new(),
    }
}
