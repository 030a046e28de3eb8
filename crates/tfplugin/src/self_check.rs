//! The framework's check of a provider's own implementation, in the manner of
//! terraform-plugin-framework's ValidateImplementation: mistakes that would otherwise fail
//! silently at run time. A provider runs it from a test over every resource and data source.
//!
//! | what is checked | why it matters |
//! |---|---|
//! | every schema attribute has a field in the state type, at every nesting level | the bridge fills a missing field with null: the value would vanish from state |
//! | every field of the state type is an attribute of the schema | a field the schema lacks is never read or written |
//! | no plan modifier the planner ignores: none inside set elements, `default` only on optional+computed, `use_state_for_unknown` only on computed | the modifier would silently do nothing |
//! | sensitive and write-only attributes are not also required+computed (invalid) and every attribute and block has a description | Terraform refuses the schema / the docs page would be empty |
//! | an ephemeral resource has no plan modifier, no write-only attribute and no `timeouts` block ([`check_ephemeral_schema`]) | nothing plans it and nothing stores it: each would silently do nothing |
//! | a write-only attribute is not also sensitive | its value is never in plan or state, so the mark protects nothing, yet Terraform records its path in every instance's `sensitive_attributes` and rewrites it with the whole local state after every change (about 150 of an instance's 1,300 bytes; see `make bench`) |

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::bridge::{from_value, to_value};
use crate::schema::{Attribute, AttributeType, Block, BlockNesting, NestingMode, Schema};
use crate::value::{Type, Value};

/// Every problem found in `schema` and its state type `T`, one sentence each; empty when fine.
pub fn check_implementation<T: Serialize + DeserializeOwned>(
    type_name: &str,
    schema: &Schema,
) -> Vec<String> {
    let mut problems = Vec::new();
    check_block(type_name, &schema.block, false, &mut problems);
    check_state_type::<T>(type_name, schema, &mut problems);
    problems
}

fn check_state_type<T: Serialize + DeserializeOwned>(
    type_name: &str,
    schema: &Schema,
    problems: &mut Vec<String>,
) {
    let ty = schema.value_type();
    let sample = sample_value(&ty);
    let typed: T = match from_value(sample.clone()) {
        Ok(typed) => typed,
        Err(e) => {
            problems.push(format!(
                "{type_name}: a full value of the schema does not decode into the state type: {}",
                e.0
            ));
            return;
        }
    };
    // Fields are compared on the type's own serialization, so that one run names both the
    // attributes it lacks and the fields the schema lacks, at every level.
    let json = match serde_json::to_value(&typed) {
        Ok(json) => json,
        Err(e) => {
            problems.push(format!(
                "{type_name}: the state type does not serialize: {e}"
            ));
            return;
        }
    };
    let before = problems.len();
    compare_fields(type_name, &ty, &json, problems);
    if problems.len() == before
        && let Err(e) = to_value(&typed, &ty)
    {
        problems.push(format!(
            "{type_name}: the state type does not encode back into the schema: {}",
            e.0
        ));
    }
}

/// A value with every attribute set (collections with one element), so that a round trip
/// through the state type shows every field it drops.
fn sample_value(ty: &Type) -> Value {
    match ty {
        Type::Bool => Value::Bool(true),
        Type::Number => Value::from(1),
        Type::String => Value::String("sample".to_owned()),
        Type::List(element) => Value::List(vec![sample_value(element)]),
        Type::Set(element) => Value::Set(vec![sample_value(element)]),
        Type::Map(element) => {
            Value::Map(BTreeMap::from([("key".to_owned(), sample_value(element))]))
        }
        Type::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(name, ty)| (name.clone(), sample_value(ty)))
                .collect(),
        ),
    }
}

/// Walks the schema type beside the state type's serialization of a full sample: an attribute
/// that comes back null or absent has no field; a field the type has no attribute for is extra.
fn compare_fields(path: &str, ty: &Type, json: &serde_json::Value, problems: &mut Vec<String>) {
    match (ty, json) {
        (Type::Object(fields), serde_json::Value::Object(map)) => {
            for (name, field_ty) in fields {
                let child = format!("{path}.{name}");
                match map.get(name) {
                    None | Some(serde_json::Value::Null) => problems.push(format!(
                        "{child}: the state type has no field for this attribute (its value would be lost)"
                    )),
                    Some(value) => compare_fields(&child, field_ty, value, problems),
                }
            }
            for name in map.keys().filter(|name| !fields.contains_key(*name)) {
                problems.push(format!(
                    "{path}.{name}: the state type has this field but the schema has no such attribute"
                ));
            }
        }
        (Type::List(element) | Type::Set(element), serde_json::Value::Array(items)) => {
            for item in items {
                compare_fields(path, element, item, problems);
            }
        }
        (Type::Map(element), serde_json::Value::Object(map)) => {
            for value in map.values() {
                compare_fields(path, element, value, problems);
            }
        }
        (Type::Object(_) | Type::List(_) | Type::Set(_) | Type::Map(_), other) => problems.push(
            format!("{path}: the state type holds {other} where the schema has {ty:?}"),
        ),
        _ => {}
    }
}

/// The problems peculiar to an ephemeral resource's schema: there is no plan, so plan modifiers
/// (default, requires_replace, use_state_for_unknown) would do nothing; every value is
/// ephemeral already, so a write-only mark would say nothing; the framework's fixed deadline
/// applies, so a `timeouts` block would be ignored.
pub fn check_ephemeral_schema(type_name: &str, schema: &Schema) -> Vec<String> {
    fn attributes(path: &str, list: &[Attribute], problems: &mut Vec<String>) {
        for attribute in list {
            let here = format!("{path}.{}", attribute.name);
            if attribute.default.is_some()
                || attribute.requires_replace
                || attribute.use_state_for_unknown
            {
                problems.push(format!(
                    "{here}: an ephemeral resource is never planned, so default, requires_replace and use_state_for_unknown do nothing"
                ));
            }
            if attribute.write_only {
                problems.push(format!(
                    "{here}: every value of an ephemeral resource stays out of plan and state already; drop the write-only mark"
                ));
            }
            if let AttributeType::Nested {
                attributes: nested, ..
            } = &attribute.ty
            {
                attributes(&here, nested, problems);
            }
        }
    }
    fn block(path: &str, block: &Block, problems: &mut Vec<String>) {
        attributes(path, &block.attributes, problems);
        for nested in &block.blocks {
            block_problems(path, nested, problems);
        }
    }
    fn block_problems(path: &str, nested: &crate::schema::NestedBlock, problems: &mut Vec<String>) {
        let here = format!("{path}.{}", nested.type_name);
        if path.split('.').count() == 1 && nested.type_name == crate::timeouts::BLOCK_NAME {
            problems.push(format!(
                "{here}: an ephemeral resource has the framework's fixed deadline (ephemeral::DEADLINE), a timeouts block would be ignored"
            ));
        }
        block(&here, &nested.block, problems);
    }
    let mut problems = Vec::new();
    block(type_name, &schema.block, &mut problems);
    problems
}

fn check_block(path: &str, block: &Block, in_set: bool, problems: &mut Vec<String>) {
    for attribute in &block.attributes {
        check_attribute(
            &format!("{path}.{}", attribute.name),
            attribute,
            in_set,
            problems,
        );
    }
    for nested in &block.blocks {
        let child = format!("{path}.{}", nested.type_name);
        if nested.block.description.trim().is_empty() {
            problems.push(format!("{child}: the block has no description"));
        }
        let set = in_set || matches!(nested.nesting, BlockNesting::Set);
        check_block(&child, &nested.block, set, problems);
    }
}

fn check_attribute(path: &str, attribute: &Attribute, in_set: bool, problems: &mut Vec<String>) {
    if attribute.description.trim().is_empty() {
        problems.push(format!("{path}: the attribute has no description"));
    }
    // Inside a set element there is no prior element to compare with: the planner cannot apply
    // these, so declaring them there is a mistake that would pass unnoticed.
    if in_set && (attribute.requires_replace || attribute.use_state_for_unknown) {
        problems.push(format!(
            "{path}: requires_replace and use_state_for_unknown are ignored inside a set element"
        ));
    }
    if attribute.default.is_some() && !(attribute.optional && attribute.computed) {
        problems.push(format!(
            "{path}: a default needs the attribute to be optional and computed"
        ));
    }
    if attribute.use_state_for_unknown && !attribute.computed {
        problems.push(format!(
            "{path}: use_state_for_unknown has no effect on an attribute that is not computed"
        ));
    }
    if attribute.write_only && attribute.computed {
        problems.push(format!("{path}: a write-only attribute cannot be computed"));
    }
    if attribute.write_only && attribute.sensitive {
        problems.push(format!(
            "{path}: a write-only attribute needs no sensitive mark: its value never reaches plan or state, and the framework redacts it from logs and diagnostics either way"
        ));
    }
    if attribute.required && (attribute.optional || attribute.computed) {
        problems.push(format!(
            "{path}: a required attribute cannot also be optional or computed"
        ));
    }
    if let AttributeType::Nested {
        nesting,
        attributes,
    } = &attribute.ty
    {
        let set = in_set || matches!(nesting, NestingMode::Set);
        for nested in attributes {
            check_attribute(&format!("{path}.{}", nested.name), nested, set, problems);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;
    use crate::schema::Attribute;
    use crate::tf::Tf;

    fn schema() -> Schema {
        Schema::new(
            Block::new()
                .attribute(
                    Attribute::string("id")
                        .computed()
                        .use_state_for_unknown()
                        .description("The ID."),
                )
                .attribute(
                    Attribute::string("name")
                        .required()
                        .description("The name."),
                )
                .attribute(
                    Attribute::nested(
                        "rules",
                        NestingMode::Set,
                        vec![
                            Attribute::string("port")
                                .required()
                                .description("The port."),
                        ],
                    )
                    .optional()
                    .description("The rules."),
                ),
        )
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(default)]
    struct Rule {
        port: Tf<String>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(default)]
    struct Good {
        id: Tf<String>,
        name: Tf<String>,
        rules: Tf<Vec<Rule>>,
    }

    /// Forgets `name` and misspells a nested field.
    #[derive(Serialize, Deserialize, Default)]
    #[serde(default)]
    struct Broken {
        id: Tf<String>,
        rules: Tf<Vec<BrokenRule>>,
        extra: Tf<String>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(default)]
    struct BrokenRule {
        prot: Tf<String>,
    }

    #[test]
    fn a_matching_implementation_passes() {
        assert_eq!(
            check_implementation::<Good>("t", &schema()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_broken_state_type_is_named_field_by_field() {
        let problems = check_implementation::<Broken>("t", &schema());
        let text = problems.join("\n");
        assert!(
            text.contains("t.name: the state type has no field"),
            "{text}"
        );
        assert!(
            text.contains("t.rules.port: the state type has no field"),
            "{text}"
        );
        assert!(
            text.contains("t.extra: the state type has this field but the schema"),
            "{text}"
        );
        assert!(
            text.contains("t.rules.prot: the state type has this field"),
            "{text}"
        );
    }

    #[test]
    fn ignored_plan_modifiers_and_missing_descriptions_are_named() {
        let broken = Schema::new(
            Block::new()
                .attribute(Attribute::string("undocumented").optional())
                .attribute(
                    Attribute::string("secret_wo")
                        .optional()
                        .sensitive()
                        .write_only()
                        .description("A write-only secret."),
                )
                .attribute(
                    Attribute::nested(
                        "rules",
                        NestingMode::Set,
                        vec![
                            Attribute::string("port")
                                .required()
                                .requires_replace()
                                .description("The port."),
                        ],
                    )
                    .optional()
                    .description("The rules."),
                ),
        );
        let problems = check_implementation::<serde_json::Value>("t", &broken);
        let text = problems.join("\n");
        assert!(
            text.contains("t.undocumented: the attribute has no description"),
            "{text}"
        );
        assert!(
            text.contains("t.rules.port: requires_replace and use_state_for_unknown are ignored inside a set element"),
            "{text}"
        );
        assert!(
            text.contains("t.secret_wo: a write-only attribute needs no sensitive mark"),
            "{text}"
        );
    }

    #[test]
    fn an_ephemeral_schema_has_no_plan_modifier_write_only_mark_or_timeouts() {
        let schema = Schema::new(
            Block::new()
                .block(crate::timeouts::block())
                .attribute(Attribute::string("id").computed().use_state_for_unknown())
                .attribute(Attribute::string("mode").default("fast"))
                .attribute(Attribute::string("secret_wo").optional().write_only())
                .attribute(Attribute::string("token").computed().sensitive()),
        );
        let text = check_ephemeral_schema("t", &schema).join("\n");
        assert!(
            text.contains("t.id: an ephemeral resource is never planned"),
            "{text}"
        );
        assert!(
            text.contains("t.mode: an ephemeral resource is never planned"),
            "{text}"
        );
        assert!(
            text.contains("t.secret_wo: every value of an ephemeral resource"),
            "{text}"
        );
        assert!(
            text.contains("t.timeouts: an ephemeral resource has the framework's fixed deadline"),
            "{text}"
        );
        assert!(!text.contains("t.token"), "{text}");
    }
}
