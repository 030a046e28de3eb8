//! Secrets: a type that never prints its value, and the schema-driven registration that keeps
//! every sensitive or write-only value out of log lines and diagnostics.
//!
//! A provider does not register secrets by hand. The server walks every value it decodes from
//! Terraform or encodes for it (configuration, prior, planned and new state, imported state) along
//! the schema, and registers each string under an attribute marked `sensitive()` or
//! `write_only()` with [`logging::redact_secret`](crate::logging::redact_secret). State structs
//! hold such values as `Tf<Sensitive<String>>`, so a derived `Debug` prints `***`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::logging::redact_secret;
use crate::schema::{Attribute, AttributeType, Block};
use crate::value::Value;

/// A value that must never be printed: client secrets, passwords, tokens. `Debug` prints `***`;
/// there is deliberately no `Display`, so the value reaches a log line or a message only through
/// an explicit [`Sensitive::expose`]. Serializes transparently.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(value: impl Into<T>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that must send or store it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The value itself, giving up the wrapper.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl Sensitive<String> {
    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

// Comparing does not reveal the value (a failed `assert_eq!` prints `***`).
impl PartialEq<str> for Sensitive<String> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Sensitive<String> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Sensitive<String> {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Sensitive<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self)
    }
}

/// Registers, for redaction, every string in `value` that sits under an attribute of `block`
/// marked sensitive or write-only (nested attributes and blocks included).
pub fn register_secrets(block: &Block, value: &Value) {
    let Some(fields) = value.as_object() else {
        return;
    };
    for attribute in &block.attributes {
        if let Some(field) = fields.get(&attribute.name) {
            register_attribute(attribute, field);
        }
    }
    for nested in &block.blocks {
        if let Some(field) = fields.get(&nested.type_name) {
            for_each_element(field, &mut |element| {
                register_secrets(&nested.block, element)
            });
        }
    }
}

fn register_attribute(attribute: &Attribute, value: &Value) {
    if attribute.sensitive || attribute.write_only {
        register_all_strings(value);
        return;
    }
    if let AttributeType::Nested { attributes, .. } = &attribute.ty {
        for_each_element(value, &mut |element| {
            if let Some(fields) = element.as_object() {
                for nested in attributes {
                    if let Some(field) = fields.get(&nested.name) {
                        register_attribute(nested, field);
                    }
                }
            }
        });
    }
}

/// Calls `f` on the value itself (an object) or on each element of a list, set or map of objects.
fn for_each_element(value: &Value, f: &mut dyn FnMut(&Value)) {
    match value {
        Value::Object(_) => f(value),
        Value::List(items) | Value::Set(items) => items.iter().for_each(f),
        Value::Map(items) => items.values().for_each(f),
        _ => {}
    }
}

fn register_all_strings(value: &Value) {
    match value {
        Value::String(s) => redact_secret(s),
        Value::List(items) | Value::Set(items) => items.iter().for_each(register_all_strings),
        Value::Map(items) | Value::Object(items) => items.values().for_each(register_all_strings),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::logging::redact;
    use crate::schema::{Attribute, NestingMode};

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Sensitive::<String>::new("hunter2");
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(format!("{:?}", Some(secret.clone())), "Some(***)");
        assert_eq!(secret.expose(), "hunter2");
        let json = serde_json::to_string(&secret).unwrap();
        assert_eq!(json, "\"hunter2\"");
        let back: Sensitive<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, secret);
    }

    #[test]
    fn registers_sensitive_and_write_only_values_from_the_schema_only() {
        let block = Block::new()
            .attribute(Attribute::string("name").optional())
            .attribute(Attribute::string("token").optional().sensitive())
            .attribute(Attribute::string("password_wo").optional().write_only())
            .attribute(Attribute::nested(
                "inner",
                NestingMode::Single,
                vec![Attribute::string("key").optional().sensitive()],
            ));
        let object = |pairs: Vec<(&str, Value)>| {
            Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<BTreeMap<_, _>>(),
            )
        };
        let value = object(vec![
            ("name", Value::from("visible-name-71")),
            ("token", Value::from("tok-secret-71")),
            ("password_wo", Value::from("wo-secret-71")),
            (
                "inner",
                object(vec![("key", Value::from("nested-secret-71"))]),
            ),
        ]);
        register_secrets(&block, &value);
        let line = redact("visible-name-71 tok-secret-71 wo-secret-71 nested-secret-71");
        assert_eq!(line, "visible-name-71 *** *** ***");
    }
}
