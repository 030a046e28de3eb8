//! The Terraform plugin layer: protocol 6 over go-plugin, knowing no vendor.
//!
//! * [`serve`] — handshake, AutoMTLS, gRPC services; [`grpc`] — the tfplugin6 service.
//! * [`value`] — dynamic values and the msgpack/JSON codec; [`tf`] — `Tf<T>` and the serde bridge.
//! * [`schema`] — schema builder with defaults, plan modifiers and validators.
//! * [`resource`], [`data_source`], [`provider`] — the traits a provider implements.
//! * [`plan`], [`validate`] — automatic planning and per-attribute validation.
//! * [`diag`] — diagnostics with attribute paths; [`logging`] — hclog JSON with redaction.

pub mod data_source;
pub mod diag;
pub mod grpc;
pub mod logging;
pub mod plan;
pub mod provider;
pub mod resource;
pub mod schema;
pub mod serve;
pub mod tf;
pub mod validate;
pub mod value;

pub use data_source::{DataSource, DynDataSource};
pub use diag::{AttributePath, Diagnostic, Diagnostics, PluginError, Severity};
pub use provider::Provider;
pub use resource::{Context, DynResource, PlanChange, Resource};
pub use schema::{Attribute, Block, BlockNesting, NestedBlock, NestingMode, Schema, Validator};
pub use tf::{Tf, from_value, to_value};
pub use value::{Number, Type, Value};
