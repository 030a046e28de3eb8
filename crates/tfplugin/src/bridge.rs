//! The serde bridge between [`Value`] and ordinary Rust structs: `to_value` conforms a struct to
//! the schema's type, `from_value` fills one from a decoded value. `Tf` tells the bridge about
//! unknowns through a reserved newtype name (see [`crate::tf`]). Nothing here panics on input,
//! and error messages never contain values (they may be secrets).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use serde::{Deserializer, Serializer};

use super::diag::{Diagnostics, PluginError};
use super::tf::{TF_MAGIC, UNKNOWN_MARKER};
use super::value::{Number, Type, Value};
/// Why a typed value and a [`Value`] did not fit together.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct BridgeError(pub String);

impl ser::Error for BridgeError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        BridgeError(msg.to_string())
    }
}

impl de::Error for BridgeError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        BridgeError(msg.to_string())
    }
    // serde's default messages quote the offending value; values may be secrets.
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        BridgeError(format!(
            "invalid type: {}, expected {exp}",
            unexpected_kind(&unexp)
        ))
    }
    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        BridgeError(format!(
            "invalid value: {}, expected {exp}",
            unexpected_kind(&unexp)
        ))
    }
}

fn unexpected_kind(u: &de::Unexpected<'_>) -> &'static str {
    use de::Unexpected as U;
    match u {
        U::Bool(_) => "a boolean",
        U::Unsigned(_) | U::Signed(_) | U::Float(_) => "a number",
        U::Char(_) | U::Str(_) => "a string",
        U::Bytes(_) => "bytes",
        U::Unit => "null",
        U::Option => "an optional value",
        U::NewtypeStruct => "a newtype",
        U::Seq => "a list",
        U::Map => "a map",
        U::Enum => "an enum",
        U::UnitVariant | U::NewtypeVariant | U::TupleVariant | U::StructVariant => {
            "an enum variant"
        }
        U::Other(_) => "another value",
    }
}

/// A type's typed value from a [`Value`]: the one decode step of resources, data sources, list
/// resources and ephemeral resources. A mismatch is [`PluginError::Typed`], naming `what` it was
/// and the type, never the value.
pub(crate) fn decode_typed<T: DeserializeOwned>(
    what: &'static str,
    type_name: &str,
    value: Value,
) -> Result<T, Diagnostics> {
    from_value(value).map_err(|e| typed_error(what, type_name, e))
}

/// A typed value as a [`Value`] of `ty`, failing like [`decode_typed`].
pub(crate) fn encode_typed<T: Serialize + ?Sized>(
    what: &'static str,
    type_name: &str,
    value: &T,
    ty: &Type,
) -> Result<Value, Diagnostics> {
    to_value(value, ty).map_err(|e| typed_error(what, type_name, e))
}

/// A type's own `validate` over its typed configuration. A configuration that cannot be typed
/// because it still holds unknown values is checked later (once known): no diagnostics now.
pub(crate) fn validate_typed_config<T: DeserializeOwned>(
    type_name: &str,
    config: &Value,
    validate: impl FnOnce(&T) -> Diagnostics,
) -> Diagnostics {
    match from_value::<T>(config.clone()) {
        Ok(typed) => validate(&typed),
        Err(_) if config.contains_unknown() => Diagnostics::new(),
        Err(e) => typed_error("configuration", type_name, e),
    }
}

fn typed_error(what: &'static str, type_name: &str, e: BridgeError) -> Diagnostics {
    Diagnostics::from(PluginError::Typed {
        what,
        type_name: type_name.to_owned(),
        message: e.0,
    })
}

/// Converts a typed value to a [`Value`] of type `ty` (sets, maps and objects follow the type;
/// attributes missing from the struct are null).
pub fn to_value<T: Serialize + ?Sized>(value: &T, ty: &Type) -> Result<Value, BridgeError> {
    let raw = value.serialize(ValueSerializer)?;
    conform(raw, ty, "")
}

/// Converts a [`Value`] to a typed value. Unknown values are accepted only in `Tf` fields.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, BridgeError> {
    T::deserialize(value)
}

fn conform(value: Value, ty: &Type, path: &str) -> Result<Value, BridgeError> {
    let at = |p: &str| {
        if p.is_empty() {
            "the value".to_owned()
        } else {
            format!("attribute {p}")
        }
    };
    Ok(match (value, ty) {
        (Value::Null, _) => Value::Null,
        (Value::Unknown, _) => Value::Unknown,
        (v @ Value::Bool(_), Type::Bool) => v,
        (v @ Value::Number(_), Type::Number) => v,
        (Value::String(s), Type::Number) => match s.parse::<i64>() {
            Ok(i) => Value::Number(Number::Int(i)),
            Err(_) => match s.parse::<f64>() {
                Ok(f) if f.is_finite() => Value::Number(Number::Big(s)),
                _ => return Err(BridgeError(format!("{} is not a number", at(path)))),
            },
        },
        (v @ Value::String(_), Type::String) => v,
        (Value::Number(n), Type::String) => Value::String(n.to_string()),
        (Value::Bool(b), Type::String) => Value::String(b.to_string()),
        (Value::List(items) | Value::Set(items), Type::List(el)) => {
            Value::List(conform_items(items, el, path)?)
        }
        (Value::List(items) | Value::Set(items), Type::Set(el)) => {
            Value::Set(conform_items(items, el, path)?)
        }
        (Value::Map(m) | Value::Object(m), Type::Map(el)) => Value::Map(
            m.into_iter()
                .map(|(k, v)| {
                    let p = format!("{path}[{k:?}]");
                    Ok((k, conform(v, el, &p)?))
                })
                .collect::<Result<_, BridgeError>>()?,
        ),
        (Value::Map(mut m) | Value::Object(mut m), Type::Object(attrs)) => {
            let mut out = BTreeMap::new();
            for (name, attr_ty) in attrs {
                let p = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                let v = m.remove(name).unwrap_or(Value::Null);
                out.insert(name.clone(), conform(v, attr_ty, &p)?);
            }
            if let Some(extra) = m.keys().next() {
                return Err(BridgeError(format!(
                    "field {extra:?} of {} is not an attribute of the schema",
                    at(path)
                )));
            }
            Value::Object(out)
        }
        (v, _) => {
            return Err(BridgeError(format!(
                "{} is a {}, but the schema expects {}",
                at(path),
                v.kind(),
                ty.to_json()
            )));
        }
    })
}

fn conform_items(items: Vec<Value>, el: &Type, path: &str) -> Result<Vec<Value>, BridgeError> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| conform(v, el, &format!("{path}[{i}]")))
        .collect()
}

// ---------------------------------------------------------------- Serializer

struct ValueSerializer;

struct SeqSerializer(Vec<Value>);
struct MapSerializer {
    map: BTreeMap<String, Value>,
    key: Option<String>,
}
/// A tuple or struct variant: its fields gathered by `inner` (a sequence or a map), then tagged
/// with the variant's name.
struct VariantSerializer<S> {
    name: &'static str,
    inner: S,
}

/// serde's externally tagged form of an enum variant: `{variant: value}`.
fn tagged(variant: &str, value: Value) -> Value {
    Value::Object(BTreeMap::from([(variant.to_owned(), value)]))
}

impl Serializer for ValueSerializer {
    type Ok = Value;
    type Error = BridgeError;
    type SerializeSeq = SeqSerializer;
    type SerializeTuple = SeqSerializer;
    type SerializeTupleStruct = SeqSerializer;
    type SerializeTupleVariant = VariantSerializer<SeqSerializer>;
    type SerializeMap = MapSerializer;
    type SerializeStruct = MapSerializer;
    type SerializeStructVariant = VariantSerializer<MapSerializer>;

    fn serialize_bool(self, v: bool) -> Result<Value, BridgeError> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, BridgeError> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, BridgeError> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, BridgeError> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, BridgeError> {
        Ok(Value::from(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, BridgeError> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, BridgeError> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, BridgeError> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, BridgeError> {
        Ok(match i64::try_from(v) {
            Ok(i) => Value::from(i),
            Err(_) => Value::Number(Number::Big(v.to_string())),
        })
    }
    fn serialize_f32(self, v: f32) -> Result<Value, BridgeError> {
        Ok(Value::from(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, BridgeError> {
        Ok(Value::from(v))
    }
    fn serialize_char(self, v: char) -> Result<Value, BridgeError> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, BridgeError> {
        Ok(Value::from(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, BridgeError> {
        Ok(Value::List(
            v.iter().map(|b| Value::from(i64::from(*b))).collect(),
        ))
    }
    fn serialize_none(self) -> Result<Value, BridgeError> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, BridgeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, BridgeError> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<Value, BridgeError> {
        Ok(if name == UNKNOWN_MARKER {
            Value::Unknown
        } else {
            Value::Null
        })
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, BridgeError> {
        Ok(Value::from(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Value, BridgeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, BridgeError> {
        Ok(tagged(variant, value.serialize(self)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSerializer, BridgeError> {
        Ok(SeqSerializer(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer, BridgeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, BridgeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSerializer<SeqSerializer>, BridgeError> {
        Ok(VariantSerializer {
            name: variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapSerializer, BridgeError> {
        Ok(MapSerializer {
            map: BTreeMap::new(),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<MapSerializer, BridgeError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<VariantSerializer<MapSerializer>, BridgeError> {
        Ok(VariantSerializer {
            name: variant,
            inner: self.serialize_map(None)?,
        })
    }
}

impl ser::SerializeSeq for SeqSerializer {
    type Ok = Value;
    type Error = BridgeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), BridgeError> {
        self.0.push(value.serialize(ValueSerializer)?);
        Ok(())
    }
    fn end(self) -> Result<Value, BridgeError> {
        Ok(Value::List(self.0))
    }
}
impl ser::SerializeTuple for SeqSerializer {
    type Ok = Value;
    type Error = BridgeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), BridgeError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Value, BridgeError> {
        ser::SerializeSeq::end(self)
    }
}
impl ser::SerializeTupleStruct for SeqSerializer {
    type Ok = Value;
    type Error = BridgeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), BridgeError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Value, BridgeError> {
        ser::SerializeSeq::end(self)
    }
}
impl ser::SerializeTupleVariant for VariantSerializer<SeqSerializer> {
    type Ok = Value;
    type Error = BridgeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), BridgeError> {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }
    fn end(self) -> Result<Value, BridgeError> {
        Ok(tagged(self.name, ser::SerializeSeq::end(self.inner)?))
    }
}
impl ser::SerializeMap for MapSerializer {
    type Ok = Value;
    type Error = BridgeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), BridgeError> {
        match key.serialize(ValueSerializer)? {
            Value::String(s) => self.key = Some(s),
            Value::Number(n) => self.key = Some(n.to_string()),
            Value::Bool(b) => self.key = Some(b.to_string()),
            other => {
                return Err(BridgeError(format!(
                    "map keys must be strings, not {}",
                    other.kind()
                )));
            }
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), BridgeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| BridgeError("map value serialized before its key".to_owned()))?;
        self.map.insert(key, value.serialize(ValueSerializer)?);
        Ok(())
    }
    fn end(self) -> Result<Value, BridgeError> {
        Ok(Value::Map(self.map))
    }
}
impl ser::SerializeStruct for MapSerializer {
    type Ok = Value;
    type Error = BridgeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), BridgeError> {
        self.map
            .insert(key.to_owned(), value.serialize(ValueSerializer)?);
        Ok(())
    }
    fn end(self) -> Result<Value, BridgeError> {
        Ok(Value::Object(self.map))
    }
}
impl ser::SerializeStructVariant for VariantSerializer<MapSerializer> {
    type Ok = Value;
    type Error = BridgeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), BridgeError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<Value, BridgeError> {
        Ok(tagged(self.name, ser::SerializeStruct::end(self.inner)?))
    }
}

// ---------------------------------------------------------------- Deserializer

fn unknown_error() -> BridgeError {
    BridgeError(
        "the value is unknown (it depends on another resource); declare the field as Tf<T> to accept unknown values"
            .to_owned(),
    )
}

impl Value {
    fn as_integer(&self) -> Result<i64, BridgeError> {
        match self {
            Value::Number(n) => n
                .as_i64()
                .ok_or_else(|| BridgeError("expected a whole number".to_owned())),
            Value::String(s) => s
                .parse()
                .map_err(|_| BridgeError("expected a whole number".to_owned())),
            Value::Unknown => Err(unknown_error()),
            other => Err(BridgeError(format!(
                "invalid type: {}, expected a number",
                other.kind()
            ))),
        }
    }
}

macro_rules! deserialize_int {
    ($method:ident, $visit:ident, $t:ty) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BridgeError> {
            let i = self.as_integer()?;
            let v = <$t>::try_from(i)
                .map_err(|_| BridgeError(format!("number out of range for {}", stringify!($t))))?;
            visitor.$visit(v)
        }
    };
}

impl<'de> Deserializer<'de> for Value {
    type Error = BridgeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BridgeError> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Unknown => Err(unknown_error()),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(Number::Int(i)) => visitor.visit_i64(i),
            Value::Number(Number::Float(f)) => visitor.visit_f64(f),
            Value::Number(Number::Big(s)) => visitor.visit_string(s),
            Value::String(s) => visitor.visit_string(s),
            Value::List(items) | Value::Set(items) => {
                visitor.visit_seq(de::value::SeqDeserializer::new(items.into_iter()))
            }
            Value::Map(m) | Value::Object(m) => {
                visitor.visit_map(de::value::MapDeserializer::new(m.into_iter()))
            }
        }
    }

    deserialize_int!(deserialize_i8, visit_i8, i8);
    deserialize_int!(deserialize_i16, visit_i16, i16);
    deserialize_int!(deserialize_i32, visit_i32, i32);
    deserialize_int!(deserialize_i64, visit_i64, i64);
    deserialize_int!(deserialize_u8, visit_u8, u8);
    deserialize_int!(deserialize_u16, visit_u16, u16);
    deserialize_int!(deserialize_u32, visit_u32, u32);
    deserialize_int!(deserialize_u64, visit_u64, u64);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BridgeError> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BridgeError> {
        match self {
            Value::Number(n) => visitor.visit_f64(n.as_f64()),
            other => other.deserialize_any(visitor),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BridgeError> {
        match self {
            Value::Number(n) => visitor.visit_string(n.to_string()),
            Value::Bool(b) => visitor.visit_string(b.to_string()),
            other => other.deserialize_any(visitor),
        }
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BridgeError> {
        self.deserialize_string(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BridgeError> {
        match self {
            Value::Null => visitor.visit_none(),
            Value::Unknown => Err(unknown_error()),
            other => visitor.visit_some(other),
        }
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, BridgeError> {
        if name == TF_MAGIC {
            return match self {
                Value::Unknown => visitor.visit_unit(),
                Value::Null => visitor.visit_none(),
                other => visitor.visit_some(other),
            };
        }
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BridgeError> {
        match self {
            Value::String(s) => visitor.visit_enum(s.into_deserializer()),
            Value::Unknown => Err(unknown_error()),
            other => Err(BridgeError(format!(
                "invalid type: {}, expected an enum given as a string",
                other.kind()
            ))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool char bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl IntoDeserializer<'_, BridgeError> for Value {
    type Deserializer = Value;
    fn into_deserializer(self) -> Value {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::Tf;
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeSet;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
    #[serde(default)]
    struct Item {
        key: Tf<String>,
        weight: Option<i64>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
    #[serde(default)]
    struct State {
        id: Tf<String>,
        name: String,
        size: Tf<i64>,
        ratio: Tf<f64>,
        enabled: Tf<bool>,
        tags: Tf<BTreeSet<String>>,
        items: Tf<Vec<Item>>,
        labels: Tf<BTreeMap<String, String>>,
    }

    #[test]
    fn enum_variants_serialize_externally_tagged() {
        #[derive(Serialize)]
        enum Shape {
            Unit,
            Newtype(i64),
            Tuple(i64, String),
            Struct { side: i64, label: String },
        }
        let ser = |shape: &Shape| shape.serialize(ValueSerializer).unwrap();
        let tagged =
            |name: &str, value: Value| Value::Object(BTreeMap::from([(name.into(), value)]));
        assert_eq!(ser(&Shape::Unit), Value::from("Unit"));
        assert_eq!(
            ser(&Shape::Newtype(3)),
            tagged("Newtype", Value::from(3i64))
        );
        assert_eq!(
            ser(&Shape::Tuple(3, "a".into())),
            tagged(
                "Tuple",
                Value::List(vec![Value::from(3i64), Value::from("a")])
            )
        );
        assert_eq!(
            ser(&Shape::Struct {
                side: 3,
                label: "a".into()
            }),
            tagged(
                "Struct",
                Value::Object(BTreeMap::from([
                    ("side".into(), Value::from(3i64)),
                    ("label".into(), Value::from("a")),
                ]))
            )
        );
    }

    fn ty() -> Type {
        let item = Type::Object(BTreeMap::from([
            ("key".into(), Type::String),
            ("weight".into(), Type::Number),
        ]));
        Type::Object(BTreeMap::from([
            ("id".into(), Type::String),
            ("name".into(), Type::String),
            ("size".into(), Type::Number),
            ("ratio".into(), Type::Number),
            ("enabled".into(), Type::Bool),
            ("tags".into(), Type::set(Type::String)),
            ("items".into(), Type::list(item)),
            ("labels".into(), Type::map(Type::String)),
        ]))
    }

    #[test]
    fn round_trip_preserves_null_unknown_and_known() {
        let s = State {
            id: Tf::Unknown,
            name: "n".into(),
            size: Tf::Known(3),
            ratio: Tf::Known(0.5),
            enabled: Tf::Null,
            tags: Tf::Known(BTreeSet::from(["a".to_owned()])),
            items: Tf::Known(vec![Item {
                key: Tf::Unknown,
                weight: Some(2),
            }]),
            labels: Tf::Known(BTreeMap::from([("k".to_owned(), "v".to_owned())])),
        };
        let v = to_value(&s, &ty()).unwrap();
        assert!(v.get("id").unwrap().is_unknown());
        assert!(matches!(v.get("tags"), Some(Value::Set(_))));
        assert!(matches!(v.get("labels"), Some(Value::Map(_))));
        let back: State = from_value(v.clone()).unwrap();
        assert_eq!(back, s);
        // survives the wire as well
        let bytes = crate::value::encode_msgpack(&v, &ty()).unwrap();
        let decoded = crate::value::decode_msgpack(&bytes, &ty()).unwrap();
        assert_eq!(from_value::<State>(decoded).unwrap(), s);
    }

    #[test]
    fn unknown_in_a_plain_field_is_an_error_not_a_panic() {
        let mut v = to_value(&State::default(), &ty()).unwrap();
        v.as_object_mut()
            .unwrap()
            .insert("name".into(), Value::Unknown);
        let err = from_value::<State>(v).unwrap_err();
        assert!(err.0.contains("unknown"));
    }

    #[test]
    fn type_errors_do_not_quote_values() {
        let mut v = to_value(&State::default(), &ty()).unwrap();
        v.as_object_mut()
            .unwrap()
            .insert("enabled".into(), Value::from("hunter2"));
        let err = from_value::<State>(v).unwrap_err();
        assert!(!err.0.contains("hunter2"), "{err}");
    }

    #[test]
    fn fields_outside_the_schema_are_reported() {
        #[derive(Serialize)]
        struct Extra {
            nope: i64,
        }
        assert!(to_value(&Extra { nope: 1 }, &ty()).is_err());
    }

    #[test]
    fn tf_works_with_serde_json_as_an_option() {
        let s: Item = serde_json::from_str(r#"{"key":null,"weight":1}"#).unwrap();
        assert_eq!(s.key, Tf::Null);
        let s: Item = serde_json::from_str(r#"{"key":"k"}"#).unwrap();
        assert_eq!(s.key, Tf::Known("k".into()));
    }
}
