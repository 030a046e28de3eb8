//! The `tfplugin6.Provider` gRPC service: decodes requests, dispatches to the provider's
//! registry of resources and data sources, and encodes answers.
//!
//! Every RPC of the protocol answers with a well-formed response. Problems (undecodable values,
//! unknown type names, features this provider does not offer) are error diagnostics, never gRPC
//! errors, because Terraform turns gRPC errors into an opaque "Plugin error". Values are never
//! logged, only type names, since states carry secrets.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;

use futures::Stream;
use parking_lot::Mutex;
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status, Streaming};

use super::context::Context;
use super::data_source::DynDataSource;
use super::diag::{AttributePath, Diagnostic, Diagnostics, PathStep, PluginError, Severity};
use super::identity::IdentitySchema;
use super::list::{DynListResource, ListTarget, error_event, no_identity};
use super::provider::Provider;
use super::resource::{DynResource, null_write_only};
use super::schema::Schema;
use super::sensitive::register_secrets;
use super::validate::validate_block;
use super::value::{CodecError, Type, Value, decode_dynamic, decode_json, encode_msgpack};
use crate::proto::tfplugin6 as pb;

type RpcResult<T> = Result<Response<T>, Status>;
type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

type ListEntry = (Arc<dyn DynListResource>, Schema, Option<Arc<ListTarget>>);

/// The provider service with its registry, built once from a [`Provider`].
pub struct ProviderService {
    provider: Arc<dyn Provider>,
    provider_schema: Schema,
    resources: HashMap<String, (Arc<dyn DynResource>, Schema)>,
    data_sources: HashMap<String, (Arc<dyn DynDataSource>, Schema)>,
    /// The identity schemas of the resources that have one.
    identities: HashMap<String, IdentitySchema>,
    /// List resources with their filter schema and the resource they list (None when that
    /// resource has no identity: a provider bug, reported on use).
    list_resources: HashMap<String, ListEntry>,
    /// Replaced by StopProvider after cancelling it: in-flight calls see the cancellation, later
    /// calls get a fresh token.
    stop: Mutex<CancellationToken>,
}

impl ProviderService {
    pub fn new(provider: Arc<dyn Provider>) -> Self {
        let prefix = provider.type_name_prefix();
        let full = |name: &str| format!("{prefix}_{name}");
        let resources: HashMap<String, (Arc<dyn DynResource>, Schema)> = provider
            .resources()
            .into_iter()
            .map(|r| {
                let schema = r.schema();
                (full(r.type_name()), (r, schema))
            })
            .collect();
        let identities: HashMap<String, IdentitySchema> = resources
            .iter()
            .filter_map(|(name, (r, _))| Some((name.clone(), r.identity()?)))
            .collect();
        let list_resources = provider
            .list_resources()
            .into_iter()
            .map(|l| {
                let name = full(l.type_name());
                let target = match (resources.get(&name), identities.get(&name)) {
                    (Some((_, schema)), Some(identity)) => Some(Arc::new(ListTarget {
                        type_name: name.clone(),
                        schema: schema.clone(),
                        identity: identity.clone(),
                    })),
                    _ => None,
                };
                let schema = l.schema();
                (name, (l, schema, target))
            })
            .collect();
        let data_sources = provider
            .data_sources()
            .into_iter()
            .map(|d| {
                let schema = d.schema();
                (full(d.type_name()), (d, schema))
            })
            .collect();
        ProviderService {
            provider_schema: provider.schema(),
            provider,
            resources,
            data_sources,
            identities,
            list_resources,
            stop: Mutex::new(CancellationToken::new()),
        }
    }

    fn context(&self) -> Context {
        Context::new(self.stop.lock().clone())
    }

    /// The GetProviderSchema answer: what Terraform sees, and what docs/ is generated from.
    pub fn schema_response(&self) -> pb::get_provider_schema::Response {
        pb::get_provider_schema::Response {
            provider: Some(self.provider_schema.to_proto()),
            resource_schemas: self
                .resources
                .iter()
                .map(|(n, (_, s))| (n.clone(), s.to_proto()))
                .collect(),
            data_source_schemas: self
                .data_sources
                .iter()
                .map(|(n, (_, s))| (n.clone(), s.to_proto()))
                .collect(),
            list_resource_schemas: self
                .list_resources
                .iter()
                .map(|(n, (_, s, _))| (n.clone(), s.to_proto()))
                .collect(),
            server_capabilities: Some(Self::capabilities()),
            ..Default::default()
        }
    }

    /// The GetResourceIdentitySchemas answer.
    pub fn identity_schemas(&self) -> HashMap<String, pb::ResourceIdentitySchema> {
        self.identities
            .iter()
            .filter_map(|(n, identity)| {
                let (_, schema) = self.resources.get(n)?;
                Some((n.clone(), identity.to_proto(schema)))
            })
            .collect()
    }

    /// The identity of the object `state` describes, for a response; None without identity
    /// schema or for a null state.
    fn identity_of(
        &self,
        type_name: &str,
        schema: &Schema,
        state: &Value,
    ) -> Result<Option<pb::ResourceIdentityData>, Diagnostics> {
        let Some(identity) = self.identities.get(type_name) else {
            return Ok(None);
        };
        if state.is_null() {
            return Ok(None);
        }
        let value = identity.project(state);
        encode_msgpack(&value, &identity.value_type(schema))
            .map(|msgpack| {
                Some(pb::ResourceIdentityData {
                    identity_data: Some(pb::DynamicValue {
                        msgpack,
                        json: Vec::new(),
                    }),
                })
            })
            .map_err(|source| {
                PluginError::Encode {
                    what: "identity",
                    source,
                }
                .into()
            })
    }

    /// ImportResourceState without an ID: the state starts from the identity the import block
    /// gave.
    async fn import_by_identity(
        &self,
        ctx: &Context,
        res: &Arc<dyn DynResource>,
        schema: &Schema,
        req: &pb::import_resource_state::Request,
    ) -> Result<Value, Diagnostics> {
        let Some(identity) = self.identities.get(&req.type_name) else {
            return Err(Diagnostic::error(
                "Import by identity is not supported",
                format!("{} can only be imported by ID: use `terraform import <address> <id>` or an import block with `id`.", req.type_name),
            )
            .into());
        };
        let data = req.identity.as_ref().and_then(|i| i.identity_data.as_ref());
        let Some(data) = data else {
            return Err(Diagnostic::error(
                "Nothing to import",
                format!(
                    "The import of {} gave neither an ID nor an identity.",
                    req.type_name
                ),
            )
            .into());
        };
        let value = decode_dynamic(&data.msgpack, &data.json, &identity.value_type(schema))
            .map_err(|source| {
                Diagnostics::from(PluginError::Decode {
                    what: "identity",
                    source,
                })
            })?;
        let state = identity.to_state(&value, schema)?;
        res.import_by_identity(schema, ctx, state).await
    }

    fn list_resource(&self, name: &str) -> Result<&ListEntry, Diagnostics> {
        self.list_resources.get(name).ok_or_else(|| {
            PluginError::UnknownType {
                kind: "list resource",
                name: name.to_owned(),
            }
            .into()
        })
    }

    /// Cancels in-flight work (StopProvider) and keeps serving.
    pub fn stop(&self) {
        let mut token = self.stop.lock();
        token.cancel();
        *token = CancellationToken::new();
    }

    fn resource(&self, name: &str) -> Result<&(Arc<dyn DynResource>, Schema), Diagnostics> {
        self.resources.get(name).ok_or_else(|| {
            PluginError::UnknownType {
                kind: "resource type",
                name: name.to_owned(),
            }
            .into()
        })
    }

    fn data_source(&self, name: &str) -> Result<&(Arc<dyn DynDataSource>, Schema), Diagnostics> {
        self.data_sources.get(name).ok_or_else(|| {
            PluginError::UnknownType {
                kind: "data source",
                name: name.to_owned(),
            }
            .into()
        })
    }

    fn capabilities() -> pb::ServerCapabilities {
        pb::ServerCapabilities {
            plan_destroy: true,
            get_provider_schema_optional: true,
            move_resource_state: false,
            generate_resource_config: true,
        }
    }
}

// ---------------------------------------------------------------- conversions

fn path_to_proto(path: &AttributePath) -> pb::AttributePath {
    use pb::attribute_path::{Step, step::Selector};
    pb::AttributePath {
        steps: path
            .0
            .iter()
            .map(|s| Step {
                selector: Some(match s {
                    PathStep::Attribute(n) => Selector::AttributeName(n.clone()),
                    PathStep::Key(k) => Selector::ElementKeyString(k.clone()),
                    PathStep::Index(i) => Selector::ElementKeyInt(*i),
                }),
            })
            .collect(),
    }
}

/// Diagnostics pass through the same redaction as log lines: a vendor message that quotes a
/// registered secret reaches Terraform with `***` in its place.
pub(crate) fn diags_to_proto(diags: Diagnostics) -> Vec<pb::Diagnostic> {
    diags
        .0
        .into_iter()
        .map(|d| pb::Diagnostic {
            severity: match d.severity {
                Severity::Error => pb::diagnostic::Severity::Error,
                Severity::Warning => pb::diagnostic::Severity::Warning,
            } as i32,
            summary: crate::logging::redact(&d.summary),
            detail: crate::logging::redact(&d.detail),
            attribute: d.path.as_ref().filter(|p| !p.is_empty()).map(path_to_proto),
        })
        .collect()
}

fn error_diags(summary: &str, detail: String) -> Vec<pb::Diagnostic> {
    diags_to_proto(Diagnostic::error(summary, detail).into())
}

/// Decodes a value of `schema` (whose type is `ty`) and registers its sensitive and write-only
/// strings for redaction, before anything can log them.
fn decode(
    dv: Option<&pb::DynamicValue>,
    schema: &Schema,
    ty: &Type,
    what: &'static str,
) -> Result<Value, Diagnostics> {
    let value = match dv {
        None => Value::Null,
        Some(dv) => match decode_dynamic(&dv.msgpack, &dv.json, ty) {
            Ok(v) => v,
            // An absent value is null (Terraform sends msgpack nil, but be lenient).
            Err(CodecError::Empty) => Value::Null,
            Err(source) => return Err(PluginError::Decode { what, source }.into()),
        },
    };
    register_secrets(&schema.block, &value);
    Ok(value)
}

/// Encodes a value of `schema` for Terraform, registering its secrets first: a secret the
/// provider received from a vendor (a generated client secret) is redacted from then on.
fn encode(
    v: &Value,
    schema: &Schema,
    ty: &Type,
    what: &'static str,
) -> Result<pb::DynamicValue, Diagnostics> {
    register_secrets(&schema.block, v);
    encode_msgpack(v, ty)
        .map(|msgpack| pb::DynamicValue {
            msgpack,
            json: Vec::new(),
        })
        .map_err(|source| PluginError::Encode { what, source }.into())
}

/// Runs `f` and turns its `Err(diagnostics)` into the response's diagnostics.
fn collect<T>(diags: &mut Diagnostics, r: Result<T, Diagnostics>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            diags.extend(e);
            None
        }
    }
}

fn unsupported_diag(kind: &str, name: &str) -> Diagnostic {
    Diagnostic::error(
        format!("Unsupported {kind}"),
        format!(
            "This provider offers no {kind} named {name:?}. Check the type name and the provider version."
        ),
    )
}

fn unsupported(kind: &str, name: &str) -> Vec<pb::Diagnostic> {
    diags_to_proto(unsupported_diag(kind, name).into())
}

/// Terraform before 1.11 does not know write-only attributes and would keep their values in
/// plan and state: refuse them there, naming each and the way out.
fn write_only_refused(schema: &Schema, config: &Value) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for attribute in schema.block.attributes.iter().filter(|a| a.write_only) {
        if config.get(&attribute.name).is_some_and(|v| !v.is_null()) {
            diags.push(
                Diagnostic::error(
                    "Write-only attribute needs Terraform 1.11",
                    format!(
                        "{} is write-only: Terraform 1.11 and later never store it in plan or state, but this Terraform does not know write-only attributes and would store it. Upgrade Terraform to 1.11 or later, or remove {} (its description names the alternative).",
                        attribute.name, attribute.name
                    ),
                )
                .at(AttributePath::root(&attribute.name)),
            );
        }
    }
    diags
}

fn single<T: Send + 'static>(item: T) -> BoxStream<T> {
    Box::pin(futures::stream::once(async move { Ok(item) }))
}

#[tonic::async_trait]
impl pb::provider_server::Provider for ProviderService {
    async fn get_metadata(
        &self,
        _: Request<pb::get_metadata::Request>,
    ) -> RpcResult<pb::get_metadata::Response> {
        let mut resources: Vec<_> = self
            .resources
            .keys()
            .map(|n| pb::get_metadata::ResourceMetadata {
                type_name: n.clone(),
            })
            .collect();
        resources.sort_by(|a, b| a.type_name.cmp(&b.type_name));
        let mut data_sources: Vec<_> = self
            .data_sources
            .keys()
            .map(|n| pb::get_metadata::DataSourceMetadata {
                type_name: n.clone(),
            })
            .collect();
        data_sources.sort_by(|a, b| a.type_name.cmp(&b.type_name));
        let mut list_resources: Vec<_> = self
            .list_resources
            .keys()
            .map(|n| pb::get_metadata::ListResourceMetadata {
                type_name: n.clone(),
            })
            .collect();
        list_resources.sort_by(|a, b| a.type_name.cmp(&b.type_name));
        Ok(Response::new(pb::get_metadata::Response {
            server_capabilities: Some(Self::capabilities()),
            resources,
            data_sources,
            list_resources,
            ..Default::default()
        }))
    }

    async fn get_provider_schema(
        &self,
        _: Request<pb::get_provider_schema::Request>,
    ) -> RpcResult<pb::get_provider_schema::Response> {
        tracing::debug!("GetProviderSchema");
        Ok(Response::new(self.schema_response()))
    }

    async fn validate_provider_config(
        &self,
        req: Request<pb::validate_provider_config::Request>,
    ) -> RpcResult<pb::validate_provider_config::Response> {
        let req = req.into_inner();
        let mut diags = Diagnostics::new();
        if let Some(config) = collect(
            &mut diags,
            decode(
                req.config.as_ref(),
                &self.provider_schema,
                &self.provider_schema.value_type(),
                "provider configuration",
            ),
        ) {
            validate_block(
                &self.provider_schema.block,
                &config,
                &AttributePath::empty(),
                &mut diags,
            );
            diags.extend(self.provider.validate(&config));
        }
        Ok(Response::new(pb::validate_provider_config::Response {
            diagnostics: diags_to_proto(diags),
        }))
    }

    async fn validate_resource_config(
        &self,
        req: Request<pb::validate_resource_config::Request>,
    ) -> RpcResult<pb::validate_resource_config::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, "ValidateResourceConfig");
        let write_only_allowed = req
            .client_capabilities
            .as_ref()
            .is_some_and(|c| c.write_only_attributes_allowed);
        let diags = match self.resource(&req.type_name) {
            Ok((res, schema)) => validate_config(schema, req.config.as_ref(), |c| {
                let mut diags = res.validate(schema, c);
                if !write_only_allowed {
                    diags.extend(write_only_refused(schema, c));
                }
                diags
            }),
            Err(e) => e,
        };
        Ok(Response::new(pb::validate_resource_config::Response {
            diagnostics: diags_to_proto(diags),
        }))
    }

    async fn validate_data_resource_config(
        &self,
        req: Request<pb::validate_data_resource_config::Request>,
    ) -> RpcResult<pb::validate_data_resource_config::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, "ValidateDataResourceConfig");
        let diags = match self.data_source(&req.type_name) {
            Ok((ds, schema)) => validate_config(schema, req.config.as_ref(), |c| ds.validate(c)),
            Err(e) => e,
        };
        Ok(Response::new(pb::validate_data_resource_config::Response {
            diagnostics: diags_to_proto(diags),
        }))
    }

    async fn upgrade_resource_state(
        &self,
        req: Request<pb::upgrade_resource_state::Request>,
    ) -> RpcResult<pb::upgrade_resource_state::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, version = req.version, "UpgradeResourceState");
        let mut diags = Diagnostics::new();
        let mut upgraded_state = None;
        if let Some((_, schema)) = collect(&mut diags, self.resource(&req.type_name)) {
            let ty = schema.value_type();
            let raw = req.raw_state.unwrap_or_default();
            let value = if !raw.json.is_empty() {
                decode_json(&raw.json, &ty).map_err(|source| {
                    Diagnostics::from(PluginError::Decode {
                        what: "stored state",
                        source,
                    })
                })
            } else if raw.flatmap.is_empty() {
                Ok(Value::Null)
            } else {
                Err(Diagnostic::error(
                    "Unsupported state format",
                    "The stored state uses the legacy flatmap format of Terraform 0.11, which this provider cannot read. Re-import the resource.",
                )
                .into())
            };
            if req.version > schema.version {
                diags.push(Diagnostic::error(
                    "State from a newer provider",
                    format!(
                        "The state of this {} was written by a newer version of the provider (schema version {}, this provider knows {}). Upgrade the provider.",
                        req.type_name, req.version, schema.version
                    ),
                ));
            } else if let Some(v) = collect(&mut diags, value) {
                upgraded_state = collect(&mut diags, encode(&v, schema, &ty, "upgraded state"));
            }
        }
        Ok(Response::new(pb::upgrade_resource_state::Response {
            upgraded_state,
            diagnostics: diags_to_proto(diags),
        }))
    }

    async fn get_resource_identity_schemas(
        &self,
        _: Request<pb::get_resource_identity_schemas::Request>,
    ) -> RpcResult<pb::get_resource_identity_schemas::Response> {
        Ok(Response::new(pb::get_resource_identity_schemas::Response {
            identity_schemas: self.identity_schemas(),
            diagnostics: Vec::new(),
        }))
    }

    async fn upgrade_resource_identity(
        &self,
        req: Request<pb::upgrade_resource_identity::Request>,
    ) -> RpcResult<pb::upgrade_resource_identity::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, version = req.version, "UpgradeResourceIdentity");
        let mut diags = Diagnostics::new();
        let mut upgraded_identity = None;
        match (
            self.resources.get(&req.type_name),
            self.identities.get(&req.type_name),
        ) {
            (Some((_, schema)), Some(identity)) => {
                let ty = identity.value_type(schema);
                let raw = req.raw_identity.unwrap_or_default();
                if req.version > identity.version {
                    diags.push(Diagnostic::error(
                        "Identity from a newer provider",
                        format!(
                            "The identity of this {} was written by a newer version of the provider (identity version {}, this provider knows {}). Upgrade the provider.",
                            req.type_name, req.version, identity.version
                        ),
                    ));
                } else if let Some(value) = collect(
                    &mut diags,
                    decode_json(&raw.json, &ty).map_err(|source| {
                        Diagnostics::from(PluginError::Decode {
                            what: "stored identity",
                            source,
                        })
                    }),
                ) {
                    // Version 0 is the only one so far: the stored identity is already current.
                    upgraded_identity = collect(
                        &mut diags,
                        encode_msgpack(&value, &ty)
                            .map(|msgpack| pb::ResourceIdentityData {
                                identity_data: Some(pb::DynamicValue {
                                    msgpack,
                                    json: Vec::new(),
                                }),
                            })
                            .map_err(|source| {
                                PluginError::Encode {
                                    what: "identity",
                                    source,
                                }
                                .into()
                            }),
                    );
                }
            }
            _ => diags.extend(Diagnostics::from(unsupported_diag(
                "resource identity",
                &req.type_name,
            ))),
        }
        Ok(Response::new(pb::upgrade_resource_identity::Response {
            upgraded_identity,
            diagnostics: diags_to_proto(diags),
        }))
    }

    async fn configure_provider(
        &self,
        req: Request<pb::configure_provider::Request>,
    ) -> RpcResult<pb::configure_provider::Response> {
        let req = req.into_inner();
        tracing::debug!(terraform_version = %req.terraform_version, "ConfigureProvider");
        let mut diags = Diagnostics::new();
        if let Some(config) = collect(
            &mut diags,
            decode(
                req.config.as_ref(),
                &self.provider_schema,
                &self.provider_schema.value_type(),
                "provider configuration",
            ),
        ) {
            let ctx = self.context();
            let r = self
                .provider
                .configure(&ctx, config, &req.terraform_version)
                .await;
            collect(&mut diags, r);
            diags.extend(ctx.take_warnings());
        }
        Ok(Response::new(pb::configure_provider::Response {
            diagnostics: diags_to_proto(diags),
        }))
    }

    async fn read_resource(
        &self,
        req: Request<pb::read_resource::Request>,
    ) -> RpcResult<pb::read_resource::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, "ReadResource");
        let mut diags = Diagnostics::new();
        let mut new_state = None;
        let mut new_identity = None;
        if let Some((res, schema)) = collect(&mut diags, self.resource(&req.type_name)) {
            let ty = schema.value_type();
            if let Some(current) = collect(
                &mut diags,
                decode(req.current_state.as_ref(), schema, &ty, "current state"),
            ) {
                let ctx = self.context();
                let result = if current.is_null() {
                    Ok(Value::Null)
                } else {
                    res.read(schema, &ctx, current.clone()).await
                };
                diags.extend(ctx.take_warnings());
                // On failure keep the current state: an error must not make Terraform forget the object.
                let state = collect(&mut diags, result).unwrap_or(current);
                new_identity =
                    collect(&mut diags, self.identity_of(&req.type_name, schema, &state)).flatten();
                new_state = collect(&mut diags, encode(&state, schema, &ty, "refreshed state"));
            }
        }
        Ok(Response::new(pb::read_resource::Response {
            new_state,
            diagnostics: diags_to_proto(diags),
            private: req.private,
            new_identity,
            ..Default::default()
        }))
    }

    async fn plan_resource_change(
        &self,
        req: Request<pb::plan_resource_change::Request>,
    ) -> RpcResult<pb::plan_resource_change::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, "PlanResourceChange");
        let mut diags = Diagnostics::new();
        let mut planned_state = None;
        let mut planned_identity = None;
        let mut requires_replace = Vec::new();
        if let Some((res, schema)) = collect(&mut diags, self.resource(&req.type_name)) {
            let ty = schema.value_type();
            let decoded = (|| -> Result<_, Diagnostics> {
                Ok((
                    decode(req.prior_state.as_ref(), schema, &ty, "prior state")?,
                    decode(
                        req.proposed_new_state.as_ref(),
                        schema,
                        &ty,
                        "proposed new state",
                    )?,
                    decode(req.config.as_ref(), schema, &ty, "configuration")?,
                ))
            })();
            if let Some((prior, proposed, config)) = collect(&mut diags, decoded) {
                let ctx = self.context();
                let plan = res.plan(schema, &ctx, &prior, &proposed, &config).await;
                diags.extend(ctx.take_warnings());
                if let Some(plan) = collect(&mut diags, plan) {
                    requires_replace = plan.requires_replace.iter().map(path_to_proto).collect();
                    // A destroy keeps the prior identity; otherwise the planned state's when
                    // wholly known. An identity still unknown (create, replace) is left out:
                    // Terraform accepts it but cannot render such a plan as JSON.
                    planned_identity = if plan.planned.is_null() {
                        req.prior_identity.clone()
                    } else if res
                        .identity()
                        .is_some_and(|i| i.project(&plan.planned).contains_unknown())
                    {
                        None
                    } else {
                        collect(
                            &mut diags,
                            self.identity_of(&req.type_name, schema, &plan.planned),
                        )
                        .flatten()
                    };
                    planned_state = collect(
                        &mut diags,
                        encode(&plan.planned, schema, &ty, "planned state"),
                    );
                }
            }
        }
        Ok(Response::new(pb::plan_resource_change::Response {
            planned_state,
            requires_replace,
            planned_private: req.prior_private,
            diagnostics: diags_to_proto(diags),
            planned_identity,
            ..Default::default()
        }))
    }

    async fn apply_resource_change(
        &self,
        req: Request<pb::apply_resource_change::Request>,
    ) -> RpcResult<pb::apply_resource_change::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, "ApplyResourceChange");
        let mut diags = Diagnostics::new();
        let mut new_state = None;
        let mut new_identity = None;
        if let Some((res, schema)) = collect(&mut diags, self.resource(&req.type_name)) {
            let ty = schema.value_type();
            let decoded = (|| -> Result<_, Diagnostics> {
                Ok((
                    decode(req.prior_state.as_ref(), schema, &ty, "prior state")?,
                    decode(req.planned_state.as_ref(), schema, &ty, "planned state")?,
                    decode(req.config.as_ref(), schema, &ty, "configuration")?,
                ))
            })();
            if let Some((prior, planned, config)) = collect(&mut diags, decoded) {
                let ctx = self.context().for_state_type(ty.clone());
                let result = res
                    .apply(schema, &ctx, prior.clone(), planned, config)
                    .await;
                diags.extend(ctx.take_warnings());
                // On failure Terraform keeps what we return: what the resource recorded as
                // existing remotely (a create that failed half-way), else the prior state (null
                // after a failed create), so a failed update or delete does not lose the object.
                let state = match result {
                    Ok(state) => state,
                    Err(errors) => {
                        diags.extend(errors);
                        // The resource recorded its typed state, write-only values included:
                        // they must not reach state on this path either.
                        ctx.take_partial_state()
                            .map(|mut partial| {
                                null_write_only(&schema.block, &mut partial);
                                partial
                            })
                            .unwrap_or(prior)
                    }
                };
                // Unknown identity parts (a failed create) are left out rather than sent.
                if !state.contains_unknown() {
                    new_identity =
                        collect(&mut diags, self.identity_of(&req.type_name, schema, &state))
                            .flatten();
                }
                new_state = collect(&mut diags, encode(&state, schema, &ty, "new state"));
            }
        }
        Ok(Response::new(pb::apply_resource_change::Response {
            new_state,
            private: req.planned_private,
            diagnostics: diags_to_proto(diags),
            new_identity,
            ..Default::default()
        }))
    }

    async fn import_resource_state(
        &self,
        req: Request<pb::import_resource_state::Request>,
    ) -> RpcResult<pb::import_resource_state::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, "ImportResourceState");
        let mut diags = Diagnostics::new();
        let mut imported_resources = Vec::new();
        if let Some((res, schema)) = collect(&mut diags, self.resource(&req.type_name)) {
            let ctx = self.context();
            let result = if req.id.is_empty() {
                self.import_by_identity(&ctx, res, schema, &req).await
            } else {
                res.import(schema, &ctx, &req.id).await
            };
            diags.extend(ctx.take_warnings());
            if let Some(state) = collect(&mut diags, result) {
                let identity =
                    collect(&mut diags, self.identity_of(&req.type_name, schema, &state)).flatten();
                if let Some(encoded) = collect(
                    &mut diags,
                    encode(&state, schema, &schema.value_type(), "imported state"),
                ) {
                    imported_resources.push(pb::import_resource_state::ImportedResource {
                        type_name: req.type_name.clone(),
                        state: Some(encoded),
                        identity,
                        ..Default::default()
                    });
                }
            }
        }
        Ok(Response::new(pb::import_resource_state::Response {
            imported_resources,
            diagnostics: diags_to_proto(diags),
            deferred: None,
        }))
    }

    async fn move_resource_state(
        &self,
        req: Request<pb::move_resource_state::Request>,
    ) -> RpcResult<pb::move_resource_state::Response> {
        let req = req.into_inner();
        Ok(Response::new(pb::move_resource_state::Response {
            diagnostics: error_diags(
                "Moving resource state is not supported",
                format!(
                    "This provider cannot move state from {:?} to {:?}. Remove the `moved` block and import the object instead.",
                    req.source_type_name, req.target_type_name
                ),
            ),
            ..Default::default()
        }))
    }

    async fn read_data_source(
        &self,
        req: Request<pb::read_data_source::Request>,
    ) -> RpcResult<pb::read_data_source::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, "ReadDataSource");
        let mut diags = Diagnostics::new();
        let mut state = None;
        if let Some((ds, schema)) = collect(&mut diags, self.data_source(&req.type_name)) {
            let ty = schema.value_type();
            if let Some(config) = collect(
                &mut diags,
                decode(req.config.as_ref(), schema, &ty, "configuration"),
            ) {
                let ctx = self.context();
                let result = ds.read(schema, &ctx, config).await;
                diags.extend(ctx.take_warnings());
                if let Some(v) = collect(&mut diags, result) {
                    state = collect(&mut diags, encode(&v, schema, &ty, "data source state"));
                }
            }
        }
        Ok(Response::new(pb::read_data_source::Response {
            state,
            diagnostics: diags_to_proto(diags),
            deferred: None,
        }))
    }

    async fn generate_resource_config(
        &self,
        req: Request<pb::generate_resource_config::Request>,
    ) -> RpcResult<pb::generate_resource_config::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, "GenerateResourceConfig");
        let mut diags = Diagnostics::new();
        let mut config = None;
        if let Some((res, schema)) = collect(&mut diags, self.resource(&req.type_name)) {
            let ty = schema.value_type();
            if let Some(state) =
                collect(&mut diags, decode(req.state.as_ref(), schema, &ty, "state"))
                && let Some(generated) = collect(&mut diags, res.generate_config(schema, state))
            {
                config = collect(
                    &mut diags,
                    encode(&generated, schema, &ty, "generated configuration"),
                );
            }
        }
        Ok(Response::new(pb::generate_resource_config::Response {
            config,
            diagnostics: diags_to_proto(diags),
        }))
    }

    async fn validate_ephemeral_resource_config(
        &self,
        req: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> RpcResult<pb::validate_ephemeral_resource_config::Response> {
        Ok(Response::new(
            pb::validate_ephemeral_resource_config::Response {
                diagnostics: unsupported("ephemeral resource", &req.into_inner().type_name),
            },
        ))
    }

    async fn open_ephemeral_resource(
        &self,
        req: Request<pb::open_ephemeral_resource::Request>,
    ) -> RpcResult<pb::open_ephemeral_resource::Response> {
        Ok(Response::new(pb::open_ephemeral_resource::Response {
            diagnostics: unsupported("ephemeral resource", &req.into_inner().type_name),
            ..Default::default()
        }))
    }

    async fn renew_ephemeral_resource(
        &self,
        req: Request<pb::renew_ephemeral_resource::Request>,
    ) -> RpcResult<pb::renew_ephemeral_resource::Response> {
        Ok(Response::new(pb::renew_ephemeral_resource::Response {
            diagnostics: unsupported("ephemeral resource", &req.into_inner().type_name),
            ..Default::default()
        }))
    }

    async fn close_ephemeral_resource(
        &self,
        req: Request<pb::close_ephemeral_resource::Request>,
    ) -> RpcResult<pb::close_ephemeral_resource::Response> {
        Ok(Response::new(pb::close_ephemeral_resource::Response {
            diagnostics: unsupported("ephemeral resource", &req.into_inner().type_name),
        }))
    }

    type ListResourceStream = BoxStream<pb::list_resource::Event>;

    async fn list_resource(
        &self,
        req: Request<pb::list_resource::Request>,
    ) -> RpcResult<Self::ListResourceStream> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, limit = req.limit, include_resource = req.include_resource_object, "ListResource");
        let entry = self
            .list_resource(&req.type_name)
            .and_then(|(l, schema, target)| {
                let target = target.clone().ok_or_else(|| no_identity(&req.type_name))?;
                let config = decode(
                    req.config.as_ref(),
                    schema,
                    &schema.value_type(),
                    "list configuration",
                )?;
                Ok((l.clone(), config, target))
            });
        let (lister, config, target) = match entry {
            Ok(entry) => entry,
            Err(diags) => return Ok(Response::new(single(error_event(diags)))),
        };
        // Results go out as the lister pushes them; a small buffer keeps it from paging far
        // ahead of what Terraform reads, and a closed stream stops it.
        let (tx, rx) = tokio::sync::mpsc::channel(8);
        let ctx = self.context();
        tokio::spawn(async move {
            lister
                .list(
                    &ctx,
                    config,
                    target,
                    req.include_resource_object,
                    req.limit,
                    tx,
                )
                .await;
        });
        Ok(Response::new(Box::pin(
            tokio_stream::wrappers::ReceiverStream::new(rx),
        )))
    }

    async fn validate_list_resource_config(
        &self,
        req: Request<pb::validate_list_resource_config::Request>,
    ) -> RpcResult<pb::validate_list_resource_config::Response> {
        let req = req.into_inner();
        tracing::debug!(type_name = %req.type_name, "ValidateListResourceConfig");
        let diags = match self.list_resource(&req.type_name) {
            Ok((l, schema, _)) => validate_config(schema, req.config.as_ref(), |c| l.validate(c)),
            Err(e) => e,
        };
        Ok(Response::new(pb::validate_list_resource_config::Response {
            diagnostics: diags_to_proto(diags),
        }))
    }

    async fn get_functions(
        &self,
        _: Request<pb::get_functions::Request>,
    ) -> RpcResult<pb::get_functions::Response> {
        Ok(Response::new(pb::get_functions::Response::default()))
    }

    async fn call_function(
        &self,
        req: Request<pb::call_function::Request>,
    ) -> RpcResult<pb::call_function::Response> {
        Ok(Response::new(pb::call_function::Response {
            result: None,
            error: Some(pb::FunctionError {
                text: format!(
                    "This provider offers no function named {:?}.",
                    req.into_inner().name
                ),
                function_argument: None,
            }),
        }))
    }

    async fn validate_state_store_config(
        &self,
        req: Request<pb::validate_state_store::Request>,
    ) -> RpcResult<pb::validate_state_store::Response> {
        Ok(Response::new(pb::validate_state_store::Response {
            diagnostics: unsupported("state store", &req.into_inner().type_name),
        }))
    }

    async fn configure_state_store(
        &self,
        req: Request<pb::configure_state_store::Request>,
    ) -> RpcResult<pb::configure_state_store::Response> {
        Ok(Response::new(pb::configure_state_store::Response {
            diagnostics: unsupported("state store", &req.into_inner().type_name),
            capabilities: None,
        }))
    }

    type ReadStateBytesStream = BoxStream<pb::read_state_bytes::Response>;

    async fn read_state_bytes(
        &self,
        req: Request<pb::read_state_bytes::Request>,
    ) -> RpcResult<Self::ReadStateBytesStream> {
        Ok(Response::new(single(pb::read_state_bytes::Response {
            diagnostics: unsupported("state store", &req.into_inner().type_name),
            ..Default::default()
        })))
    }

    async fn write_state_bytes(
        &self,
        req: Request<Streaming<pb::write_state_bytes::RequestChunk>>,
    ) -> RpcResult<pb::write_state_bytes::Response> {
        let mut stream = req.into_inner();
        let mut type_name = String::new();
        // Drain the upload so the client sees a normal end of stream, then refuse it.
        while let Ok(Some(chunk)) = stream.message().await {
            if let Some(meta) = chunk.meta {
                type_name = meta.type_name;
            }
        }
        Ok(Response::new(pb::write_state_bytes::Response {
            diagnostics: unsupported("state store", &type_name),
        }))
    }

    async fn lock_state(
        &self,
        req: Request<pb::lock_state::Request>,
    ) -> RpcResult<pb::lock_state::Response> {
        Ok(Response::new(pb::lock_state::Response {
            lock_id: String::new(),
            diagnostics: unsupported("state store", &req.into_inner().type_name),
        }))
    }

    async fn unlock_state(
        &self,
        req: Request<pb::unlock_state::Request>,
    ) -> RpcResult<pb::unlock_state::Response> {
        Ok(Response::new(pb::unlock_state::Response {
            diagnostics: unsupported("state store", &req.into_inner().type_name),
        }))
    }

    async fn get_states(
        &self,
        req: Request<pb::get_states::Request>,
    ) -> RpcResult<pb::get_states::Response> {
        Ok(Response::new(pb::get_states::Response {
            state_id: Vec::new(),
            diagnostics: unsupported("state store", &req.into_inner().type_name),
        }))
    }

    async fn delete_state(
        &self,
        req: Request<pb::delete_state::Request>,
    ) -> RpcResult<pb::delete_state::Response> {
        Ok(Response::new(pb::delete_state::Response {
            diagnostics: unsupported("state store", &req.into_inner().type_name),
        }))
    }

    async fn plan_action(
        &self,
        req: Request<pb::plan_action::Request>,
    ) -> RpcResult<pb::plan_action::Response> {
        Ok(Response::new(pb::plan_action::Response {
            diagnostics: unsupported("action", &req.into_inner().action_type),
            deferred: None,
        }))
    }

    type InvokeActionStream = BoxStream<pb::invoke_action::Event>;

    async fn invoke_action(
        &self,
        req: Request<pb::invoke_action::Request>,
    ) -> RpcResult<Self::InvokeActionStream> {
        use pb::invoke_action::event::{Completed, Type as EventType};
        Ok(Response::new(single(pb::invoke_action::Event {
            r#type: Some(EventType::Completed(Completed {
                diagnostics: unsupported("action", &req.into_inner().action_type),
            })),
        })))
    }

    async fn validate_action_config(
        &self,
        req: Request<pb::validate_action_config::Request>,
    ) -> RpcResult<pb::validate_action_config::Response> {
        Ok(Response::new(pb::validate_action_config::Response {
            diagnostics: unsupported("action", &req.into_inner().type_name),
        }))
    }

    async fn stop_provider(
        &self,
        _: Request<pb::stop_provider::Request>,
    ) -> RpcResult<pb::stop_provider::Response> {
        tracing::info!("StopProvider: cancelling in-flight operations");
        self.stop();
        Ok(Response::new(pb::stop_provider::Response {
            error: String::new(),
        }))
    }
}

/// Decodes a configuration, runs the schema's per-attribute validators, then (only when those
/// passed, so it sees well-formed values) the type's own cross-attribute checks.
fn validate_config(
    schema: &Schema,
    config: Option<&pb::DynamicValue>,
    custom: impl FnOnce(&Value) -> Diagnostics,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if let Some(config) = collect(
        &mut diags,
        decode(config, schema, &schema.value_type(), "configuration"),
    ) {
        validate_block(&schema.block, &config, &AttributePath::empty(), &mut diags);
        // The type's own checks run too, so that one plan shows every mistake. Those about an
        // attribute a validator already reported are dropped: one problem, one diagnostic.
        let reported: std::collections::HashSet<PathStep> = diags
            .0
            .iter()
            .filter_map(|d| d.path.as_ref()?.0.first().cloned())
            .collect();
        for diagnostic in custom(&config).0 {
            let root = diagnostic.path.as_ref().and_then(|p| p.0.first());
            if root.is_none_or(|root| !reported.contains(root)) {
                diags.push(diagnostic);
            }
        }
    }
    diags
}

#[cfg(test)]
mod redaction_tests {
    use super::*;

    #[test]
    fn diagnostics_are_redacted_like_log_lines() {
        crate::logging::redact_secret("diag-secret-8f3a1c");
        let proto = diags_to_proto(
            Diagnostic::error(
                "vendor said diag-secret-8f3a1c",
                "the body quoted diag-secret-8f3a1c twice: diag-secret-8f3a1c",
            )
            .into(),
        );
        assert_eq!(proto[0].summary, "vendor said ***");
        assert_eq!(proto[0].detail, "the body quoted *** twice: ***");
    }
}
