//! Automatic planning, as terraform-plugin-framework does it, so that resources never produce an
//! "invalid plan" or "inconsistent result after apply" by forgetting a rule:
//!
//! * destroy (proposed null) plans null;
//! * defaults fill optional+computed attributes that are null in the configuration;
//! * on create, computed attributes null in the configuration become unknown;
//! * on update, if anything differs from the prior state, computed attributes null in the
//!   configuration become unknown, except `use_state_for_unknown` ones which keep the prior value,
//!   null included (as terraform-plugin-framework 1.15.1+ does: an attribute null before an update
//!   that does not set it stays null, instead of showing "known after apply"); a nested element
//!   with no prior counterpart keeps its computed attributes unknown;
//!   if nothing differs, the plan is the prior state exactly;
//! * `requires_replace` attributes whose planned value differs from the prior one are reported;
//! * write-only attributes are always planned null (Terraform rejects anything else);
//! * values set in the configuration are never altered.

use super::diag::AttributePath;
use super::schema::{Attribute, AttributeType, Block, BlockNesting, NestedBlock, NestingMode};
use super::value::Value;

/// The result of automatic planning.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The planned state (null for a destroy).
    pub planned: Value,
    /// The paths whose change forces replacement.
    pub requires_replace: Vec<AttributePath>,
}

/// Plans a resource change from Terraform's proposed new state.
pub fn plan_resource_change(
    block: &Block,
    prior: &Value,
    proposed: &Value,
    config: &Value,
) -> Plan {
    if proposed.is_null() {
        return Plan {
            planned: Value::Null,
            requires_replace: Vec::new(),
        };
    }
    let mut planned = proposed.clone();
    walk_block(
        block,
        &mut planned,
        config,
        None,
        &mut |attr, planned, config, _prior| {
            if attr.write_only {
                *planned = Value::Null;
            } else if config.is_null()
                && let Some(default) = &attr.default
            {
                *planned = default.clone();
            }
        },
    );

    if prior.is_null() {
        walk_block(
            block,
            &mut planned,
            config,
            None,
            &mut mark_computed_unknown,
        );
        return Plan {
            planned,
            requires_replace: Vec::new(),
        };
    }
    if &planned == prior {
        return Plan {
            planned: prior.clone(),
            requires_replace: Vec::new(),
        };
    }
    walk_block(
        block,
        &mut planned,
        config,
        Some(prior),
        &mut |attr, planned, config, prior| {
            mark_computed_unknown(attr, planned, config, prior);
            if attr.use_state_for_unknown
                && planned.is_unknown()
                && !config.is_unknown()
                && let Some(p) = prior
            {
                *planned = p.clone();
            }
        },
    );
    let mut requires_replace = Vec::new();
    collect_replace(
        &block.attributes,
        &block.blocks,
        &planned,
        prior,
        &AttributePath::empty(),
        &mut requires_replace,
    );
    Plan {
        planned,
        requires_replace,
    }
}

/// The result of an ephemeral resource whose configuration is not wholly known yet, made as
/// Terraform makes one for the same case (`objchange.PlannedDataResourceObject`): the
/// configuration, with every computed attribute it leaves null unknown.
pub fn unknown_result(block: &Block, config: &Value) -> Value {
    let mut result = config.clone();
    walk_block(block, &mut result, config, None, &mut mark_computed_unknown);
    result
}

fn mark_computed_unknown(
    attr: &Attribute,
    planned: &mut Value,
    config: &Value,
    _prior: Option<&Value>,
) {
    if attr.computed && config.is_null() && attr.default.is_none() && !attr.write_only {
        *planned = Value::Unknown;
    }
}

type Visit<'f> = dyn FnMut(&Attribute, &mut Value, &Value, Option<&Value>) + 'f;

/// Calls `f` for every attribute (depth-first, parents before children) with the planned value
/// (mutable), the configured value and the prior value when one can be matched.
fn walk_block(
    block: &Block,
    planned: &mut Value,
    config: &Value,
    prior: Option<&Value>,
    f: &mut Visit<'_>,
) {
    walk_object(&block.attributes, &block.blocks, planned, config, prior, f);
}

fn walk_object(
    attrs: &[Attribute],
    blocks: &[NestedBlock],
    planned: &mut Value,
    config: &Value,
    prior: Option<&Value>,
    f: &mut Visit<'_>,
) {
    let Some(planned_obj) = planned.as_object_mut() else {
        return;
    };
    for attr in attrs {
        let cfg = config.get(&attr.name).unwrap_or(&Value::Null);
        let pri = prior.and_then(|p| p.get(&attr.name));
        let slot = planned_obj.entry(attr.name.clone()).or_insert(Value::Null);
        f(attr, slot, cfg, pri);
        if let AttributeType::Nested {
            nesting,
            attributes,
        } = &attr.ty
        {
            if cfg.is_null() || cfg.is_unknown() {
                continue;
            }
            walk_collection(
                nested_to_block(*nesting),
                attributes,
                &[],
                slot,
                cfg,
                pri,
                f,
            );
        }
    }
    for nb in blocks {
        let cfg = config.get(&nb.type_name).unwrap_or(&Value::Null);
        if cfg.is_null() || cfg.is_unknown() {
            continue;
        }
        let pri = prior.and_then(|p| p.get(&nb.type_name));
        let slot = planned_obj
            .entry(nb.type_name.clone())
            .or_insert(Value::Null);
        walk_collection(
            nb.nesting,
            &nb.block.attributes,
            &nb.block.blocks,
            slot,
            cfg,
            pri,
            f,
        );
    }
}

fn nested_to_block(n: NestingMode) -> BlockNesting {
    match n {
        NestingMode::Single => BlockNesting::Single,
        NestingMode::List => BlockNesting::List,
        NestingMode::Set => BlockNesting::Set,
        NestingMode::Map => BlockNesting::Map,
    }
}

fn walk_collection(
    nesting: BlockNesting,
    attrs: &[Attribute],
    blocks: &[NestedBlock],
    planned: &mut Value,
    config: &Value,
    prior: Option<&Value>,
    f: &mut Visit<'_>,
) {
    match nesting {
        BlockNesting::Single | BlockNesting::Group => {
            walk_object(attrs, blocks, planned, config, prior, f)
        }
        BlockNesting::List | BlockNesting::Set => {
            // Set elements have no identity across prior and config; matching prior by position
            // would pair unrelated objects, so sets get no prior.
            let is_set = nesting == BlockNesting::Set;
            let (Value::List(items) | Value::Set(items)) = planned else {
                return;
            };
            let Some(cfg_items) = config.elements() else {
                return;
            };
            let prior_items = if is_set {
                None
            } else {
                prior.and_then(Value::elements)
            };
            for (i, item) in items.iter_mut().enumerate() {
                let cfg = cfg_items.get(i).unwrap_or(&Value::Null);
                let pri = prior_items.and_then(|p| p.get(i));
                walk_object(attrs, blocks, item, cfg, pri, f);
            }
        }
        BlockNesting::Map => {
            let Value::Map(items) = planned else { return };
            let Value::Map(cfg_items) = config else {
                return;
            };
            for (k, item) in items.iter_mut() {
                let cfg = cfg_items.get(k).unwrap_or(&Value::Null);
                let pri = match prior {
                    Some(Value::Map(p)) => p.get(k),
                    _ => None,
                };
                walk_object(attrs, blocks, item, cfg, pri, f);
            }
        }
    }
}

fn collect_replace(
    attrs: &[Attribute],
    blocks: &[NestedBlock],
    planned: &Value,
    prior: &Value,
    path: &AttributePath,
    out: &mut Vec<AttributePath>,
) {
    for attr in attrs {
        let p = planned.get(&attr.name).unwrap_or(&Value::Null);
        let q = prior.get(&attr.name).unwrap_or(&Value::Null);
        let here = path.clone().attr(&attr.name);
        if attr.requires_replace && p != q {
            out.push(here.clone());
            continue;
        }
        if let AttributeType::Nested {
            nesting,
            attributes,
        } = &attr.ty
        {
            collect_replace_nested(nested_to_block(*nesting), attributes, &[], p, q, &here, out);
        }
    }
    for nb in blocks {
        let p = planned.get(&nb.type_name).unwrap_or(&Value::Null);
        let q = prior.get(&nb.type_name).unwrap_or(&Value::Null);
        let here = path.clone().attr(&nb.type_name);
        collect_replace_nested(
            nb.nesting,
            &nb.block.attributes,
            &nb.block.blocks,
            p,
            q,
            &here,
            out,
        );
    }
}

fn collect_replace_nested(
    nesting: BlockNesting,
    attrs: &[Attribute],
    blocks: &[NestedBlock],
    planned: &Value,
    prior: &Value,
    path: &AttributePath,
    out: &mut Vec<AttributePath>,
) {
    match (nesting, planned, prior) {
        (BlockNesting::Single | BlockNesting::Group, Value::Object(_), Value::Object(_)) => {
            collect_replace(attrs, blocks, planned, prior, path, out);
        }
        (BlockNesting::List, Value::List(p), Value::List(q)) => {
            for (i, (a, b)) in p.iter().zip(q.iter()).enumerate() {
                collect_replace(attrs, blocks, a, b, &path.clone().index(i as i64), out);
            }
        }
        (BlockNesting::Map, Value::Map(p), Value::Map(q)) => {
            for (k, a) in p {
                if let Some(b) = q.get(k) {
                    collect_replace(attrs, blocks, a, b, &path.clone().key(k), out);
                }
            }
        }
        // Sets: a changed element is a different element; a requires_replace attribute inside
        // a set element is reported through the set itself when the set is marked.
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Attribute, Block, NestedBlock};
    use crate::value::Type;
    use crate::value::obj;

    fn block() -> Block {
        Block::new()
            .attribute(Attribute::string("id").computed().use_state_for_unknown())
            .attribute(Attribute::string("name").required())
            .attribute(Attribute::string("mode").default("standard"))
            .attribute(Attribute::number("revision").computed())
            .attribute(Attribute::number("size").optional().requires_replace())
            .attribute(Attribute::string("secret_wo").optional().write_only())
            .attribute(Attribute::set("tags", Type::String).optional())
            .attribute(
                Attribute::list_nested(
                    "items",
                    vec![
                        Attribute::string("key").required(),
                        Attribute::string("item_id")
                            .computed()
                            .use_state_for_unknown(),
                        Attribute::string("kind").default("plain"),
                    ],
                )
                .optional(),
            )
            .block(NestedBlock::single(
                "opts",
                Block::new().attribute(Attribute::string("etag").computed()),
            ))
    }

    /// Sets one attribute of an object value.
    fn set(value: &mut Value, name: &str, to: Value) {
        value
            .as_object_mut()
            .expect("an object")
            .insert(name.to_owned(), to);
    }

    /// A config value with every attribute present (as Terraform sends it).
    fn config(name: &str, size: Value, items: Value) -> Value {
        obj(&[
            ("id", Value::Null),
            ("name", name.into()),
            ("mode", Value::Null),
            ("revision", Value::Null),
            ("size", size),
            ("secret_wo", "pw".into()),
            ("tags", Value::Null),
            ("items", items),
            ("opts", Value::Null),
        ])
    }

    fn state(name: &str, size: Value, items: Value) -> Value {
        obj(&[
            ("id", "abc".into()),
            ("name", name.into()),
            ("mode", "standard".into()),
            ("revision", 1.into()),
            ("size", size),
            ("secret_wo", Value::Null),
            ("tags", Value::Null),
            ("items", items),
            ("opts", Value::Null),
        ])
    }

    fn item(key: &str, id: Value, kind: Value) -> Value {
        obj(&[("key", key.into()), ("item_id", id), ("kind", kind)])
    }

    /// One element of `items` as the configuration gives it, and as the state stores it.
    fn configured_items() -> Value {
        Value::List(vec![item("k", Value::Null, Value::Null)])
    }
    fn stored_items() -> Value {
        Value::List(vec![item("k", "i1".into(), "plain".into())])
    }

    #[test]
    fn destroy_plans_null() {
        let b = block();
        let prior = state("a", 1.into(), Value::Null);
        let plan = plan_resource_change(&b, &prior, &Value::Null, &Value::Null);
        assert_eq!(plan.planned, Value::Null);
    }

    #[test]
    fn create_marks_computed_unknown_and_applies_defaults() {
        let b = block();
        let cfg = config("a", Value::Null, configured_items());
        let plan = plan_resource_change(&b, &Value::Null, &cfg, &cfg);
        let p = &plan.planned;
        assert!(p.get("id").unwrap().is_unknown());
        assert!(p.get("revision").unwrap().is_unknown());
        assert_eq!(p.get("mode"), Some(&Value::from("standard")));
        assert_eq!(p.get("name"), Some(&Value::from("a")));
        assert_eq!(
            p.get("size"),
            Some(&Value::Null),
            "optional non-computed stays null"
        );
        assert_eq!(
            p.get("secret_wo"),
            Some(&Value::Null),
            "write-only is planned null"
        );
        let first = &p.get("items").unwrap().elements().unwrap()[0];
        assert!(first.get("item_id").unwrap().is_unknown());
        assert_eq!(first.get("kind"), Some(&Value::from("plain")));
        assert!(plan.requires_replace.is_empty());
    }

    #[test]
    fn no_change_plans_prior_exactly() {
        let b = block();
        let items = stored_items();
        let prior = state("a", 1.into(), items);
        let cfg = config("a", 1.into(), configured_items());
        // Terraform's proposed state: config, with prior values for computed attributes left null.
        let mut proposed = prior.clone();
        set(&mut proposed, "secret_wo", "pw".into());
        let plan = plan_resource_change(&b, &prior, &proposed, &cfg);
        assert_eq!(plan.planned, prior);
        assert!(plan.requires_replace.is_empty());
    }

    #[test]
    fn update_marks_volatile_unknown_and_keeps_stable_values() {
        let b = block();
        let prior = state("a", 1.into(), stored_items());
        let cfg = config("b", 1.into(), configured_items());
        let mut proposed = prior.clone();
        set(&mut proposed, "name", "b".into());
        let plan = plan_resource_change(&b, &prior, &proposed, &cfg);
        let p = &plan.planned;
        assert_eq!(p.get("name"), Some(&Value::from("b")));
        assert_eq!(
            p.get("id"),
            Some(&Value::from("abc")),
            "use_state_for_unknown keeps prior"
        );
        assert!(p.get("revision").unwrap().is_unknown());
        assert_eq!(p.get("mode"), Some(&Value::from("standard")));
        let first = &p.get("items").unwrap().elements().unwrap()[0];
        assert_eq!(first.get("item_id"), Some(&Value::from("i1")));
        assert!(plan.requires_replace.is_empty());
    }

    #[test]
    fn use_state_for_unknown_keeps_a_null_prior_but_not_a_missing_one() {
        let b = block();
        let mut prior = state("a", 1.into(), stored_items());
        set(&mut prior, "id", Value::Null);
        let items = Value::List(vec![
            item("k", Value::Null, Value::Null),
            item("new", Value::Null, Value::Null),
        ]);
        let cfg = config("b", 1.into(), items.clone());
        let mut proposed = prior.clone();
        let obj = proposed.as_object_mut().unwrap();
        obj.insert("name".into(), "b".into());
        obj.insert("items".into(), items);
        let plan = plan_resource_change(&b, &prior, &proposed, &cfg);
        let p = &plan.planned;
        assert_eq!(p.get("id"), Some(&Value::Null), "null before, null planned");
        let elements = p.get("items").unwrap().elements().unwrap();
        assert_eq!(elements[0].get("item_id"), Some(&Value::from("i1")));
        assert!(
            elements[1].get("item_id").unwrap().is_unknown(),
            "a new element has no prior to keep"
        );
    }

    /// The plan of an update that changes only `size` (which requires replacement) to `to`.
    fn plan_size_change(to: Value) -> Plan {
        let prior = state("a", 1.into(), Value::Null);
        let cfg = config("a", to.clone(), Value::Null);
        let mut proposed = prior.clone();
        set(&mut proposed, "size", to);
        plan_resource_change(&block(), &prior, &proposed, &cfg)
    }

    #[test]
    fn requires_replace_reported_when_value_changes() {
        let plan = plan_size_change(2.into());
        assert_eq!(plan.requires_replace, vec![AttributePath::root("size")]);
    }

    #[test]
    fn unknown_config_values_are_never_altered() {
        let b = block();
        let mut cfg = config("a", Value::Unknown, Value::Unknown);
        set(&mut cfg, "mode", Value::Unknown);
        let plan = plan_resource_change(&b, &Value::Null, &cfg, &cfg);
        assert!(
            plan.planned.get("mode").unwrap().is_unknown(),
            "no default over an unknown config value"
        );
        assert!(plan.planned.get("size").unwrap().is_unknown());
        assert!(plan.planned.get("items").unwrap().is_unknown());

        // On update an unknown requires_replace value forces replacement, as the framework does.
        let plan = plan_size_change(Value::Unknown);
        assert_eq!(plan.requires_replace, vec![AttributePath::root("size")]);
    }

    #[test]
    fn nested_block_computed_values_become_unknown_on_create() {
        let b = block();
        let mut cfg = config("a", Value::Null, Value::Null);
        set(&mut cfg, "opts", obj(&[("etag", Value::Null)]));
        let plan = plan_resource_change(&b, &Value::Null, &cfg, &cfg);
        assert!(
            plan.planned
                .get("opts")
                .unwrap()
                .get("etag")
                .unwrap()
                .is_unknown()
        );
    }

    #[test]
    fn set_change_counts_as_change_but_order_does_not() {
        let b = block();
        let mut prior = state("a", Value::Null, Value::Null);
        set(&mut prior, "tags", Value::Set(vec!["x".into(), "y".into()]));
        let mut cfg = config("a", Value::Null, Value::Null);
        set(&mut cfg, "tags", Value::Set(vec!["y".into(), "x".into()]));
        let mut proposed = prior.clone();
        set(
            &mut proposed,
            "tags",
            Value::Set(vec!["y".into(), "x".into()]),
        );
        assert_eq!(
            plan_resource_change(&b, &prior, &proposed, &cfg).planned,
            prior
        );

        set(&mut proposed, "tags", Value::Set(vec!["z".into()]));
        let plan = plan_resource_change(&b, &prior, &proposed, &cfg);
        assert!(plan.planned.get("revision").unwrap().is_unknown());
    }

    #[test]
    fn an_unknown_ephemeral_result_keeps_the_configuration_and_leaves_computed_unknown() {
        let block = Block::new()
            .attribute(Attribute::string("client_id").required())
            .attribute(Attribute::string("scope").optional())
            .attribute(Attribute::string("token").computed().sensitive())
            .attribute(Attribute::string("label").optional().computed());
        let config = obj(&[
            ("client_id", Value::Unknown),
            ("scope", "read".into()),
            ("token", Value::Null),
            ("label", "mine".into()),
        ]);
        let result = unknown_result(&block, &config);
        assert_eq!(result.get("client_id"), Some(&Value::Unknown));
        assert_eq!(result.get("scope"), Some(&Value::from("read")));
        assert_eq!(result.get("token"), Some(&Value::Unknown));
        assert_eq!(
            result.get("label"),
            Some(&Value::from("mine")),
            "configured values stay"
        );
    }
}
