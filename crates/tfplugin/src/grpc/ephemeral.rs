//! ValidateEphemeralResourceConfig, OpenEphemeralResource, RenewEphemeralResource and
//! CloseEphemeralResource. Only type names are logged: results are secrets, private data too.

use super::steps::{decoded, encoded, validated};
use crate::diag::Diagnostics;
use crate::proto::tfplugin6 as pb;
use crate::server::{Server, collect};
use crate::wire;

pub(super) fn validate_ephemeral_resource_config(
    server: &Server,
    req: pb::validate_ephemeral_resource_config::Request,
) -> pb::validate_ephemeral_resource_config::Response {
    tracing::debug!(type_name = %req.type_name, "ValidateEphemeralResourceConfig");
    pb::validate_ephemeral_resource_config::Response {
        diagnostics: validated(
            server.ephemeral_resource(&req.type_name),
            req.config.as_ref(),
            "configuration",
            |entry, config| server.validate_ephemeral_config(entry, config),
        ),
    }
}

pub(super) async fn open_ephemeral_resource(
    server: &Server,
    req: pb::open_ephemeral_resource::Request,
) -> pb::open_ephemeral_resource::Response {
    tracing::debug!(type_name = %req.type_name, "OpenEphemeralResource");
    let deferral_allowed = req
        .client_capabilities
        .as_ref()
        .is_some_and(|c| c.deferral_allowed);
    let mut diags = Diagnostics::new();
    let mut response = pb::open_ephemeral_resource::Response::default();
    if let Some((entry, [config])) = decoded(
        &mut diags,
        server.ephemeral_resource(&req.type_name),
        [(req.config.as_ref(), "configuration")],
    ) {
        let answer = server
            .open_ephemeral_resource(entry, &req.type_name, config, deferral_allowed)
            .await;
        diags.extend(answer.diagnostics);
        // Encoding registers the result's sensitive values for redaction first.
        response.result = answer
            .result
            .and_then(|result| encoded(&mut diags, entry, &result, "ephemeral result"));
        response.renew_at = answer.renew_at.map(wire::timestamp);
        response.private = answer.private;
        response.deferred = answer.deferred.then(wire::deferred_config_unknown);
    }
    response.diagnostics = wire::diagnostics(diags);
    response
}

pub(super) async fn renew_ephemeral_resource(
    server: &Server,
    req: pb::renew_ephemeral_resource::Request,
) -> pb::renew_ephemeral_resource::Response {
    tracing::debug!(type_name = %req.type_name, "RenewEphemeralResource");
    let mut diags = Diagnostics::new();
    let mut response = pb::renew_ephemeral_resource::Response::default();
    if let Some(entry) = collect(&mut diags, server.ephemeral_resource(&req.type_name)) {
        let private = req.private.unwrap_or_default();
        let answer = server.renew_ephemeral_resource(entry, &private).await;
        diags.extend(answer.diagnostics);
        response.renew_at = answer.renew_at.map(wire::timestamp);
        response.private = answer.private;
    }
    response.diagnostics = wire::diagnostics(diags);
    response
}

pub(super) async fn close_ephemeral_resource(
    server: &Server,
    req: pb::close_ephemeral_resource::Request,
) -> pb::close_ephemeral_resource::Response {
    tracing::debug!(type_name = %req.type_name, "CloseEphemeralResource");
    let mut diags = Diagnostics::new();
    if let Some(entry) = collect(&mut diags, server.ephemeral_resource(&req.type_name)) {
        let private = req.private.unwrap_or_default();
        diags.extend(server.close_ephemeral_resource(entry, &private).await);
    }
    pb::close_ephemeral_resource::Response {
        diagnostics: wire::diagnostics(diags),
    }
}
