//! Runs the per-attribute validators of a schema over a configuration.
//!
//! Unknown values are skipped (they come from other resources and are checked again at apply
//! time), and so are nulls (Terraform enforces `required` itself). Every diagnostic names the
//! attribute path, says what is wrong and how to fix it, and never echoes a sensitive value.

use std::collections::HashSet;
use std::net::IpAddr;

use serde::Serialize;

use super::diag::{AttributePath, Diagnostic, Diagnostics, PathStep};
use super::schema::{
    Attribute, AttributeType, Block, BlockNesting, NestingMode, Schema, Validator,
};
use super::value::Value;

/// Runs the schema's validators over `config`, then the type's own checks (`custom`), so that one
/// plan shows every mistake. The type's diagnostics about an attribute a validator already
/// reported are dropped: one problem, one diagnostic.
pub(crate) fn validate_config(
    schema: &Schema,
    config: &Value,
    custom: impl FnOnce(&Value) -> Diagnostics,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    validate_block(&schema.block, config, &AttributePath::empty(), &mut diags);
    let reported: HashSet<PathStep> = diags
        .0
        .iter()
        .filter_map(|d| d.path.as_ref()?.0.first().cloned())
        .collect();
    for diagnostic in custom(config).0 {
        let root = diagnostic.path.as_ref().and_then(|p| p.0.first());
        if root.is_none_or(|root| !reported.contains(root)) {
            diags.push(diagnostic);
        }
    }
    diags
}

/// What ValidateResourceConfig (and its data source, list and ephemeral kin) reports for a typed
/// configuration: the schema's validators, then the type's own checks (`own`, such as
/// `|config| resource.validate(config)`), by the same rule as [`validate_config`]. For tests of a
/// type's validation, which then see exactly what a user sees.
pub fn validate_typed<T: Serialize>(
    schema: &Schema,
    config: &T,
    own: impl FnOnce(&T) -> Diagnostics,
) -> Diagnostics {
    match super::bridge::to_value(config, &schema.value_type()) {
        Ok(value) => validate_config(schema, &value, |_| own(config)),
        Err(err) => Diagnostic::error(
            "Configuration does not fit the schema",
            format!("The configuration could not be encoded for its schema: {err}. This is a bug in the provider."),
        )
        .into(),
    }
}

/// Validates a configuration value against every validator in `block`.
pub fn validate_block(
    block: &Block,
    config: &Value,
    path: &AttributePath,
    diags: &mut Diagnostics,
) {
    let Some(obj) = config.as_object() else {
        return;
    };
    for attr in &block.attributes {
        let value = obj.get(&attr.name).unwrap_or(&Value::Null);
        validate_attribute(attr, value, &child(path, &attr.name), diags);
    }
    for nb in &block.blocks {
        let value = obj.get(&nb.type_name).unwrap_or(&Value::Null);
        let p = child(path, &nb.type_name);
        match (nb.nesting, value) {
            (BlockNesting::Single | BlockNesting::Group, v) => {
                validate_block(&nb.block, v, &p, diags)
            }
            (_, Value::List(items) | Value::Set(items)) => {
                for (i, item) in items.iter().enumerate() {
                    validate_block(&nb.block, item, &p.clone().index(i as i64), diags);
                }
            }
            (_, Value::Map(items)) => {
                for (k, item) in items {
                    validate_block(&nb.block, item, &p.clone().key(k), diags);
                }
            }
            _ => {}
        }
    }
}

fn child(path: &AttributePath, name: &str) -> AttributePath {
    path.clone().attr(name)
}

fn validate_attribute(
    attr: &Attribute,
    value: &Value,
    path: &AttributePath,
    diags: &mut Diagnostics,
) {
    if value.is_null() || value.is_unknown() {
        return;
    }
    for v in &attr.validators {
        check_all(v, attr, value, path, false, diags);
    }
    if let AttributeType::Nested {
        nesting,
        attributes,
    } = &attr.ty
    {
        let nested = Block {
            attributes: attributes.clone(),
            ..Block::default()
        };
        match (nesting, value) {
            (NestingMode::Single, v) => validate_block(&nested, v, path, diags),
            (_, Value::List(items) | Value::Set(items)) => {
                for (i, item) in items.iter().enumerate() {
                    validate_block(&nested, item, &path.clone().index(i as i64), diags);
                }
            }
            (_, Value::Map(items)) => {
                for (k, item) in items {
                    validate_block(&nested, item, &path.clone().key(k), diags);
                }
            }
            _ => {}
        }
    }
}

/// Shows a value in a message unless it is sensitive.
fn shown(attr: &Attribute, s: &str) -> String {
    if attr.sensitive {
        "(sensitive value)".to_owned()
    } else {
        format!("{s:?}")
    }
}

/// `subject` starts the message: "tags[0] is" for a value, "grants contains" for a set element.
fn check(
    v: &Validator,
    attr: &Attribute,
    value: &Value,
    path: &AttributePath,
    subject: &str,
) -> Option<Diagnostic> {
    let invalid = |detail: String| {
        Some(Diagnostic::error(format!("Invalid value for {path}"), detail).at(path.clone()))
    };
    match v {
        // Expanded by `check_all`, which reports every failing element.
        Validator::Each(_) => None,
        Validator::Custom(custom) => {
            let problem = custom(value)?;
            let hint = match problem.suggestions.as_slice() {
                [] => String::new(),
                names => format!(
                    " Did you mean {}?",
                    names
                        .iter()
                        .map(|name| format!("{name:?}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            };
            invalid(format!("{path} {}{hint}", problem.message))
        }
        Validator::IntRange { min, max } => {
            let Value::Number(n) = value else {
                return None;
            };
            match n.as_i64() {
                Some(i) if (*min..=*max).contains(&i) => None,
                _ => invalid(format!(
                    "{subject} {}, but it must be a whole number from {min} to {max}.",
                    if attr.sensitive {
                        "(sensitive value)".to_owned()
                    } else {
                        n.to_string()
                    }
                )),
            }
        }
        Validator::Size { min, max } => {
            let len = match value {
                Value::List(v) | Value::Set(v) => v.len(),
                Value::Map(m) => m.len(),
                _ => return None,
            };
            if len < *min || len > *max {
                let expected = if *max == usize::MAX {
                    format!("at least {min}")
                } else {
                    format!("between {min} and {max}")
                };
                return invalid(format!(
                    "{path} must contain {expected} element(s), but it has {len}. Add or remove elements accordingly."
                ));
            }
            None
        }
        _ => {
            let s = value.as_str()?;
            match v {
                Validator::OneOf(allowed) => {
                    if allowed.iter().any(|a| a == s) {
                        return None;
                    }
                    let list = allowed
                        .iter()
                        .map(|a| format!("{a:?}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let hint = strsim_hint(s, allowed)
                        .map(|h| format!(" Did you mean {h:?}?"))
                        .unwrap_or_default();
                    invalid(format!(
                        "{subject} {}, but it must be one of: {list}.{hint}",
                        shown(attr, s)
                    ))
                }
                Validator::Length { min, max } => {
                    let len = s.chars().count();
                    if len < *min || len > *max {
                        return invalid(format!(
                            "{path} must be {min} to {max} characters long, but it is {len}. Use a value of that length."
                        ));
                    }
                    None
                }
                Validator::NonEmpty => {
                    if s.trim().is_empty() {
                        return invalid(format!(
                            "{path} must not be empty. Set it to a non-blank string or remove it."
                        ));
                    }
                    None
                }
                Validator::Regex {
                    pattern,
                    compiled,
                    description,
                } => match compiled {
                    Some(re) if re.is_match(s) => None,
                    Some(_) => invalid(format!(
                        "{subject} {}, but it must be {description}.",
                        shown(attr, s)
                    )),
                    None => invalid(format!(
                        "the provider's pattern {pattern:?} for {path} is not a valid regular expression; this is a provider bug."
                    )),
                },
                Validator::Url => match url::Url::parse(s) {
                    Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.has_host() => {
                        None
                    }
                    _ => invalid(format!(
                        "{subject} {}, but it must be an absolute http:// or https:// URL, such as \"https://example.com/path\".",
                        shown(attr, s)
                    )),
                },
                Validator::IpOrCidr => {
                    if s.parse::<IpAddr>().is_ok() || s.parse::<ipnet::IpNet>().is_ok() {
                        return None;
                    }
                    invalid(format!(
                        "{subject} {}, but it must be an IP address (\"192.0.2.1\", \"2001:db8::1\") or a CIDR block (\"192.0.2.0/24\").",
                        shown(attr, s)
                    ))
                }
                Validator::Size { .. }
                | Validator::IntRange { .. }
                | Validator::Each(_)
                | Validator::Custom(_) => None,
            }
        }
    }
}

/// Runs one validator, expanding `Each` over the elements so that every bad element gets its
/// own diagnostic (one plan shows every mistake).
fn check_all(
    v: &Validator,
    attr: &Attribute,
    value: &Value,
    path: &AttributePath,
    in_set: bool,
    diags: &mut Diagnostics,
) {
    if value.is_null() || value.is_unknown() {
        return;
    }
    let Validator::Each(inner) = v else {
        let subject = format!("{path} {}", if in_set { "contains" } else { "is" });
        if let Some(d) = check(v, attr, value, path, &subject) {
            diags.push(d);
        }
        return;
    };
    match value {
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                check_all(
                    inner,
                    attr,
                    item,
                    &path.clone().index(i as i64),
                    false,
                    diags,
                );
            }
        }
        // A set element has no index a user could read; the message names the element.
        Value::Set(items) => {
            for item in items {
                check_all(inner, attr, item, path, true, diags);
            }
        }
        Value::Map(items) => {
            for (k, item) in items {
                check_all(inner, attr, item, &path.clone().key(k), false, diags);
            }
        }
        _ => {}
    }
}

fn strsim_hint<'a>(s: &str, allowed: &'a [String]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| {
            (
                strsim::jaro_winkler(&s.to_lowercase(), &a.to_lowercase()),
                a,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, a)| a.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::obj;
    use std::collections::BTreeMap;

    fn block() -> Block {
        Block::new()
            .attribute(
                Attribute::string("name")
                    .required()
                    .validate(Validator::length(1, 5)),
            )
            .attribute(
                Attribute::string("mode")
                    .optional()
                    .validate(Validator::one_of(&["standard", "fast"])),
            )
            .attribute(
                Attribute::string("url")
                    .optional()
                    .validate(Validator::url()),
            )
            .attribute(
                Attribute::string("cidr")
                    .optional()
                    .validate(Validator::ip_or_cidr()),
            )
            .attribute(
                Attribute::string("code")
                    .optional()
                    .sensitive()
                    .validate(Validator::regex("^[a-z]+$", "lowercase letters")),
            )
            .attribute(
                Attribute::set("tags", crate::value::Type::String)
                    .optional()
                    .validate(Validator::not_empty_collection()),
            )
            .attribute(
                Attribute::list_nested(
                    "items",
                    vec![
                        Attribute::string("n")
                            .optional()
                            .validate(Validator::non_empty()),
                    ],
                )
                .optional(),
            )
    }

    fn run(v: &Value) -> Diagnostics {
        let mut d = Diagnostics::new();
        validate_block(&block(), v, &AttributePath::empty(), &mut d);
        d
    }

    #[test]
    fn valid_config_passes_and_unknowns_are_skipped() {
        let v = obj(&[
            ("name", "abc".into()),
            ("mode", Value::Unknown),
            ("url", "https://x.example/p".into()),
            ("cidr", "10.0.0.0/8".into()),
            ("tags", Value::Unknown),
        ]);
        assert!(run(&v).is_empty());
    }

    #[test]
    fn each_validator_reports_with_a_path() {
        let v = obj(&[
            ("name", "toolong".into()),
            ("mode", "standrd".into()),
            ("url", "/relative".into()),
            ("cidr", "10.0.0.0/99".into()),
            ("code", "SECRET1".into()),
            ("tags", Value::Set(vec![])),
            ("items", Value::List(vec![obj(&[("n", " ".into())])])),
        ]);
        let d = run(&v);
        let paths: Vec<String> = d
            .iter()
            .map(|d| d.path.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(
            paths,
            ["name", "mode", "url", "cidr", "code", "tags", "items[0].n"]
        );
        assert!(d.0[1].detail.contains("Did you mean \"standard\""));
        assert!(
            !d.0[4].detail.contains("SECRET1"),
            "sensitive values are not echoed"
        );
    }

    #[test]
    fn each_and_int_range_report_every_bad_element() {
        let block = Block::new()
            .attribute(
                Attribute::set("grants", crate::value::Type::String)
                    .optional()
                    .validate(Validator::each(Validator::one_of(&[
                        "CLIENT_CREDENTIALS",
                        "REFRESH_TOKEN",
                    ]))),
            )
            .attribute(
                Attribute::number("seconds")
                    .optional()
                    .validate(Validator::int_range(1, 100)),
            );
        let config = Value::Object(BTreeMap::from([
            (
                "grants".to_owned(),
                Value::Set(vec![
                    Value::from("CLIENT_CREDENTIAL"),
                    Value::from("REFRESH_TOKEN"),
                    Value::from("bogus"),
                ]),
            ),
            ("seconds".to_owned(), Value::from(0)),
        ]));
        let mut diags = Diagnostics::new();
        validate_block(&block, &config, &AttributePath::default(), &mut diags);
        let text = format!("{diags:?}");
        assert_eq!(diags.iter().count(), 3, "{text}");
        assert!(
            text.contains("Did you mean \\\"CLIENT_CREDENTIALS\\\"?"),
            "{text}"
        );
        assert!(text.contains("\\\"bogus\\\""), "{text}");
        assert!(text.contains("whole number from 1 to 100"), "{text}");
    }

    fn redirect_uri(value: &Value) -> Option<crate::schema::Problem> {
        let uri = value.as_str()?;
        (!uri.contains("://")).then(|| {
            crate::schema::Problem::new(format!("contains {uri:?}, which is not an absolute URL."))
                .did_you_mean([format!("https://{uri}")])
        })
    }

    #[test]
    fn a_custom_check_names_the_path_and_suggests() {
        let block = Block::new().attribute(
            Attribute::set("redirect_uris", crate::value::Type::String)
                .optional()
                .validate(Validator::each(Validator::custom(redirect_uri))),
        );
        let config = Value::Object(BTreeMap::from([(
            "redirect_uris".to_owned(),
            Value::Set(vec![
                Value::from("app.example.com/cb"),
                Value::from("https://ok.example.com/cb"),
            ]),
        )]));
        let mut diags = Diagnostics::new();
        validate_block(&block, &config, &AttributePath::default(), &mut diags);
        assert_eq!(diags.iter().count(), 1, "{diags:?}");
        let d = &diags.0[0];
        assert_eq!(d.summary, "Invalid value for redirect_uris");
        assert_eq!(
            d.detail,
            "redirect_uris contains \"app.example.com/cb\", which is not an absolute URL. Did you mean \"https://app.example.com/cb\"?"
        );
        assert_eq!(d.path, Some(AttributePath::root("redirect_uris")));
    }
}
