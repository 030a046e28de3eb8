//! Terraform's dynamic values (cty) and their wire codec.
//!
//! Terraform sends every configuration, state and plan as a `DynamicValue`: msgpack (or JSON for
//! stored state) whose shape is only known from the schema. `Value` is the decoded form; `Type` is
//! the cty type that guides decoding (a msgpack array may be a list or a set, a map may be a map
//! or an object) and encoding (objects must carry every attribute of their type, absent ones as
//! nil). The provider always answers with msgpack, as the wire-format document asks.

use std::collections::BTreeMap;
use std::fmt;

use thiserror::Error;

/// msgpack extension code of an unknown value.
const EXT_UNKNOWN: i8 = 0;
/// msgpack extension code of a refined unknown (Terraform ≥ 1.6); refinements are ignored.
const EXT_REFINED_UNKNOWN: i8 = 12;

/// A cty number. Integers stay exact; big numbers that fit neither arrive as strings and are kept.
#[derive(Debug, Clone)]
pub enum Number {
    /// An integer.
    Int(i64),
    /// A fraction.
    Float(f64),
    /// A decimal string too large for i64/f64 without loss (cty sends these as msgpack strings).
    Big(String),
}

impl Number {
    /// The number as f64 (lossy for big numbers, which are parsed best-effort).
    pub fn as_f64(&self) -> f64 {
        match self {
            Number::Int(i) => *i as f64,
            Number::Float(f) => *f,
            Number::Big(s) => s.parse().unwrap_or(f64::NAN),
        }
    }

    /// The number as i64 when it is integral and in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(*i),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
            Number::Float(_) => None,
            Number::Big(s) => s.parse().ok(),
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a == b,
            (Number::Big(a), Number::Big(b)) => a == b,
            (a, b) => match (a.as_i64(), b.as_i64()) {
                (Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            },
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => write!(f, "{x}"),
            Number::Big(s) => f.write_str(s),
        }
    }
}

/// A decoded Terraform value.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// Null.
    #[default]
    Null,
    /// Not known until apply.
    Unknown,
    /// A bool.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A list.
    List(Vec<Value>),
    /// Element order carries no meaning; equality ignores it.
    Set(Vec<Value>),
    /// A map.
    Map(BTreeMap<String, Value>),
    /// An object: attributes by name.
    Object(BTreeMap<String, Value>),
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) | (Value::Unknown, Value::Unknown) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Set(a), Value::Set(b)) => set_equal(a, b),
            (Value::Map(a), Value::Map(b)) | (Value::Object(a), Value::Object(b)) => a == b,
            _ => false,
        }
    }
}

/// Multiset equality: sets are small in provider schemas, so quadratic matching is fine.
fn set_equal(a: &[Value], b: &[Value]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut used = vec![false; b.len()];
    'outer: for x in a {
        for (i, y) in b.iter().enumerate() {
            if !used[i] && x == y {
                used[i] = true;
                continue 'outer;
            }
        }
        return false;
    }
    true
}

impl Value {
    /// Whether it is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether it is unknown (not what is inside: see [`Value::contains_unknown`]).
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// True when this value or anything inside it is unknown.
    pub fn contains_unknown(&self) -> bool {
        match self {
            Value::Unknown => true,
            Value::List(v) | Value::Set(v) => v.iter().any(Value::contains_unknown),
            Value::Map(m) | Value::Object(m) => m.values().any(Value::contains_unknown),
            _ => false,
        }
    }

    /// This value with every unknown inside it replaced by null (a state must hold no unknowns).
    pub fn unknowns_to_null(self) -> Value {
        match self {
            Value::Unknown => Value::Null,
            Value::List(v) => Value::List(v.into_iter().map(Value::unknowns_to_null).collect()),
            Value::Set(v) => Value::Set(v.into_iter().map(Value::unknowns_to_null).collect()),
            Value::Map(m) => Value::Map(
                m.into_iter()
                    .map(|(k, v)| (k, v.unknowns_to_null()))
                    .collect(),
            ),
            Value::Object(m) => Value::Object(
                m.into_iter()
                    .map(|(k, v)| (k, v.unknowns_to_null()))
                    .collect(),
            ),
            other => other,
        }
    }

    /// The string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The attributes of an object value.
    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The attributes of an object value, to change.
    pub fn as_object_mut(&mut self) -> Option<&mut BTreeMap<String, Value>> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// An attribute of an object value (None for non-objects and absent attributes).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(name))
    }

    /// Elements of a list or set.
    pub fn elements(&self) -> Option<&[Value]> {
        match self {
            Value::List(v) | Value::Set(v) => Some(v),
            _ => None,
        }
    }

    /// A short name of the kind of value, for error messages (never the value itself).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Unknown => "unknown",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Object(_) => "object",
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Number(Number::Int(i))
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Number(Number::Float(f))
    }
}

/// A cty type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `bool`.
    Bool,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `list(T)`.
    List(Box<Type>),
    /// `set(T)`.
    Set(Box<Type>),
    /// `map(T)`.
    Map(Box<Type>),
    /// `object({...})`.
    Object(BTreeMap<String, Type>),
}

impl Type {
    /// `list(element)`.
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }
    /// `set(element)`.
    pub fn set(element: Type) -> Type {
        Type::Set(Box::new(element))
    }
    /// `map(element)`.
    pub fn map(element: Type) -> Type {
        Type::Map(Box::new(element))
    }

    /// The JSON type expression Terraform expects in `Schema.Attribute.type`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Type::Bool => json!("bool"),
            Type::Number => json!("number"),
            Type::String => json!("string"),
            Type::List(t) => json!(["list", t.to_json()]),
            Type::Set(t) => json!(["set", t.to_json()]),
            Type::Map(t) => json!(["map", t.to_json()]),
            Type::Object(attrs) => {
                let m: serde_json::Map<String, serde_json::Value> = attrs
                    .iter()
                    .map(|(k, t)| (k.clone(), t.to_json()))
                    .collect();
                json!(["object", m])
            }
        }
    }

    /// Parses a cty JSON type expression.
    pub fn from_json(json: &serde_json::Value) -> Result<Type, CodecError> {
        use serde_json::Value as J;
        let bad = || CodecError::BadType(json.to_string());
        match json {
            J::String(s) => match s.as_str() {
                "bool" => Ok(Type::Bool),
                "number" => Ok(Type::Number),
                "string" => Ok(Type::String),
                _ => Err(bad()),
            },
            J::Array(parts) if parts.len() == 2 => {
                let kind = parts[0].as_str().ok_or_else(bad)?;
                match kind {
                    "list" => Ok(Type::list(Type::from_json(&parts[1])?)),
                    "set" => Ok(Type::set(Type::from_json(&parts[1])?)),
                    "map" => Ok(Type::map(Type::from_json(&parts[1])?)),
                    "object" => {
                        let attrs = parts[1].as_object().ok_or_else(bad)?;
                        let mut out = BTreeMap::new();
                        for (k, v) in attrs {
                            out.insert(k.clone(), Type::from_json(v)?);
                        }
                        Ok(Type::Object(out))
                    }
                    _ => Err(bad()),
                }
            }
            _ => Err(bad()),
        }
    }
}

/// Why a value could not be decoded or encoded. Messages name kinds and paths, never values,
/// because values may be secrets.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum CodecError {
    /// The msgpack bytes are malformed.
    #[error("malformed msgpack: {0}")]
    Msgpack(String),
    /// The JSON bytes are malformed.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A value of the wrong kind.
    #[error("at {path}: expected {expected}, got {got}")]
    Mismatch {
        /// Where, as an attribute path.
        path: String,
        /// The type expected there.
        expected: String,
        /// The kind found.
        got: &'static str,
    },
    #[error("at {path}: invalid number")]
    /// A number that does not parse.
    BadNumber {
        /// Where, as an attribute path.
        path: String,
    },
    /// A type expression this codec does not know.
    #[error("unsupported type expression {0}")]
    BadType(String),
    /// Bytes left after the value.
    #[error("{0} bytes of trailing data after the value")]
    Trailing(usize),
    /// Neither msgpack nor JSON.
    #[error("the DynamicValue carries neither msgpack nor JSON")]
    Empty,
}

fn type_name(ty: &Type) -> String {
    ty.to_json().to_string()
}

fn join(path: &str, step: &str) -> String {
    if path.is_empty() {
        step.to_owned()
    } else if step.starts_with('[') {
        format!("{path}{step}")
    } else {
        format!("{path}.{step}")
    }
}

// ---------------------------------------------------------------- msgpack

/// Decodes msgpack bytes as a value of type `ty`.
pub fn decode_msgpack(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    let mut cursor = bytes;
    let raw =
        rmpv::decode::read_value(&mut cursor).map_err(|e| CodecError::Msgpack(e.to_string()))?;
    if !cursor.is_empty() {
        return Err(CodecError::Trailing(cursor.len()));
    }
    from_rmpv(raw, ty, "")
}

fn rmpv_kind(v: &rmpv::Value) -> &'static str {
    match v {
        rmpv::Value::Nil => "null",
        rmpv::Value::Boolean(_) => "bool",
        rmpv::Value::Integer(_) | rmpv::Value::F32(_) | rmpv::Value::F64(_) => "number",
        rmpv::Value::String(_) => "string",
        rmpv::Value::Binary(_) => "binary",
        rmpv::Value::Array(_) => "array",
        rmpv::Value::Map(_) => "map",
        rmpv::Value::Ext(_, _) => "extension",
    }
}

fn from_rmpv(raw: rmpv::Value, ty: &Type, path: &str) -> Result<Value, CodecError> {
    use rmpv::Value as M;
    let mismatch = |got: &M| CodecError::Mismatch {
        path: path.to_owned(),
        expected: type_name(ty),
        got: rmpv_kind(got),
    };
    match (raw, ty) {
        (M::Nil, _) => Ok(Value::Null),
        (M::Ext(EXT_UNKNOWN | EXT_REFINED_UNKNOWN, _), _) => Ok(Value::Unknown),
        (M::Boolean(b), Type::Bool) => Ok(Value::Bool(b)),
        (M::Integer(i), Type::Number) => {
            if let Some(v) = i.as_i64() {
                Ok(Value::Number(Number::Int(v)))
            } else if let Some(v) = i.as_u64() {
                Ok(Value::Number(Number::Big(v.to_string())))
            } else {
                Err(CodecError::BadNumber {
                    path: path.to_owned(),
                })
            }
        }
        (M::F32(f), Type::Number) => Ok(Value::Number(Number::Float(f64::from(f)))),
        (M::F64(f), Type::Number) => Ok(Value::Number(Number::Float(f))),
        (M::String(s), Type::Number) => {
            let s = s.into_str().ok_or_else(|| CodecError::BadNumber {
                path: path.to_owned(),
            })?;
            parse_number(&s).ok_or_else(|| CodecError::BadNumber {
                path: path.to_owned(),
            })
        }
        (M::String(s), Type::String) => {
            let s = s
                .into_str()
                .ok_or_else(|| CodecError::Msgpack(format!("at {path}: string is not UTF-8")))?;
            Ok(Value::String(s))
        }
        (M::Array(items), Type::List(el)) => Ok(Value::List(decode_items(items, el, path)?)),
        (M::Array(items), Type::Set(el)) => Ok(Value::Set(decode_items(items, el, path)?)),
        (M::Map(entries), Type::Map(el)) => {
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                let key = map_key(k, path)?;
                let item = from_rmpv(v, el, &join(path, &format!("[{key:?}]")))?;
                out.insert(key, item);
            }
            Ok(Value::Map(out))
        }
        (M::Map(entries), Type::Object(attrs)) => {
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                let key = map_key(k, path)?;
                // Attributes the schema does not know are dropped: they cannot be encoded back.
                if let Some(attr_ty) = attrs.get(&key) {
                    let item = from_rmpv(v, attr_ty, &join(path, &key))?;
                    out.insert(key, item);
                }
            }
            for name in attrs.keys() {
                out.entry(name.clone()).or_insert(Value::Null);
            }
            Ok(Value::Object(out))
        }
        (other, _) => Err(mismatch(&other)),
    }
}

fn decode_items(items: Vec<rmpv::Value>, el: &Type, path: &str) -> Result<Vec<Value>, CodecError> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| from_rmpv(v, el, &join(path, &format!("[{i}]"))))
        .collect()
}

fn map_key(k: rmpv::Value, path: &str) -> Result<String, CodecError> {
    match k {
        rmpv::Value::String(s) => s
            .into_str()
            .ok_or_else(|| CodecError::Msgpack(format!("at {path}: map key is not UTF-8"))),
        other => Err(CodecError::Mismatch {
            path: path.to_owned(),
            expected: "string map key".to_owned(),
            got: rmpv_kind(&other),
        }),
    }
}

fn parse_number(s: &str) -> Option<Value> {
    if let Ok(i) = s.parse::<i64>() {
        return Some(Value::Number(Number::Int(i)));
    }
    let f: f64 = s.parse().ok()?;
    if !f.is_finite() {
        return None;
    }
    // Keep the decimal text when f64 would lose digits, so the value round-trips exactly.
    if format!("{f}") == s {
        Some(Value::Number(Number::Float(f)))
    } else {
        Some(Value::Number(Number::Big(s.to_owned())))
    }
}

/// Encodes a value of type `ty` as msgpack.
pub fn encode_msgpack(value: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    let raw = to_rmpv(value, ty, "")?;
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, &raw).map_err(|e| CodecError::Msgpack(e.to_string()))?;
    Ok(out)
}

fn to_rmpv(value: &Value, ty: &Type, path: &str) -> Result<rmpv::Value, CodecError> {
    use rmpv::Value as M;
    let mismatch = || CodecError::Mismatch {
        path: path.to_owned(),
        expected: type_name(ty),
        got: value.kind(),
    };
    Ok(match (value, ty) {
        (Value::Null, _) => M::Nil,
        (Value::Unknown, _) => M::Ext(EXT_UNKNOWN, vec![0]),
        (Value::Bool(b), Type::Bool) => M::Boolean(*b),
        (Value::Number(n), Type::Number) => match n {
            Number::Int(i) => M::from(*i),
            Number::Float(f) => match n.as_i64() {
                Some(i) if (i as f64) == *f => M::from(i),
                _ => M::F64(*f),
            },
            Number::Big(s) => M::from(s.as_str()),
        },
        // Terraform sometimes hands a number to a string attribute in JSON state; be lenient.
        (Value::Number(n), Type::String) => M::from(n.to_string().as_str()),
        (Value::String(s), Type::String) => M::from(s.as_str()),
        (Value::String(s), Type::Number) => match parse_number(s) {
            Some(v) => to_rmpv(&v, ty, path)?,
            None => {
                return Err(CodecError::BadNumber {
                    path: path.to_owned(),
                });
            }
        },
        (Value::List(items) | Value::Set(items), Type::List(el) | Type::Set(el)) => M::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_rmpv(v, el, &join(path, &format!("[{i}]"))))
                .collect::<Result<_, _>>()?,
        ),
        (Value::Map(m) | Value::Object(m), Type::Map(el)) => M::Map(
            m.iter()
                .map(|(k, v)| {
                    Ok((
                        M::from(k.as_str()),
                        to_rmpv(v, el, &join(path, &format!("[{k:?}]")))?,
                    ))
                })
                .collect::<Result<_, CodecError>>()?,
        ),
        (Value::Object(m) | Value::Map(m), Type::Object(attrs)) => M::Map(
            attrs
                .iter()
                .map(|(k, attr_ty)| {
                    let v = m.get(k).unwrap_or(&Value::Null);
                    Ok((M::from(k.as_str()), to_rmpv(v, attr_ty, &join(path, k))?))
                })
                .collect::<Result<_, CodecError>>()?,
        ),
        _ => return Err(mismatch()),
    })
}

// ---------------------------------------------------------------- JSON

/// Decodes JSON bytes (Terraform's stored state, or a JSON DynamicValue) as a value of type `ty`.
/// Attributes the type does not know are dropped without error: state written by an older schema
/// may carry attributes that no longer exist.
pub fn decode_json(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    let json: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| CodecError::Json(e.to_string()))?;
    from_json(&json, ty, "")
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Converts a JSON value guided by `ty`.
pub fn from_json(json: &serde_json::Value, ty: &Type, path: &str) -> Result<Value, CodecError> {
    use serde_json::Value as J;
    let mismatch = || CodecError::Mismatch {
        path: path.to_owned(),
        expected: type_name(ty),
        got: json_kind(json),
    };
    match (json, ty) {
        (J::Null, _) => Ok(Value::Null),
        (J::Bool(b), Type::Bool) => Ok(Value::Bool(*b)),
        (J::String(s), Type::Bool) => match s.as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(mismatch()),
        },
        (J::Number(n), Type::Number) => {
            if let Some(i) = n.as_i64() {
                Ok(Value::Number(Number::Int(i)))
            } else if let Some(f) = n.as_f64() {
                Ok(Value::Number(Number::Float(f)))
            } else {
                Err(CodecError::BadNumber {
                    path: path.to_owned(),
                })
            }
        }
        (J::String(s), Type::Number) => parse_number(s).ok_or_else(|| CodecError::BadNumber {
            path: path.to_owned(),
        }),
        (J::String(s), Type::String) => Ok(Value::String(s.clone())),
        (J::Number(n), Type::String) => Ok(Value::String(n.to_string())),
        (J::Bool(b), Type::String) => Ok(Value::String(b.to_string())),
        (J::Array(items), Type::List(el)) => Ok(Value::List(json_items(items, el, path)?)),
        (J::Array(items), Type::Set(el)) => Ok(Value::Set(json_items(items, el, path)?)),
        (J::Object(m), Type::Map(el)) => Ok(Value::Map(
            m.iter()
                .map(|(k, v)| {
                    Ok((
                        k.clone(),
                        from_json(v, el, &join(path, &format!("[{k:?}]")))?,
                    ))
                })
                .collect::<Result<_, CodecError>>()?,
        )),
        (J::Object(m), Type::Object(attrs)) => Ok(Value::Object(
            attrs
                .iter()
                .map(|(k, attr_ty)| {
                    let v = match m.get(k) {
                        Some(j) => from_json(j, attr_ty, &join(path, k))?,
                        None => Value::Null,
                    };
                    Ok((k.clone(), v))
                })
                .collect::<Result<_, CodecError>>()?,
        )),
        _ => Err(mismatch()),
    }
}

fn json_items(
    items: &[serde_json::Value],
    el: &Type,
    path: &str,
) -> Result<Vec<Value>, CodecError> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| from_json(v, el, &join(path, &format!("[{i}]"))))
        .collect()
}

/// Decodes a protocol DynamicValue: msgpack when present, else JSON.
pub fn decode_dynamic(msgpack: &[u8], json: &[u8], ty: &Type) -> Result<Value, CodecError> {
    if !msgpack.is_empty() {
        decode_msgpack(msgpack, ty)
    } else if !json.is_empty() {
        decode_json(json, ty)
    } else {
        Err(CodecError::Empty)
    }
}

/// An object value from its attributes: the unit tests' shorthand.
#[cfg(test)]
pub(crate) fn obj(pairs: &[(&str, Value)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj_ty() -> Type {
        Type::Object(BTreeMap::from([
            ("name".to_owned(), Type::String),
            ("size".to_owned(), Type::Number),
            ("tags".to_owned(), Type::set(Type::String)),
            ("labels".to_owned(), Type::map(Type::String)),
            ("on".to_owned(), Type::Bool),
        ]))
    }

    #[test]
    fn msgpack_round_trip_keeps_unknowns_nulls_and_sets() {
        let v = Value::Object(BTreeMap::from([
            ("name".to_owned(), Value::from("a")),
            ("size".to_owned(), Value::Unknown),
            (
                "tags".to_owned(),
                Value::Set(vec![Value::from("x"), Value::from("y")]),
            ),
            (
                "labels".to_owned(),
                Value::Map(BTreeMap::from([("k".to_owned(), Value::from("v"))])),
            ),
            ("on".to_owned(), Value::Null),
        ]));
        let bytes = encode_msgpack(&v, &obj_ty()).unwrap();
        assert_eq!(decode_msgpack(&bytes, &obj_ty()).unwrap(), v);
    }

    #[test]
    fn refined_unknown_and_string_numbers_decode() {
        let raw = rmpv::Value::Map(vec![
            (rmpv::Value::from("size"), rmpv::Value::Ext(12, vec![0x80])),
            (rmpv::Value::from("name"), rmpv::Value::Nil),
        ]);
        let mut bytes = Vec::new();
        rmpv::encode::write_value(&mut bytes, &raw).unwrap();
        let v = decode_msgpack(&bytes, &obj_ty()).unwrap();
        assert!(v.get("size").unwrap().is_unknown());
        assert!(
            v.get("tags").unwrap().is_null(),
            "absent attributes become null"
        );

        let mut bytes = Vec::new();
        rmpv::encode::write_value(&mut bytes, &rmpv::Value::from("12345678901234567890123"))
            .unwrap();
        let n = decode_msgpack(&bytes, &Type::Number).unwrap();
        assert_eq!(
            n,
            Value::Number(Number::Big("12345678901234567890123".into()))
        );
        let back = encode_msgpack(&n, &Type::Number).unwrap();
        assert_eq!(decode_msgpack(&back, &Type::Number).unwrap(), n);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode_msgpack(&[0xc1, 0xff, 0x00], &obj_ty()).is_err());
        assert!(decode_msgpack(&[0x93, 0x01], &obj_ty()).is_err());
        assert!(decode_msgpack(b"\xa3abc", &Type::Bool).is_err());
        assert!(decode_json(b"{not json", &obj_ty()).is_err());
        assert_eq!(decode_dynamic(&[], &[], &obj_ty()), Err(CodecError::Empty));
    }

    #[test]
    fn json_state_drops_unknown_attributes_and_fills_missing() {
        let v = decode_json(
            br#"{"name":"a","size":"3","removed":true,"tags":["t"]}"#,
            &obj_ty(),
        )
        .unwrap();
        assert_eq!(v.get("size"), Some(&Value::from(3)));
        assert_eq!(v.get("removed"), None);
        assert_eq!(v.get("on"), Some(&Value::Null));
        assert_eq!(v.get("tags"), Some(&Value::Set(vec![Value::from("t")])));
    }

    #[test]
    fn set_equality_ignores_order_and_numbers_compare_by_value() {
        assert_eq!(
            Value::Set(vec![Value::from("a"), Value::from("b")]),
            Value::Set(vec![Value::from("b"), Value::from("a")])
        );
        assert_ne!(
            Value::List(vec![Value::from("a"), Value::from("b")]),
            Value::List(vec![Value::from("b"), Value::from("a")])
        );
        assert_eq!(Value::from(2), Value::from(2.0));
    }

    #[test]
    fn type_json_round_trips() {
        let t = obj_ty();
        assert_eq!(Type::from_json(&t.to_json()).unwrap(), t);
        assert_eq!(
            Type::list(Type::String).to_json().to_string(),
            r#"["list","string"]"#
        );
    }
}
