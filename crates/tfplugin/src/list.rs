//! List resources (Terraform 1.14+ `terraform query`): find the remote objects of a resource
//! type, page by page, for a person or `-generate-config-out` to import.
//!
//! A list resource writes only its filter schema (the `config { … }` block of a `list` block)
//! and a `list` function that pushes each object it finds, as the resource's own state type.
//! The framework does the rest, the same way for every type:
//!
//! | concern | how |
//! |---|---|
//! | identity of each result | projected from the pushed state ([`crate::identity`]) |
//! | the full object | only when the `list` block asks `include_resource = true` |
//! | secrets | every sensitive or write-only attribute is nulled before a result leaves |
//! | `limit` | `push` answers `false` once the limit is reached: stop paging |
//! | streaming | each result is sent as it is pushed; `push` answers `false` when Terraform stopped reading |
//! | filters | the schema's validators run at ValidateListResourceConfig, then the type's own `validate` |

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::bridge::{decode_typed, encode_typed};
use crate::context::Context;
use crate::diag::Diagnostics;
use crate::identity::IdentitySchema;
use crate::resource::null_where;
use crate::schema::Schema;
use crate::value::Value;

/// What the framework needs of the resource a list resource lists.
#[derive(Debug, Clone)]
pub struct ListTarget {
    /// The full type name of the listed resource.
    pub type_name: String,
    /// Its schema, which every result is typed and nulled by.
    pub schema: Schema,
    /// Its identity, projected from every result.
    pub identity: IdentitySchema,
}

/// One result as the framework hands it on: secrets nulled, unknowns null, the identity
/// projected, the full object only when Terraform asked for it.
pub(crate) struct ListItem {
    pub display_name: String,
    pub identity: Value,
    pub resource: Option<Value>,
}

/// What a listing sends: results, and diagnostics (an error ends the listing; warnings come
/// last).
pub(crate) enum ListEvent {
    Item(ListItem),
    Diagnostics(Diagnostics),
}

/// The receiving end of a listing; the gRPC layer encodes each event for Terraform.
#[async_trait]
pub(crate) trait ListEventSink: Send + Sync {
    /// Sends one event; false when it was not delivered as sent (Terraform stopped reading, or
    /// a result could not be encoded and an error went out in its place).
    async fn send(&self, event: ListEvent) -> bool;
    /// Whether Terraform stopped reading.
    fn is_closed(&self) -> bool;
}

/// Where a listing's results go: handed to [`DynListResource::list`] by the framework.
#[derive(Clone)]
pub struct ListSink(pub(crate) Arc<dyn ListEventSink>);

impl ListSink {
    async fn send(&self, event: ListEvent) -> bool {
        self.0.send(event).await
    }
}

/// Where a list resource pushes what it finds.
pub struct ListResults<S> {
    target: Arc<ListTarget>,
    include_resource: bool,
    remaining: i64,
    sink: ListSink,
    _state: std::marker::PhantomData<fn(&S)>,
}

impl<S: Serialize> ListResults<S> {
    pub(crate) fn new(
        target: Arc<ListTarget>,
        include_resource: bool,
        limit: i64,
        sink: ListSink,
    ) -> Self {
        ListResults {
            target,
            include_resource,
            remaining: limit,
            sink,
            _state: std::marker::PhantomData,
        }
    }

    /// How many more results Terraform wants: a page size hint.
    pub fn remaining(&self) -> i64 {
        self.remaining
    }

    /// Whether Terraform wants the full objects: when not, a lister may skip per-object reads
    /// and push states holding only the identity attributes.
    pub fn include_resource(&self) -> bool {
        self.include_resource
    }

    /// Whether the lister should stop (limit reached or Terraform stopped reading).
    pub fn is_done(&self) -> bool {
        self.remaining <= 0 || self.sink.0.is_closed()
    }

    /// Sends one result: its display name and its state as a read after an import would give
    /// it. Answers whether to go on.
    pub async fn push(&mut self, display_name: impl Into<String>, state: &S) -> bool {
        if self.is_done() {
            return false;
        }
        let (event, failed) = match self.item(display_name.into(), state) {
            Ok(item) => (ListEvent::Item(item), false),
            Err(diags) => (ListEvent::Diagnostics(diags), true),
        };
        if !self.sink.send(event).await || failed {
            self.remaining = 0;
            return false;
        }
        self.remaining -= 1;
        self.remaining > 0
    }

    fn item(&self, display_name: String, state: &S) -> Result<ListItem, Diagnostics> {
        let target = &self.target;
        let mut value = encode_typed(
            "list result",
            &target.type_name,
            state,
            &target.schema.value_type(),
        )?;
        // No secret ever leaves in a list result, whatever the lister filled in.
        null_where(&target.schema.block, &mut value, &|a| {
            a.sensitive || a.write_only
        });
        let value = value.unknowns_to_null();
        Ok(ListItem {
            display_name,
            identity: target.identity.project(&value),
            resource: self.include_resource.then_some(value),
        })
    }
}

/// A list resource with a serde-typed filter configuration, listing objects of the resource
/// type of the same name.
#[async_trait]
pub trait ListResource: Send + Sync + 'static {
    /// The `config { … }` block, typed like a resource state (`Tf<…>` fields).
    type Config: DeserializeOwned + Send + Sync + 'static;
    /// The state type of the listed resource.
    type State: Serialize + Send + Sync + 'static;

    /// The resource type name after the provider prefix, the same as the listed resource's.
    fn type_name(&self) -> &'static str;

    /// The schema of the `config` block: filters, all optional.
    fn schema(&self) -> Schema;

    /// Checks across filters beyond the per-attribute validators; values may be unknown.
    fn validate(&self, _config: &Self::Config) -> Diagnostics {
        Diagnostics::new()
    }

    /// Finds the objects, pushing each as soon as its page arrives; stops when `push` answers
    /// false.
    async fn list(
        &self,
        ctx: &Context,
        config: Self::Config,
        results: &mut ListResults<Self::State>,
    ) -> Result<(), Diagnostics>;
}

/// Object-safe form of [`ListResource`], implemented for every `ListResource`.
#[async_trait]
pub trait DynListResource: Send + Sync + 'static {
    /// See [`ListResource::type_name`].
    fn type_name(&self) -> &'static str;
    /// See [`ListResource::schema`].
    fn schema(&self) -> Schema;
    /// The list resource's own checks on a `config` block that passed the validators.
    fn validate(&self, config: &Value) -> Diagnostics;
    /// Lists into `sink`; errors are sent as a final event with diagnostics.
    async fn list(
        &self,
        ctx: &Context,
        config: Value,
        target: Arc<ListTarget>,
        include_resource: bool,
        limit: i64,
        sink: ListSink,
    );
}

fn decode_config<C: DeserializeOwned>(type_name: &str, config: Value) -> Result<C, Diagnostics> {
    // An absent `config` block is a block with every filter null.
    let config = if config.is_null() {
        Value::Object(Default::default())
    } else {
        config
    };
    decode_typed("list configuration", type_name, config)
}

#[async_trait]
impl<L: ListResource> DynListResource for L {
    fn type_name(&self) -> &'static str {
        ListResource::type_name(self)
    }

    fn schema(&self) -> Schema {
        ListResource::schema(self)
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match decode_config::<L::Config>(self.type_name(), config.clone()) {
            Ok(typed) => ListResource::validate(self, &typed),
            Err(_) if config.contains_unknown() => Diagnostics::new(),
            Err(e) => e,
        }
    }

    async fn list(
        &self,
        ctx: &Context,
        config: Value,
        target: Arc<ListTarget>,
        include_resource: bool,
        limit: i64,
        sink: ListSink,
    ) {
        let typed = match decode_config::<L::Config>(self.type_name(), config) {
            Ok(typed) => typed,
            Err(diags) => {
                sink.send(ListEvent::Diagnostics(diags)).await;
                return;
            }
        };
        let mut results = ListResults::new(target, include_resource, limit, sink.clone());
        if results.is_done() {
            return;
        }
        if let Err(diags) = ListResource::list(self, ctx, typed, &mut results).await {
            sink.send(ListEvent::Diagnostics(diags)).await;
        }
        let warnings = ctx.take_warnings();
        if !warnings.is_empty() {
            sink.send(ListEvent::Diagnostics(warnings)).await;
        }
    }
}
