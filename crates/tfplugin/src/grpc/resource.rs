//! The managed-resource RPCs: each decodes its request, calls the server, encodes the answer.

use super::steps::{decoded, encoded, validated};
use crate::diag::Diagnostics;
use crate::proto::tfplugin6 as pb;
use crate::resource::MoveSource;
use crate::server::resource::{ImportBy, PlannedIdentity, StateAnswer};
use crate::server::{ResourceEntry, Server, collect};
use crate::value::Value;
use crate::wire;

pub(super) fn validate_resource_config(
    server: &Server,
    req: pb::validate_resource_config::Request,
) -> pb::validate_resource_config::Response {
    tracing::debug!(type_name = %req.type_name, "ValidateResourceConfig");
    let write_only_allowed = req
        .client_capabilities
        .as_ref()
        .is_some_and(|c| c.write_only_attributes_allowed);
    pb::validate_resource_config::Response {
        diagnostics: validated(
            server.resource(&req.type_name),
            req.config.as_ref(),
            "configuration",
            |entry, config| server.validate_resource_config(entry, config, write_only_allowed),
        ),
    }
}

pub(super) fn upgrade_resource_state(
    server: &Server,
    req: pb::upgrade_resource_state::Request,
) -> pb::upgrade_resource_state::Response {
    tracing::debug!(type_name = %req.type_name, version = req.version, "UpgradeResourceState");
    let mut diags = Diagnostics::new();
    let mut upgraded_state = None;
    if let Some(entry) = collect(&mut diags, server.resource(&req.type_name)) {
        let stored = wire::raw_state(
            &req.raw_state.unwrap_or_default(),
            &entry.schema.value_type(),
        );
        if let Some(state) = collect(
            &mut diags,
            server.upgrade_resource_state(entry, &req.type_name, req.version, stored),
        ) {
            upgraded_state = encoded(&mut diags, entry, &state, "upgraded state");
        }
    }
    pb::upgrade_resource_state::Response {
        upgraded_state,
        diagnostics: wire::diagnostics(diags),
    }
}

pub(super) fn upgrade_resource_identity(
    server: &Server,
    req: pb::upgrade_resource_identity::Request,
) -> pb::upgrade_resource_identity::Response {
    tracing::debug!(type_name = %req.type_name, version = req.version, "UpgradeResourceIdentity");
    let mut diags = Diagnostics::new();
    let mut upgraded_identity = None;
    if let Some((entry, identity)) = collect(&mut diags, server.resource_identity(&req.type_name))
        && collect(
            &mut diags,
            server.check_identity_version(identity, &req.type_name, req.version),
        )
        .is_some()
        && let Some(value) = collect(
            &mut diags,
            wire::raw_identity(
                &req.raw_identity.unwrap_or_default(),
                &identity.value_type(&entry.schema),
            ),
        )
    {
        upgraded_identity = collect(
            &mut diags,
            wire::identity_data(&value, identity, &entry.schema),
        );
    }
    pb::upgrade_resource_identity::Response {
        upgraded_identity,
        diagnostics: wire::diagnostics(diags),
    }
}

/// The identity of an answer, encoded; none when the resource has none.
fn identity(
    diags: &mut Diagnostics,
    entry: &ResourceEntry,
    value: Option<&Value>,
) -> Option<pb::ResourceIdentityData> {
    let (value, identity) = (value?, entry.identity.as_ref()?);
    collect(diags, wire::identity_data(value, identity, &entry.schema))
}

/// The state and identity of an answer, encoded in that order.
fn encode_answer(
    diags: &mut Diagnostics,
    entry: &ResourceEntry,
    answer: StateAnswer,
    what: &'static str,
) -> (Option<pb::DynamicValue>, Option<pb::ResourceIdentityData>) {
    diags.extend(answer.diagnostics);
    let identity = identity(diags, entry, answer.identity.as_ref());
    let state = answer
        .state
        .and_then(|state| encoded(diags, entry, &state, what));
    (state, identity)
}

pub(super) async fn read_resource(
    server: &Server,
    req: pb::read_resource::Request,
) -> pb::read_resource::Response {
    tracing::debug!(type_name = %req.type_name, "ReadResource");
    let mut diags = Diagnostics::new();
    let (mut new_state, mut new_identity) = (None, None);
    if let Some((entry, [current])) = decoded(
        &mut diags,
        server.resource(&req.type_name),
        [(req.current_state.as_ref(), "current state")],
    ) {
        let answer = server.read_resource(entry, current).await;
        (new_state, new_identity) = encode_answer(&mut diags, entry, answer, "refreshed state");
    }
    pb::read_resource::Response {
        new_state,
        diagnostics: wire::diagnostics(diags),
        private: req.private,
        new_identity,
        ..Default::default()
    }
}

pub(super) async fn plan_resource_change(
    server: &Server,
    req: pb::plan_resource_change::Request,
) -> pb::plan_resource_change::Response {
    tracing::debug!(type_name = %req.type_name, "PlanResourceChange");
    let mut diags = Diagnostics::new();
    let mut planned_state = None;
    let mut planned_identity = None;
    let mut requires_replace = Vec::new();
    if let Some((entry, [prior, proposed, config])) = decoded(
        &mut diags,
        server.resource(&req.type_name),
        [
            (req.prior_state.as_ref(), "prior state"),
            (req.proposed_new_state.as_ref(), "proposed new state"),
            (req.config.as_ref(), "configuration"),
        ],
    ) {
        let answer = server
            .plan_resource_change(entry, prior, proposed, config)
            .await;
        diags.extend(answer.diagnostics);
        if let Some(planned) = answer.planned {
            requires_replace = answer
                .requires_replace
                .iter()
                .map(wire::attribute_path)
                .collect();
            planned_identity = match answer.identity {
                PlannedIdentity::Prior => req.prior_identity.clone(),
                PlannedIdentity::Omitted => None,
                PlannedIdentity::Planned(value) => identity(&mut diags, entry, Some(&value)),
            };
            planned_state = encoded(&mut diags, entry, &planned, "planned state");
        }
    }
    pb::plan_resource_change::Response {
        planned_state,
        requires_replace,
        planned_private: req.prior_private,
        diagnostics: wire::diagnostics(diags),
        planned_identity,
        ..Default::default()
    }
}

pub(super) async fn apply_resource_change(
    server: &Server,
    req: pb::apply_resource_change::Request,
) -> pb::apply_resource_change::Response {
    tracing::debug!(type_name = %req.type_name, "ApplyResourceChange");
    let mut diags = Diagnostics::new();
    let (mut new_state, mut new_identity) = (None, None);
    if let Some((entry, [prior, planned, config])) = decoded(
        &mut diags,
        server.resource(&req.type_name),
        [
            (req.prior_state.as_ref(), "prior state"),
            (req.planned_state.as_ref(), "planned state"),
            (req.config.as_ref(), "configuration"),
        ],
    ) {
        let answer = server
            .apply_resource_change(entry, prior, planned, config)
            .await;
        (new_state, new_identity) = encode_answer(&mut diags, entry, answer, "new state");
    }
    pb::apply_resource_change::Response {
        new_state,
        private: req.planned_private,
        diagnostics: wire::diagnostics(diags),
        new_identity,
        ..Default::default()
    }
}

pub(super) async fn import_resource_state(
    server: &Server,
    req: pb::import_resource_state::Request,
) -> pb::import_resource_state::Response {
    tracing::debug!(type_name = %req.type_name, "ImportResourceState");
    let mut diags = Diagnostics::new();
    let mut imported_resources = Vec::new();
    if let Some(entry) = collect(&mut diags, server.resource(&req.type_name)) {
        let by =
            if req.id.is_empty() {
                let data = req.identity.as_ref().and_then(|i| i.identity_data.as_ref());
                ImportBy::Identity(entry.identity.as_ref().and_then(|identity| {
                    Some(wire::decode_identity(data?, identity, &entry.schema))
                }))
            } else {
                ImportBy::Id(req.id.clone())
            };
        let answer = server
            .import_resource_state(entry, &req.type_name, by)
            .await;
        if let (Some(state), identity) = encode_answer(&mut diags, entry, answer, "imported state")
        {
            imported_resources.push(pb::import_resource_state::ImportedResource {
                type_name: req.type_name.clone(),
                state: Some(state),
                identity,
                ..Default::default()
            });
        }
    }
    pb::import_resource_state::Response {
        imported_resources,
        diagnostics: wire::diagnostics(diags),
        deferred: None,
    }
}

pub(super) fn move_resource_state(
    server: &Server,
    req: pb::move_resource_state::Request,
) -> pb::move_resource_state::Response {
    tracing::debug!(
        source = %req.source_type_name,
        source_provider = %req.source_provider_address,
        target = %req.target_type_name,
        "MoveResourceState"
    );
    let mut diags = Diagnostics::new();
    let (mut target_state, mut target_identity) = (None, None);
    if let Some(entry) = collect(&mut diags, server.resource(&req.target_type_name)) {
        let json = req
            .source_state
            .as_ref()
            .map(|raw| raw.json.as_slice())
            .unwrap_or_default();
        match serde_json::from_slice::<serde_json::Value>(json) {
            Ok(state) => {
                let source = MoveSource {
                    provider_address: &req.source_provider_address,
                    type_name: &req.source_type_name,
                    schema_version: req.source_schema_version,
                    state: &state,
                };
                let answer = server.move_resource_state(entry, &req.target_type_name, &source);
                (target_state, target_identity) =
                    encode_answer(&mut diags, entry, answer, "moved state");
            }
            Err(_) => diags.push(crate::diag::Diagnostic::error(
                "Unreadable source state",
                format!(
                    "The state of {} to move is not JSON this provider can read.",
                    req.source_type_name
                ),
            )),
        }
    }
    pb::move_resource_state::Response {
        target_state,
        diagnostics: wire::diagnostics(diags),
        target_private: Vec::new(),
        target_identity,
    }
}

pub(super) fn generate_resource_config(
    server: &Server,
    req: pb::generate_resource_config::Request,
) -> pb::generate_resource_config::Response {
    tracing::debug!(type_name = %req.type_name, "GenerateResourceConfig");
    let mut diags = Diagnostics::new();
    let mut config = None;
    if let Some((entry, [state])) = decoded(
        &mut diags,
        server.resource(&req.type_name),
        [(req.state.as_ref(), "state")],
    ) && let Some(generated) = collect(&mut diags, server.generate_resource_config(entry, state))
    {
        config = encoded(&mut diags, entry, &generated, "generated configuration");
    }
    pb::generate_resource_config::Response {
        config,
        diagnostics: wire::diagnostics(diags),
    }
}
