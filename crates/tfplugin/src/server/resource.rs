//! Managed resources: what the framework adds around the resource's own operations.
//!
//! | RPC | the framework's part |
//! |---|---|
//! | ValidateResourceConfig | validators, the resource's checks, write-only refused on Terraform before 1.11 |
//! | UpgradeResourceState, UpgradeResourceIdentity | a state or identity from a newer provider is refused |
//! | ReadResource | a failed read keeps the current state, so Terraform does not forget the object |
//! | PlanResourceChange | the planned identity: the prior one on destroy, none while unknown |
//! | ApplyResourceChange | a failed apply answers the partial state the resource recorded (write-only values nulled), else the prior state |
//! | ImportResourceState | by ID, or by the identity of an `import` block |
//!
//! The identity answered is always the projection of the state answered ([`crate::identity`]).

use super::validate::{validate_config, write_only_refused};
use super::{ResourceEntry, Server, collect, unsupported};
use crate::diag::{AttributePath, Diagnostic, Diagnostics};
use crate::identity::IdentitySchema;
use crate::resource::null_write_only;
use crate::value::Value;

/// What an operation on a resource answers: the state Terraform keeps, its identity, and the
/// diagnostics (warnings first, then errors).
pub(crate) struct StateAnswer {
    pub state: Option<Value>,
    pub identity: Option<Value>,
    pub diagnostics: Diagnostics,
}

/// The planned identity, answered beside the planned state.
pub(crate) enum PlannedIdentity {
    /// A destroy keeps the identity Terraform sent.
    Prior,
    /// None: no identity schema, or one still unknown (create, replace), which Terraform accepts
    /// but cannot render in a JSON plan.
    Omitted,
    Planned(Value),
}

/// What PlanResourceChange answers.
pub(crate) struct PlanAnswer {
    pub planned: Option<Value>,
    pub requires_replace: Vec<AttributePath>,
    pub identity: PlannedIdentity,
    pub diagnostics: Diagnostics,
}

/// How an object is imported.
pub(crate) enum ImportBy {
    /// `terraform import <address> <id>` or an import block with `id`.
    Id(String),
    /// An import block with `identity`: the identity it gave, decoded (None when Terraform sent
    /// none); not decoded at all when the resource has no identity schema.
    Identity(Option<Result<Value, Diagnostics>>),
}

impl ResourceEntry {
    /// The identity of the object `state` describes; None without identity schema or for a null
    /// state.
    fn identity_of(&self, state: &Value) -> Option<Value> {
        let identity = self.identity.as_ref()?;
        (!state.is_null()).then(|| identity.project(state))
    }
}

impl Server {
    pub(crate) fn validate_resource_config(
        &self,
        entry: &ResourceEntry,
        config: &Value,
        write_only_allowed: bool,
    ) -> Diagnostics {
        validate_config(&entry.schema, config, |c| {
            let mut diags = entry.resource.validate(&entry.schema, c);
            if !write_only_allowed {
                diags.extend(write_only_refused(&entry.schema, c));
            }
            diags
        })
    }

    /// The stored state, unless a newer provider wrote it. Version 0 is the only one so far: a
    /// stored state is already current.
    pub(crate) fn upgrade_resource_state(
        &self,
        entry: &ResourceEntry,
        type_name: &str,
        version: i64,
        stored: Result<Value, Diagnostics>,
    ) -> Result<Value, Diagnostics> {
        if version > entry.schema.version {
            return Err(Diagnostic::error(
                "State from a newer provider",
                format!(
                    "The state of this {type_name} was written by a newer version of the provider (schema version {version}, this provider knows {}). Upgrade the provider.",
                    entry.schema.version
                ),
            )
            .into());
        }
        stored
    }

    /// The resource and its identity schema, for UpgradeResourceIdentity.
    pub(crate) fn resource_identity(
        &self,
        type_name: &str,
    ) -> Result<(&ResourceEntry, &IdentitySchema), Diagnostics> {
        self.resources
            .get(type_name)
            .and_then(|entry| Some((entry, entry.identity.as_ref()?)))
            .ok_or_else(|| unsupported("resource identity", type_name).into())
    }

    /// Refuses an identity a newer provider wrote. Version 0 is the only one so far: a stored
    /// identity is already current.
    pub(crate) fn check_identity_version(
        &self,
        identity: &IdentitySchema,
        type_name: &str,
        version: i64,
    ) -> Result<(), Diagnostics> {
        if version > identity.version {
            return Err(Diagnostic::error(
                "Identity from a newer provider",
                format!(
                    "The identity of this {type_name} was written by a newer version of the provider (identity version {version}, this provider knows {}). Upgrade the provider.",
                    identity.version
                ),
            )
            .into());
        }
        Ok(())
    }

    /// Refreshes `current`. On failure the current state stays: an error must not make
    /// Terraform forget the object.
    pub(crate) async fn read_resource(&self, entry: &ResourceEntry, current: Value) -> StateAnswer {
        let mut diags = Diagnostics::new();
        let ctx = self.context();
        let result = if current.is_null() {
            Ok(Value::Null)
        } else {
            entry
                .resource
                .read(&entry.schema, &ctx, current.clone())
                .await
        };
        diags.extend(ctx.take_warnings());
        let state = collect(&mut diags, result).unwrap_or(current);
        StateAnswer {
            identity: entry.identity_of(&state),
            state: Some(state),
            diagnostics: diags,
        }
    }

    pub(crate) async fn plan_resource_change(
        &self,
        entry: &ResourceEntry,
        prior: Value,
        proposed: Value,
        config: Value,
    ) -> PlanAnswer {
        let mut diags = Diagnostics::new();
        let ctx = self.context();
        let plan = entry
            .resource
            .plan(&entry.schema, &ctx, &prior, &proposed, &config)
            .await;
        diags.extend(ctx.take_warnings());
        let Some(plan) = collect(&mut diags, plan) else {
            return PlanAnswer {
                planned: None,
                requires_replace: Vec::new(),
                identity: PlannedIdentity::Omitted,
                diagnostics: diags,
            };
        };
        let identity = if plan.planned.is_null() {
            PlannedIdentity::Prior
        } else {
            match entry.identity_of(&plan.planned) {
                Some(identity) if !identity.contains_unknown() => {
                    PlannedIdentity::Planned(identity)
                }
                _ => PlannedIdentity::Omitted,
            }
        };
        PlanAnswer {
            requires_replace: plan.requires_replace,
            planned: Some(plan.planned),
            identity,
            diagnostics: diags,
        }
    }

    /// Applies a change. On failure Terraform keeps what this answers: what the resource
    /// recorded as existing remotely (a create that failed half-way), else the prior state (null
    /// after a failed create), so a failed update or delete does not lose the object.
    pub(crate) async fn apply_resource_change(
        &self,
        entry: &ResourceEntry,
        prior: Value,
        planned: Value,
        config: Value,
    ) -> StateAnswer {
        let mut diags = Diagnostics::new();
        let ctx = self.context().for_state_type(entry.schema.value_type());
        let result = entry
            .resource
            .apply(&entry.schema, &ctx, prior.clone(), planned, config)
            .await;
        diags.extend(ctx.take_warnings());
        let state = match result {
            Ok(state) => state,
            Err(errors) => {
                diags.extend(errors);
                // The resource recorded its typed state, write-only values included: they must
                // not reach state on this path either.
                ctx.take_partial_state()
                    .map(|mut partial| {
                        null_write_only(&entry.schema.block, &mut partial);
                        partial
                    })
                    .unwrap_or(prior)
            }
        };
        // Unknown identity parts (a failed create) are left out rather than sent.
        let identity = if state.contains_unknown() {
            None
        } else {
            entry.identity_of(&state)
        };
        StateAnswer {
            state: Some(state),
            identity,
            diagnostics: diags,
        }
    }

    pub(crate) async fn import_resource_state(
        &self,
        entry: &ResourceEntry,
        type_name: &str,
        by: ImportBy,
    ) -> StateAnswer {
        let mut diags = Diagnostics::new();
        let ctx = self.context();
        let result = match by {
            ImportBy::Id(id) => entry.resource.import(&entry.schema, &ctx, &id).await,
            ImportBy::Identity(given) => match self.import_state_of(entry, type_name, given) {
                Ok(state) => {
                    entry
                        .resource
                        .import_by_identity(&entry.schema, &ctx, state)
                        .await
                }
                Err(diags) => Err(diags),
            },
        };
        diags.extend(ctx.take_warnings());
        let state = collect(&mut diags, result);
        StateAnswer {
            identity: state.as_ref().and_then(|s| entry.identity_of(s)),
            state,
            diagnostics: diags,
        }
    }

    /// MoveResourceState: the target resource's translation of another type's state. Terraform
    /// asks only for a `moved` block whose target is ours; a resource that does not take the
    /// source is refused with what to do instead.
    pub(crate) fn move_resource_state(
        &self,
        entry: &ResourceEntry,
        target_type: &str,
        source: &crate::resource::MoveSource<'_>,
    ) -> StateAnswer {
        let mut diags = Diagnostics::new();
        let result = entry.resource.move_state(&entry.schema, source).unwrap_or_else(|| {
            Err(Diagnostic::error(
                "Moving resource state is not supported",
                format!(
                    "{target_type} cannot take the state of {} (provider {}). Remove the `moved` block and import the object instead.",
                    source.type_name, source.provider_address
                ),
            )
            .into())
        });
        let state = collect(&mut diags, result);
        StateAnswer {
            identity: state.as_ref().and_then(|s| entry.identity_of(s)),
            state,
            diagnostics: diags,
        }
    }

    /// The state an import by identity starts from.
    fn import_state_of(
        &self,
        entry: &ResourceEntry,
        type_name: &str,
        given: Option<Result<Value, Diagnostics>>,
    ) -> Result<Value, Diagnostics> {
        let Some(identity) = &entry.identity else {
            return Err(Diagnostic::error(
                "Import by identity is not supported",
                format!("{type_name} can only be imported by ID: use `terraform import <address> <id>` or an import block with `id`."),
            )
            .into());
        };
        let Some(value) = given else {
            return Err(Diagnostic::error(
                "Nothing to import",
                format!("The import of {type_name} gave neither an ID nor an identity."),
            )
            .into());
        };
        identity.to_state(&value?, &entry.schema)
    }

    pub(crate) fn generate_resource_config(
        &self,
        entry: &ResourceEntry,
        state: Value,
    ) -> Result<Value, Diagnostics> {
        entry.resource.generate_config(&entry.schema, state)
    }
}
