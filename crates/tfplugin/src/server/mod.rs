//! The framework's server, in the manner of terraform-plugin-framework's fwserver: the registry
//! built once from a [`Provider`], and what every RPC does on the framework's own types (values,
//! schemas, diagnostics). The gRPC adapters in [`crate::grpc`] decode a request with
//! [`crate::wire`], call a function here and encode what it answers; nothing here knows the
//! protocol's messages.
//!
//! | concern | where |
//! |---|---|
//! | the registry: types by full name, each schema built once | [`Server::new`] |
//! | cancellation: StopProvider cancels every operation in flight | [`Server::context`], [`Server::stop`] |
//! | validation: the schema's validators, then the type's own checks, one diagnostic per problem | [`validate`] |
//! | the provider's configuration | [`provider`] |
//! | identity projection, partial state, write-only nulling on the failure path | [`resource`] |
//! | data sources, list resources | [`data_source`], [`list`] |
//! | ephemeral resources: open only with a known configuration, the fixed deadline | [`ephemeral`] |

pub(crate) mod data_source;
pub(crate) mod ephemeral;
pub(crate) mod list;
pub(crate) mod provider;
pub(crate) mod resource;
pub(crate) mod validate;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use parking_lot::Mutex;
use tokio_util::sync::CancellationToken;

use crate::context::Context;
use crate::data_source::DynDataSource;
use crate::diag::{Diagnostic, Diagnostics, PluginError};
use crate::ephemeral::DynEphemeralResource;
use crate::identity::IdentitySchema;
use crate::list::{DynListResource, ListTarget};
use crate::provider::Provider;
use crate::resource::DynResource;
use crate::schema::Schema;

/// A managed resource type with its schema and identity schema.
pub(crate) struct ResourceEntry {
    pub resource: Arc<dyn DynResource>,
    pub schema: Schema,
    pub identity: Option<IdentitySchema>,
}

/// A data source with its schema.
pub(crate) struct DataSourceEntry {
    pub data_source: Arc<dyn DynDataSource>,
    pub schema: Schema,
}

/// A list resource with its filter schema and the resource it lists (None when that resource
/// has no identity: a provider bug, reported on use).
pub(crate) struct ListEntry {
    pub list: Arc<dyn DynListResource>,
    pub schema: Schema,
    pub target: Option<Arc<ListTarget>>,
}

/// An ephemeral resource with its schema.
pub(crate) struct EphemeralEntry {
    pub ephemeral: Arc<dyn DynEphemeralResource>,
    pub schema: Schema,
}

/// The registry and the stop switch, built once from a [`Provider`].
pub(crate) struct Server {
    provider: Arc<dyn Provider>,
    provider_schema: Schema,
    resources: HashMap<String, ResourceEntry>,
    data_sources: HashMap<String, DataSourceEntry>,
    list_resources: HashMap<String, ListEntry>,
    ephemeral_resources: HashMap<String, EphemeralEntry>,
    /// By name, unprefixed (`provider::<name>::<function>`).
    functions: BTreeMap<String, Arc<dyn crate::function::Function>>,
    /// Replaced by StopProvider after cancelling it: in-flight calls see the cancellation, later
    /// calls get a fresh token.
    stop: Mutex<CancellationToken>,
}

impl Server {
    pub(crate) fn new(provider: Arc<dyn Provider>) -> Self {
        let prefix = provider.type_name_prefix();
        let full = |name: &str| format!("{prefix}_{name}");
        let resources: HashMap<String, ResourceEntry> = provider
            .resources()
            .into_iter()
            .map(|resource| {
                let schema = resource.schema();
                let identity = resource.identity();
                (
                    full(resource.type_name()),
                    ResourceEntry {
                        resource,
                        schema,
                        identity,
                    },
                )
            })
            .collect();
        let list_resources = provider
            .list_resources()
            .into_iter()
            .map(|list| {
                let name = full(list.type_name());
                let target = resources.get(&name).and_then(|entry| {
                    Some(Arc::new(ListTarget {
                        type_name: name.clone(),
                        schema: entry.schema.clone(),
                        identity: entry.identity.clone()?,
                    }))
                });
                let schema = list.schema();
                (
                    name,
                    ListEntry {
                        list,
                        schema,
                        target,
                    },
                )
            })
            .collect();
        let data_sources = provider
            .data_sources()
            .into_iter()
            .map(|data_source| {
                let schema = data_source.schema();
                (
                    full(data_source.type_name()),
                    DataSourceEntry {
                        data_source,
                        schema,
                    },
                )
            })
            .collect();
        let ephemeral_resources = provider
            .ephemeral_resources()
            .into_iter()
            .map(|ephemeral| {
                let schema = ephemeral.schema();
                (
                    full(ephemeral.type_name()),
                    EphemeralEntry { ephemeral, schema },
                )
            })
            .collect();
        let functions = provider
            .functions()
            .into_iter()
            .map(|function| (function.name().to_owned(), function))
            .collect();
        Server {
            provider_schema: provider.schema(),
            functions,
            provider,
            resources,
            data_sources,
            list_resources,
            ephemeral_resources,
            stop: Mutex::new(CancellationToken::new()),
        }
    }

    /// A fresh context for one operation, cancelled by the next StopProvider.
    pub(crate) fn context(&self) -> Context {
        Context::new(self.stop.lock().clone())
    }

    /// Cancels in-flight work (StopProvider) and keeps serving.
    pub(crate) fn stop(&self) {
        let mut token = self.stop.lock();
        token.cancel();
        *token = CancellationToken::new();
    }

    pub(crate) fn provider_schema(&self) -> &Schema {
        &self.provider_schema
    }

    /// The resources by full type name, in name order.
    pub(crate) fn resources(&self) -> BTreeMap<&str, &ResourceEntry> {
        sorted(&self.resources)
    }

    /// The data sources by full type name, in name order.
    pub(crate) fn data_sources(&self) -> BTreeMap<&str, &DataSourceEntry> {
        sorted(&self.data_sources)
    }

    /// The list resources by full type name, in name order.
    pub(crate) fn list_resources(&self) -> BTreeMap<&str, &ListEntry> {
        sorted(&self.list_resources)
    }

    /// The ephemeral resources by full type name, in name order.
    pub(crate) fn ephemeral_resources(&self) -> BTreeMap<&str, &EphemeralEntry> {
        sorted(&self.ephemeral_resources)
    }

    pub(crate) fn functions(&self) -> &BTreeMap<String, Arc<dyn crate::function::Function>> {
        &self.functions
    }

    pub(crate) fn resource(&self, name: &str) -> Result<&ResourceEntry, Diagnostics> {
        lookup(&self.resources, "resource type", name)
    }

    pub(crate) fn data_source(&self, name: &str) -> Result<&DataSourceEntry, Diagnostics> {
        lookup(&self.data_sources, "data source", name)
    }

    pub(crate) fn list_resource(&self, name: &str) -> Result<&ListEntry, Diagnostics> {
        lookup(&self.list_resources, "list resource", name)
    }

    pub(crate) fn ephemeral_resource(&self, name: &str) -> Result<&EphemeralEntry, Diagnostics> {
        lookup(&self.ephemeral_resources, "ephemeral resource", name)
    }
}

fn sorted<T>(map: &HashMap<String, T>) -> BTreeMap<&str, &T> {
    map.iter()
        .map(|(name, entry)| (name.as_str(), entry))
        .collect()
}

fn lookup<'a, T>(
    map: &'a HashMap<String, T>,
    kind: &'static str,
    name: &str,
) -> Result<&'a T, Diagnostics> {
    map.get(name).ok_or_else(|| {
        PluginError::UnknownType {
            kind,
            name: name.to_owned(),
        }
        .into()
    })
}

/// The error for a feature this provider does not offer (a function, a state store, an action,
/// an identity it has not declared).
pub(crate) fn unsupported(kind: &str, name: &str) -> Diagnostic {
    Diagnostic::error(
        format!("Unsupported {kind}"),
        format!(
            "This provider offers no {kind} named {name:?}. Check the type name and the provider version."
        ),
    )
}

/// Adds the errors of `r` to `diags` and gives its value, if any.
pub(crate) fn collect<T>(diags: &mut Diagnostics, r: Result<T, Diagnostics>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            diags.extend(e);
            None
        }
    }
}
