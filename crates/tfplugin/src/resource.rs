//! The `Resource` trait vendors implement, with serde-typed state, and its object-safe twin the
//! server drives.
//!
//! A resource only writes its schema and its CRUD. Decoding, per-attribute validation, automatic
//! planning (unknowns, defaults, use-state-for-unknown, requires-replace) and write-only
//! nulling happen around it.

use async_trait::async_trait;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::bridge::{decode_typed as decode, encode_typed, validate_typed_config};
use super::context::Context;
use super::diag::{AttributePath, Diagnostic, Diagnostics};
use super::generate::minimal_config;
use super::identity::IdentitySchema;
use super::plan::{Plan, plan_resource_change};
use super::schema::{Attribute, AttributeType, Block, Schema};
use super::timeouts::{self, Operation};
use super::value::Value;

/// The plan being made, handed to [`Resource::modify_plan`] after automatic planning.
#[derive(Debug, Clone)]
pub struct PlanChange<S> {
    /// None on create.
    pub prior: Option<S>,
    /// The configuration.
    pub config: S,
    /// The planned state; change only computed attributes that are null in `config`.
    pub planned: S,
    /// Attribute paths whose change forces replacement (already filled by the planner).
    pub requires_replace: Vec<AttributePath>,
}

/// A managed resource with serde-typed state.
///
/// `State` must cover every attribute of the schema (attribute names = field names, use
/// `#[serde(default)]` on the struct) and must use [`super::tf::Tf`] for any attribute that can be
/// unknown (computed attributes in plans, anything in configs) or null.
#[async_trait]
pub trait Resource: Send + Sync + 'static {
    /// The state, configuration and plan of the resource, typed (see above).
    type State: Serialize + DeserializeOwned + Send + Sync + 'static;

    /// The name after the provider prefix: `"test_widget"` becomes `apiclients_test_widget`.
    fn type_name(&self) -> &'static str;

    /// The schema; the framework builds it once when it starts serving.
    fn schema(&self) -> Schema;

    /// Cross-attribute checks beyond the per-attribute validators (which run automatically).
    /// The config may contain unknown values.
    fn validate(&self, _config: &Self::State) -> Diagnostics {
        Diagnostics::new()
    }

    /// Refreshes the state from the remote API. `Ok(None)`: the object is gone (removed from
    /// state, Terraform plans to create it again).
    async fn read(
        &self,
        ctx: &Context,
        state: Self::State,
    ) -> Result<Option<Self::State>, Diagnostics>;

    /// Adjusts the automatic plan (create and update, not destroy).
    async fn modify_plan(
        &self,
        _ctx: &Context,
        _change: &mut PlanChange<Self::State>,
    ) -> Result<(), Diagnostics> {
        Ok(())
    }

    /// Creates the object; returns the full new state with no unknown values left.
    async fn create(
        &self,
        ctx: &Context,
        planned: Self::State,
        config: Self::State,
    ) -> Result<Self::State, Diagnostics>;

    /// Updates the object in place from `prior` to `planned`; returns the full new state with no unknown values left.
    async fn update(
        &self,
        ctx: &Context,
        prior: Self::State,
        planned: Self::State,
        config: Self::State,
    ) -> Result<Self::State, Diagnostics>;

    /// Deletes the object.
    async fn delete(&self, ctx: &Context, prior: Self::State) -> Result<(), Diagnostics>;

    /// Builds the state to import from `terraform import`'s ID; Terraform then calls `read`.
    async fn import(&self, ctx: &Context, id: &str) -> Result<Self::State, Diagnostics>;

    /// The identity (Terraform 1.12+): top-level attributes of the state that name the object.
    /// The framework projects it from every state it answers with (see [`crate::identity`]).
    fn identity(&self) -> Option<IdentitySchema> {
        None
    }

    /// Builds the state to import from an `import { identity = … }` block: `state` holds the
    /// identity's attributes, every other one null. By default that is the import state.
    async fn import_by_identity(
        &self,
        _ctx: &Context,
        state: Self::State,
    ) -> Result<Self::State, Diagnostics> {
        Ok(state)
    }

    /// Adjusts the configuration generated for an imported object (see [`crate::generate`]),
    /// e.g. to keep an optional+computed attribute whose omission would plan a change.
    fn adjust_generated_config(&self, _state: &Self::State, _config: &mut Self::State) {}

    /// The state of an object that a `moved` block (Terraform 1.8+) brings from another resource
    /// type, possibly another provider's: a translation of `source.state`, with no request to the
    /// vendor (Terraform refreshes the moved object next). `None`: this resource does not take
    /// that source, and the framework says which it is.
    fn move_state(&self, _source: &MoveSource<'_>) -> Option<Result<Self::State, Diagnostics>> {
        None
    }
}

/// Where a `moved` block's state comes from (see [`Resource::move_state`]).
pub struct MoveSource<'a> {
    /// The source provider's address, such as `registry.terraform.io/akamai/akamai`.
    pub provider_address: &'a str,
    /// The source resource type, such as `akamai_iam_api_client`.
    pub type_name: &'a str,
    /// The schema version the source provider stored the state at.
    pub schema_version: i64,
    /// The state as Terraform stored it (its JSON), which may hold the source's secrets.
    pub state: &'a serde_json::Value,
}

impl std::fmt::Debug for MoveSource<'_> {
    /// Without the state: it may hold secrets of a schema this provider does not know.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MoveSource")
            .field("provider_address", &self.provider_address)
            .field("type_name", &self.type_name)
            .field("schema_version", &self.schema_version)
            .finish_non_exhaustive()
    }
}

/// Object-safe form of [`Resource`] working on [`Value`]s; implemented for every `Resource`.
///
/// Every call after [`DynResource::schema`] takes the schema it returned: the framework builds it
/// once when it starts serving, because building one compiles its validators' regular
/// expressions, which per call cost over a quarter of the provider's CPU on a large apply.
#[async_trait]
pub trait DynResource: Send + Sync + 'static {
    /// See [`Resource::type_name`].
    fn type_name(&self) -> &'static str;
    /// See [`Resource::schema`].
    fn schema(&self) -> Schema;
    /// The framework's check of this resource's schema and state type (see [`crate::self_check`]).
    fn check_implementation(&self) -> Vec<String>;
    /// The `timeouts` block's checks and the resource's own (see [`Resource::validate`]).
    fn validate(&self, schema: &Schema, config: &Value) -> Diagnostics;
    /// Refreshes a state within the `read` deadline; null when the object is gone.
    async fn read(
        &self,
        schema: &Schema,
        ctx: &Context,
        state: Value,
    ) -> Result<Value, Diagnostics>;
    /// Plans a change: automatic planning ([`crate::plan`]), then [`Resource::modify_plan`].
    async fn plan(
        &self,
        schema: &Schema,
        ctx: &Context,
        prior: &Value,
        proposed: &Value,
        config: &Value,
    ) -> Result<Plan, Diagnostics>;
    /// Creates, updates or deletes (planned null) within the operation's deadline; the state answered has write-only values nulled.
    async fn apply(
        &self,
        schema: &Schema,
        ctx: &Context,
        prior: Value,
        planned: Value,
        config: Value,
    ) -> Result<Value, Diagnostics>;
    /// The state to import from an ID.
    async fn import(&self, schema: &Schema, ctx: &Context, id: &str) -> Result<Value, Diagnostics>;
    /// See [`Resource::identity`].
    fn identity(&self) -> Option<IdentitySchema>;
    /// `state` is [`IdentitySchema::to_state`] of the identity the import block gave.
    async fn import_by_identity(
        &self,
        schema: &Schema,
        ctx: &Context,
        state: Value,
    ) -> Result<Value, Diagnostics>;
    /// The configuration to write for the imported `state`.
    fn generate_config(&self, schema: &Schema, state: Value) -> Result<Value, Diagnostics>;
    /// See [`Resource::move_state`].
    fn move_state(
        &self,
        schema: &Schema,
        source: &MoveSource<'_>,
    ) -> Option<Result<Value, Diagnostics>>;
}

fn encode<S: Serialize>(
    what: &'static str,
    type_name: &str,
    schema: &Schema,
    s: &S,
) -> Result<Value, Diagnostics> {
    let mut v = encode_typed(what, type_name, s, &schema.value_type())?;
    null_write_only(&schema.block, &mut v);
    Ok(v)
}

/// Write-only values must never reach state (Terraform rejects them).
pub(crate) fn null_write_only(block: &Block, v: &mut Value) {
    null_where(block, v, &|a| a.write_only);
}

/// Nulls, at every level, the attributes `pred` picks (write-only ones in state, secrets in list
/// results).
pub(crate) fn null_where(block: &Block, v: &mut Value, pred: &dyn Fn(&Attribute) -> bool) {
    let Some(obj) = v.as_object_mut() else { return };
    for attr in &block.attributes {
        if pred(attr) {
            obj.insert(attr.name.clone(), Value::Null);
        } else if let AttributeType::Nested { attributes, .. } = &attr.ty {
            let nested = Block {
                attributes: attributes.clone(),
                ..Block::default()
            };
            match obj.get_mut(&attr.name) {
                Some(Value::List(items) | Value::Set(items)) => {
                    items.iter_mut().for_each(|i| null_where(&nested, i, pred))
                }
                Some(Value::Map(items)) => items
                    .values_mut()
                    .for_each(|i| null_where(&nested, i, pred)),
                Some(single @ Value::Object(_)) => null_where(&nested, single, pred),
                _ => {}
            }
        }
    }
    for nb in &block.blocks {
        match obj.get_mut(&nb.type_name) {
            Some(Value::List(items) | Value::Set(items)) => items
                .iter_mut()
                .for_each(|i| null_where(&nb.block, i, pred)),
            Some(Value::Map(items)) => items
                .values_mut()
                .for_each(|i| null_where(&nb.block, i, pred)),
            Some(single @ Value::Object(_)) => null_where(&nb.block, single, pred),
            _ => {}
        }
    }
}

/// The `timeouts` block is the configuration's, whatever the resource wrote: a refresh or an
/// apply never changes it (which would show as a diff).
fn keep_timeouts(state: &mut Value, kept: Option<Value>) {
    if let (Some(kept), Some(obj)) = (kept, state.as_object_mut()) {
        obj.insert(timeouts::BLOCK_NAME.to_owned(), kept);
    }
}

#[async_trait]
impl<R: Resource> DynResource for R {
    fn type_name(&self) -> &'static str {
        Resource::type_name(self)
    }

    fn schema(&self) -> Schema {
        Resource::schema(self)
    }

    fn check_implementation(&self) -> Vec<String> {
        crate::self_check::check_implementation::<R::State>(
            Resource::type_name(self),
            &Resource::schema(self),
        )
    }

    fn validate(&self, schema: &Schema, config: &Value) -> Diagnostics {
        // A config with unknown values in plain fields cannot be typed yet; the per-attribute
        // validators have run, and the resource's own checks run again once values are known.
        let mut diags = if timeouts::in_schema(&schema.block) {
            timeouts::validate(config)
        } else {
            Diagnostics::new()
        };
        if diags.has_errors() {
            return diags;
        }
        diags.extend(validate_typed_config(self.type_name(), config, |cfg| {
            Resource::validate(self, cfg)
        }));
        diags
    }

    async fn read(
        &self,
        schema: &Schema,
        ctx: &Context,
        state: Value,
    ) -> Result<Value, Diagnostics> {
        let name = self.type_name();
        let deadline = timeouts::in_schema(&schema.block)
            .then(|| timeouts::duration_in(&state, Operation::Read));
        let kept = deadline.and(state.get(timeouts::BLOCK_NAME).cloned());
        let typed: R::State = decode("prior state", name, state)?;
        let read = |ctx: Context| async move { Resource::read(self, &ctx, typed).await };
        let found = match deadline {
            Some(d) => timeouts::run_with_deadline(ctx, name, Operation::Read, d, read).await?,
            None => read(ctx.clone()).await?,
        };
        match found {
            Some(s) => {
                let mut v = encode("refreshed state", name, schema, &s)?;
                keep_timeouts(&mut v, kept);
                Ok(v)
            }
            None => Ok(Value::Null),
        }
    }

    async fn plan(
        &self,
        schema: &Schema,
        ctx: &Context,
        prior: &Value,
        proposed: &Value,
        config: &Value,
    ) -> Result<Plan, Diagnostics> {
        let mut plan = plan_resource_change(&schema.block, prior, proposed, config);
        if plan.planned.is_null() {
            return Ok(plan);
        }
        let name = self.type_name();
        let mut change = PlanChange {
            prior: if prior.is_null() {
                None
            } else {
                Some(decode::<R::State>("prior state", name, prior.clone())?)
            },
            config: decode("configuration", name, config.clone())?,
            planned: decode("planned state", name, plan.planned.clone())?,
            requires_replace: plan.requires_replace.clone(),
        };
        let before = encode("planned state", name, schema, &change.planned)?;
        Resource::modify_plan(self, ctx, &mut change).await?;
        let after = encode("planned state", name, schema, &change.planned)?;
        // Keep the planner's exact value unless the hook changed something, so a typed round
        // trip can never perturb the plan.
        if after != before {
            plan.planned = after;
        }
        plan.requires_replace = change.requires_replace;
        Ok(plan)
    }

    async fn apply(
        &self,
        schema: &Schema,
        ctx: &Context,
        prior: Value,
        planned: Value,
        config: Value,
    ) -> Result<Value, Diagnostics> {
        let name = self.type_name();
        let has_timeouts = timeouts::in_schema(&schema.block);
        // Create and update take the configuration's deadline, delete the state's.
        let (op, deadline_from) = if planned.is_null() {
            (Operation::Delete, &prior)
        } else if prior.is_null() {
            (Operation::Create, &config)
        } else {
            (Operation::Update, &config)
        };
        let deadline = has_timeouts.then(|| timeouts::duration_in(deadline_from, op));
        if planned.is_null() {
            if !prior.is_null() {
                let typed: R::State = decode("prior state", name, prior)?;
                let delete =
                    |ctx: Context| async move { Resource::delete(self, &ctx, typed).await };
                match deadline {
                    Some(d) => timeouts::run_with_deadline(ctx, name, op, d, delete).await?,
                    None => delete(ctx.clone()).await?,
                }
            }
            return Ok(Value::Null);
        }
        let kept = deadline.and(planned.get(timeouts::BLOCK_NAME).cloned());
        let typed_planned: R::State = decode("planned state", name, planned)?;
        let typed_config: R::State = decode("configuration", name, config)?;
        let typed_prior: Option<R::State> = if prior.is_null() {
            None
        } else {
            Some(decode("prior state", name, prior)?)
        };
        let write = |ctx: Context| async move {
            match typed_prior {
                None => Resource::create(self, &ctx, typed_planned, typed_config).await,
                Some(typed_prior) => {
                    Resource::update(self, &ctx, typed_prior, typed_planned, typed_config).await
                }
            }
        };
        let new_state = match deadline {
            Some(d) => timeouts::run_with_deadline(ctx, name, op, d, write).await?,
            None => write(ctx.clone()).await?,
        };
        let mut v = encode("new state", name, schema, &new_state)?;
        keep_timeouts(&mut v, kept);
        if v.contains_unknown() {
            return Err(Diagnostic::error(
                "Provider returned unknown values after apply",
                format!("{name}: every unknown planned value must be known after apply. This is a bug in the provider."),
            )
            .into());
        }
        Ok(v)
    }

    async fn import(&self, schema: &Schema, ctx: &Context, id: &str) -> Result<Value, Diagnostics> {
        let name = self.type_name();
        let s = Resource::import(self, ctx, id).await?;
        encode("imported state", name, schema, &s)
    }

    fn identity(&self) -> Option<IdentitySchema> {
        Resource::identity(self)
    }

    async fn import_by_identity(
        &self,
        schema: &Schema,
        ctx: &Context,
        state: Value,
    ) -> Result<Value, Diagnostics> {
        let name = self.type_name();
        let typed: R::State = decode("identity", name, state)?;
        let s = Resource::import_by_identity(self, ctx, typed).await?;
        encode("imported state", name, schema, &s)
    }

    fn generate_config(&self, schema: &Schema, state: Value) -> Result<Value, Diagnostics> {
        let name = self.type_name();
        let generated = minimal_config(&schema.block, &state.clone().unknowns_to_null());
        let typed_state: R::State = decode("state", name, state)?;
        let mut typed: R::State = decode("generated configuration", name, generated.clone())?;
        let before = encode("generated configuration", name, schema, &typed)?;
        Resource::adjust_generated_config(self, &typed_state, &mut typed);
        let after = encode("generated configuration", name, schema, &typed)?;
        // Keep the exact generated value unless the hook changed something.
        Ok(if after != before { after } else { generated })
    }

    fn move_state(
        &self,
        schema: &Schema,
        source: &MoveSource<'_>,
    ) -> Option<Result<Value, Diagnostics>> {
        let name = self.type_name();
        Resource::move_state(self, source)
            .map(|moved| moved.and_then(|s| encode("moved state", name, schema, &s)))
    }
}
