//! Every conversion between the protocol's messages (generated from `proto/tfplugin6.proto`) and
//! the framework's types, in the manner of terraform-plugin-framework's fromproto6/toproto6. The
//! adapters in [`crate::grpc`] call these; nothing else in the crate names a protocol type.
//!
//! | framework | protocol | where |
//! |---|---|---|
//! | a [`Value`](crate::Value) of a schema | `DynamicValue` (msgpack; JSON accepted) | [`decode`], [`encode`]: the value's secrets are registered for redaction on the way in and out, walking the schema |
//! | stored state and identity | `RawState` (JSON; Terraform 0.11's flatmap refused) | [`raw_state`], [`raw_identity`] |
//! | an identity value | `ResourceIdentityData` | [`identity_data`], [`decode_identity`] |
//! | [`Schema`](crate::Schema), [`IdentitySchema`](crate::IdentitySchema), server capabilities | `Schema`, `ResourceIdentitySchema`, `ServerCapabilities` | [`schema`](schema::schema), [`identity_schema`], [`capabilities`] |
//! | [`Diagnostics`](crate::Diagnostics), [`AttributePath`](crate::AttributePath) | `Diagnostic`, `AttributePath` | [`diagnostics`]: redacted like log lines |
//! | a list result, a list error | `ListResource.Event` | [`list_result`], [`list_error`] |
//! | an ephemeral resource's renew-at time, a deferral | `Timestamp`, `Deferred` | [`timestamp`], [`deferred_config_unknown`] |

mod diagnostics;
mod ephemeral;
mod list;
mod schema;
mod value;

pub(crate) use diagnostics::{attribute_path, diagnostics};
pub(crate) use ephemeral::{deferred_config_unknown, timestamp};
pub(crate) use list::{list_error, list_result};
pub(crate) use schema::{capabilities, identity_schema, schema};
pub(crate) use value::{decode, decode_identity, encode, identity_data, raw_identity, raw_state};
