//! GetMetadata, GetProviderSchema (every kind of type, ephemeral resources included), GetResourceIdentitySchemas, ValidateProviderConfig,
//! ConfigureProvider and StopProvider.

use crate::diag::Diagnostics;
use crate::proto::tfplugin6 as pb;
use crate::server::{Server, collect};
use crate::wire;

pub(super) fn get_metadata(server: &Server) -> pb::get_metadata::Response {
    pb::get_metadata::Response {
        server_capabilities: Some(wire::capabilities()),
        resources: server
            .resources()
            .keys()
            .map(|n| pb::get_metadata::ResourceMetadata {
                type_name: (*n).to_owned(),
            })
            .collect(),
        data_sources: server
            .data_sources()
            .keys()
            .map(|n| pb::get_metadata::DataSourceMetadata {
                type_name: (*n).to_owned(),
            })
            .collect(),
        list_resources: server
            .list_resources()
            .keys()
            .map(|n| pb::get_metadata::ListResourceMetadata {
                type_name: (*n).to_owned(),
            })
            .collect(),
        ephemeral_resources: server
            .ephemeral_resources()
            .keys()
            .map(|n| pb::get_metadata::EphemeralMetadata {
                type_name: (*n).to_owned(),
            })
            .collect(),
        ..Default::default()
    }
}

pub(super) fn get_provider_schema(server: &Server) -> pb::get_provider_schema::Response {
    tracing::debug!("GetProviderSchema");
    pb::get_provider_schema::Response {
        provider: Some(wire::schema(server.provider_schema())),
        resource_schemas: server
            .resources()
            .into_iter()
            .map(|(n, e)| (n.to_owned(), wire::schema(&e.schema)))
            .collect(),
        data_source_schemas: server
            .data_sources()
            .into_iter()
            .map(|(n, e)| (n.to_owned(), wire::schema(&e.schema)))
            .collect(),
        list_resource_schemas: server
            .list_resources()
            .into_iter()
            .map(|(n, e)| (n.to_owned(), wire::schema(&e.schema)))
            .collect(),
        ephemeral_resource_schemas: server
            .ephemeral_resources()
            .into_iter()
            .map(|(n, e)| (n.to_owned(), wire::schema(&e.schema)))
            .collect(),
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
    let mut diags = Diagnostics::new();
    let schema = server.provider_schema();
    if let Some(config) = collect(
        &mut diags,
        wire::decode(
            req.config.as_ref(),
            schema,
            &schema.value_type(),
            "provider configuration",
        ),
    ) {
        diags.extend(server.validate_provider_config(&config));
    }
    pb::validate_provider_config::Response {
        diagnostics: wire::diagnostics(diags),
    }
}

pub(super) async fn configure_provider(
    server: &Server,
    req: pb::configure_provider::Request,
) -> pb::configure_provider::Response {
    tracing::debug!(terraform_version = %req.terraform_version, "ConfigureProvider");
    let mut diags = Diagnostics::new();
    let schema = server.provider_schema();
    if let Some(config) = collect(
        &mut diags,
        wire::decode(
            req.config.as_ref(),
            schema,
            &schema.value_type(),
            "provider configuration",
        ),
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
