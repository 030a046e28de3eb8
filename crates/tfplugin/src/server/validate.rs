//! Validation of a configuration, the same for every kind of type: the schema's per-attribute
//! validators, then the type's own cross-attribute checks.

use std::collections::HashSet;

use crate::diag::{AttributePath, Diagnostic, Diagnostics, PathStep};
use crate::schema::Schema;
use crate::validate::validate_block;
use crate::value::Value;

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

/// Terraform before 1.11 does not know write-only attributes and would keep their values in
/// plan and state: refuse them there, naming each and the way out.
pub(crate) fn write_only_refused(schema: &Schema, config: &Value) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for attribute in schema.block.attributes.iter().filter(|a| a.write_only) {
        if config.get(&attribute.name).is_some_and(|v| !v.is_null()) {
            diags.push(
                Diagnostic::error(
                    "Write-only attribute needs Terraform 1.11",
                    format!(
                        "{} is write-only: Terraform 1.11 and later never store it in plan or state, but this Terraform does not know write-only attributes and would store it. Upgrade Terraform to 1.11 or later, or remove {} (its description names the alternative).",
                        attribute.name, attribute.name
                    ),
                )
                .at(AttributePath::root(&attribute.name)),
            );
        }
    }
    diags
}
