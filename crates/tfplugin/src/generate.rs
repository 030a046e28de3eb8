//! GenerateResourceConfig (Terraform 1.14+): the configuration a person would write for an
//! imported object, instead of Terraform's fallback that copies every attribute of the state.
//!
//! | attribute | in the generated configuration |
//! |---|---|
//! | required | always, with its value |
//! | computed only | never |
//! | sensitive or write-only (not required) | never: the secret stays in state, out of the configuration |
//! | optional + computed with a default | only when the value differs from the default |
//! | optional + computed without default | when not null: the value the object holds, so the plan after the import is empty |
//! | optional | when not null |
//!
//! Nested attributes and blocks follow the same rules inside. Terraform itself still writes
//! `name = null` for an optional, non-computed attribute left null (its renderer lists every
//! such attribute of the schema), which plans the same as leaving it out.

use crate::schema::{Attribute, AttributeType, Block};
use crate::value::Value;

/// The minimal configuration for `state` of a resource with `block`.
pub fn minimal_config(block: &Block, state: &Value) -> Value {
    let Some(fields) = state.as_object() else {
        return Value::Null;
    };
    let mut out = fields.clone();
    for attribute in &block.attributes {
        let value = fields.get(&attribute.name).cloned().unwrap_or(Value::Null);
        let kept = if keeps(attribute, &value) {
            nested_minimal(attribute, value)
        } else {
            Value::Null
        };
        out.insert(attribute.name.clone(), kept);
    }
    for nested in &block.blocks {
        if let Some(value) = out.get_mut(&nested.type_name) {
            map_elements(value, &|element| minimal_config(&nested.block, element));
        }
    }
    Value::Object(out)
}

fn keeps(attribute: &Attribute, value: &Value) -> bool {
    if value.is_null() {
        return false;
    }
    if attribute.required {
        return true;
    }
    if !attribute.optional || attribute.sensitive || attribute.write_only {
        return false;
    }
    // With a default, only a value other than the default is worth writing.
    attribute
        .default
        .as_ref()
        .is_none_or(|default| default != value)
}

fn nested_minimal(attribute: &Attribute, mut value: Value) -> Value {
    if let AttributeType::Nested { attributes, .. } = &attribute.ty {
        let inner = Block {
            attributes: attributes.clone(),
            ..Block::default()
        };
        map_elements(&mut value, &|element| minimal_config(&inner, element));
    }
    value
}

fn map_elements(value: &mut Value, f: &dyn Fn(&Value) -> Value) {
    match value {
        Value::Object(_) => *value = f(value),
        Value::List(items) | Value::Set(items) => items.iter_mut().for_each(|item| *item = f(item)),
        Value::Map(items) => items.values_mut().for_each(|item| *item = f(item)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::schema::{Attribute, NestedBlock};

    fn object(pairs: Vec<(&str, Value)>) -> Value {
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    #[test]
    fn keeps_only_what_a_person_writes() {
        let block = Block::new()
            .attribute(Attribute::string("id").computed())
            .attribute(Attribute::string("name").required())
            .attribute(Attribute::bool("enabled").default(true))
            .attribute(Attribute::bool("locked").default(false))
            .attribute(Attribute::string("note").optional())
            .attribute(Attribute::string("client_id").optional().computed())
            .attribute(
                Attribute::string("secret")
                    .optional()
                    .computed()
                    .sensitive(),
            )
            .attribute(Attribute::string("secret_wo").optional().write_only())
            .attribute(
                Attribute::single_nested(
                    "inner",
                    vec![
                        Attribute::string("a").optional(),
                        Attribute::string("b").computed(),
                    ],
                )
                .optional(),
            )
            .block(NestedBlock::list(
                "rule",
                Block::new()
                    .attribute(Attribute::string("x").required())
                    .attribute(Attribute::string("y").computed()),
            ));
        let state = object(vec![
            ("id", Value::from("k")),
            ("name", Value::from("n")),
            ("enabled", Value::from(true)),
            ("locked", Value::from(true)),
            ("note", Value::Null),
            ("client_id", Value::from("generated")),
            ("secret", Value::from("s")),
            ("secret_wo", Value::Null),
            (
                "inner",
                object(vec![("a", Value::from("A")), ("b", Value::from("B"))]),
            ),
            (
                "rule",
                Value::List(vec![object(vec![
                    ("x", Value::from("X")),
                    ("y", Value::from("Y")),
                ])]),
            ),
        ]);
        let config = minimal_config(&block, &state);
        let kept: Vec<&str> = config
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(kept, ["client_id", "inner", "locked", "name", "rule"]);
        assert_eq!(config.get("inner").unwrap().get("b"), Some(&Value::Null));
        assert_eq!(
            config.get("inner").unwrap().get("a"),
            Some(&Value::from("A"))
        );
        let rule = &config.get("rule").unwrap().elements().unwrap()[0];
        assert_eq!(rule.get("y"), Some(&Value::Null));
        assert_eq!(rule.get("x"), Some(&Value::from("X")));
    }
}
