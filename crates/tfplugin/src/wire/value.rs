//! Values: `DynamicValue` and `RawState` to and from [`Value`], and identity data.

use crate::diag::{Diagnostic, Diagnostics, PluginError};
use crate::identity::IdentitySchema;
use crate::proto::tfplugin6 as pb;
use crate::schema::Schema;
use crate::sensitive::register_secrets;
use crate::value::{CodecError, Type, Value, decode_dynamic, decode_json, encode_msgpack};

/// Decodes a value of `schema` and registers its sensitive and write-only strings for
/// redaction, before anything can log them.
pub(crate) fn decode(
    dv: Option<&pb::DynamicValue>,
    schema: &Schema,
    what: &'static str,
) -> Result<Value, Diagnostics> {
    let value = match dv {
        None => Value::Null,
        Some(dv) => match decode_dynamic(&dv.msgpack, &dv.json, &schema.value_type()) {
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
pub(crate) fn encode(
    v: &Value,
    schema: &Schema,
    what: &'static str,
) -> Result<pb::DynamicValue, Diagnostics> {
    register_secrets(&schema.block, v);
    msgpack(v, &schema.value_type(), what)
}

/// A value as msgpack, without registering secrets (the caller has, or the value has none).
pub(super) fn msgpack(
    v: &Value,
    ty: &Type,
    what: &'static str,
) -> Result<pb::DynamicValue, Diagnostics> {
    encode_msgpack(v, ty)
        .map(|msgpack| pb::DynamicValue {
            msgpack,
            json: Vec::new(),
        })
        .map_err(|source| PluginError::Encode { what, source }.into())
}

/// An identity value (see [`IdentitySchema::project`]) of a resource with `schema`.
pub(crate) fn identity_data(
    value: &Value,
    identity: &IdentitySchema,
    schema: &Schema,
) -> Result<pb::ResourceIdentityData, Diagnostics> {
    Ok(pb::ResourceIdentityData {
        identity_data: Some(msgpack(value, &identity.value_type(schema), "identity")?),
    })
}

/// The identity an `import { identity = … }` block gave.
pub(crate) fn decode_identity(
    data: &pb::DynamicValue,
    identity: &IdentitySchema,
    schema: &Schema,
) -> Result<Value, Diagnostics> {
    decode_dynamic(&data.msgpack, &data.json, &identity.value_type(schema)).map_err(|source| {
        Diagnostics::from(PluginError::Decode {
            what: "identity",
            source,
        })
    })
}

/// A state as Terraform stored it: JSON, or nothing (null). The legacy flatmap of Terraform
/// 0.11 is refused.
pub(crate) fn raw_state(raw: &pb::RawState, ty: &Type) -> Result<Value, Diagnostics> {
    if !raw.json.is_empty() {
        decode_json(&raw.json, ty).map_err(|source| {
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
    }
}

/// An identity as Terraform stored it (JSON).
pub(crate) fn raw_identity(raw: &pb::RawState, ty: &Type) -> Result<Value, Diagnostics> {
    decode_json(&raw.json, ty).map_err(|source| {
        Diagnostics::from(PluginError::Decode {
            what: "stored identity",
            source,
        })
    })
}
