//! Resource identity (Terraform 1.12+): the few attributes that name a remote object, so that
//! `import { identity = { … } }` works without an opaque ID string and `terraform query` can
//! report what it found.
//!
//! An identity here is always a projection of the resource's own state: each identity
//! attribute is a top-level state attribute of a primitive type, with the same name. So the
//! framework derives the identity from every state it answers with (read, plan, apply, import,
//! list) and a resource never computes it by hand; and an import by identity starts from a state
//! holding only those attributes.
//!
//! | RPC | identity answered |
//! |---|---|
//! | ReadResource, ApplyResourceChange | projection of the new state (none when the object is gone) |
//! | PlanResourceChange | projection of the planned state (unknown parts only on create/replace); on destroy the prior identity |
//! | ImportResourceState | projection of the imported state; by identity: the state built from it |
//! | ListResource | projection of each result |

use std::collections::BTreeMap;

use crate::diag::{AttributePath, Diagnostic, Diagnostics};
use crate::schema::{AttributeType, Schema};
use crate::value::{Type, Value};

/// One attribute of an identity: a top-level state attribute of the same name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityAttribute {
    /// The name: a top-level attribute of the resource, of a primitive type.
    pub name: String,
    /// Needed in `import { identity = … }`; otherwise it may be left out there.
    pub required_for_import: bool,
    /// What the attribute holds, for the docs page and Terraform's messages.
    pub description: String,
}

/// The identity schema of a resource type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentitySchema {
    /// The identity schema's version (0 until an identity changes shape).
    pub version: i64,
    /// The attributes, in the order Terraform shows them.
    pub attributes: Vec<IdentityAttribute>,
}

impl IdentitySchema {
    /// An identity without attributes yet: add them with [`IdentitySchema::required`] and [`IdentitySchema::optional`].
    pub fn new() -> Self {
        Self::default()
    }

    /// An attribute an identity import must give.
    pub fn required(mut self, name: &str, description: impl Into<String>) -> Self {
        self.attributes.push(IdentityAttribute {
            name: name.to_owned(),
            required_for_import: true,
            description: description.into(),
        });
        self
    }

    /// An attribute an identity import may leave out.
    pub fn optional(mut self, name: &str, description: impl Into<String>) -> Self {
        self.attributes.push(IdentityAttribute {
            name: name.to_owned(),
            required_for_import: false,
            description: description.into(),
        });
        self
    }

    /// Sets the version.
    pub fn version(mut self, version: i64) -> Self {
        self.version = version;
        self
    }

    /// The type of an identity attribute, taken from the resource schema (String when the
    /// schema lacks it; the self-check reports that).
    pub fn attribute_type(&self, resource: &Schema, name: &str) -> Type {
        resource
            .block
            .attributes
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| match &a.ty {
                AttributeType::Plain(t) => Some(t.clone()),
                AttributeType::Nested { .. } => None,
            })
            .unwrap_or(Type::String)
    }

    /// The object type of identity values.
    pub fn value_type(&self, resource: &Schema) -> Type {
        Type::Object(
            self.attributes
                .iter()
                .map(|a| (a.name.clone(), self.attribute_type(resource, &a.name)))
                .collect(),
        )
    }

    /// The identity of the object `state` describes; null for a null state.
    pub fn project(&self, state: &Value) -> Value {
        let Some(obj) = state.as_object() else {
            return Value::Null;
        };
        Value::Object(
            self.attributes
                .iter()
                .map(|a| {
                    (
                        a.name.clone(),
                        obj.get(&a.name).cloned().unwrap_or(Value::Null),
                    )
                })
                .collect(),
        )
    }

    /// The state an import by identity starts from: the identity's attributes, every other
    /// attribute null. Refuses an identity lacking an attribute required for import, naming it.
    pub fn to_state(&self, identity: &Value, resource: &Schema) -> Result<Value, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut state: BTreeMap<String, Value> = match resource.value_type() {
            Type::Object(attrs) => attrs.into_keys().map(|k| (k, Value::Null)).collect(),
            _ => BTreeMap::new(),
        };
        for a in &self.attributes {
            let value = identity.get(&a.name).cloned().unwrap_or(Value::Null);
            let blank = value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty());
            if a.required_for_import && blank {
                diags.push(
                    Diagnostic::error(
                        "Incomplete identity",
                        format!(
                            "The import block's identity has no value for {:?}, which is required to import: {}",
                            a.name, a.description
                        ),
                    )
                    .at(AttributePath::root(&a.name)),
                );
            }
            let value = match value {
                Value::String(s) => Value::String(s.trim().to_owned()),
                other => other,
            };
            state.insert(a.name.clone(), value);
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Value::Object(state))
    }

    /// Problems with this identity against its resource schema, one sentence each.
    pub fn check(&self, type_name: &str, resource: &Schema) -> Vec<String> {
        let mut problems = Vec::new();
        if self.attributes.is_empty() {
            problems.push(format!("{type_name}: the identity schema has no attribute"));
        }
        for a in &self.attributes {
            match resource.block.attributes.iter().find(|r| r.name == a.name) {
                None => problems.push(format!(
                    "{type_name}: identity attribute {:?} is not an attribute of the resource",
                    a.name
                )),
                Some(r) => {
                    let primitive = matches!(
                        &r.ty,
                        AttributeType::Plain(Type::String | Type::Number | Type::Bool)
                    );
                    if !primitive {
                        problems.push(format!(
                            "{type_name}: identity attribute {:?} must be a string, number or bool",
                            a.name
                        ));
                    }
                    if r.sensitive || r.write_only {
                        problems.push(format!(
                            "{type_name}: identity attribute {:?} is sensitive or write-only",
                            a.name
                        ));
                    }
                }
            }
            if a.description.is_empty() {
                problems.push(format!(
                    "{type_name}: identity attribute {:?} has no description",
                    a.name
                ));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Attribute, Block};

    fn resource() -> Schema {
        Schema::new(
            Block::new()
                .attribute(Attribute::string("id").computed())
                .attribute(Attribute::string("domain").required())
                .attribute(Attribute::string("secret").computed().sensitive())
                .attribute(Attribute::number("n").optional()),
        )
    }

    #[test]
    fn projects_state_and_builds_an_import_state() {
        let identity = IdentitySchema::new()
            .required("domain", "The domain.")
            .required("id", "The ID.");
        let schema = resource();
        let state = Value::Object(BTreeMap::from([
            ("id".to_owned(), Value::from("k1")),
            ("domain".to_owned(), Value::from("d")),
            ("secret".to_owned(), Value::from("s3cr3t")),
            ("n".to_owned(), Value::from(1)),
        ]));
        let projected = identity.project(&state);
        assert_eq!(projected.as_object().map(|o| o.len()), Some(2));
        assert_eq!(projected.get("id"), Some(&Value::from("k1")));
        assert!(projected.get("secret").is_none());
        assert!(identity.project(&Value::Null).is_null());

        let imported = identity.to_state(&projected, &schema).unwrap();
        assert_eq!(imported.get("domain"), Some(&Value::from("d")));
        assert_eq!(imported.get("secret"), Some(&Value::Null));
        assert_eq!(imported.as_object().map(|o| o.len()), Some(4));

        let partial = Value::Object(BTreeMap::from([
            ("id".to_owned(), Value::from("k1")),
            ("domain".to_owned(), Value::from(" ")),
        ]));
        let err = identity.to_state(&partial, &schema).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].path, Some(AttributePath::root("domain")));
    }

    #[test]
    fn check_finds_mistakes() {
        let schema = resource();
        let identity = IdentitySchema::new()
            .required("id", "The ID.")
            .optional("n", "A number.");
        // How an identity schema reaches Terraform is tested beside its conversion (`wire`).
        assert!(identity.check("t", &schema).is_empty());
        let bad = IdentitySchema::new()
            .required("missing", "x")
            .required("secret", "");
        assert_eq!(bad.check("t", &schema).len(), 3);
    }
}
