//! Validation of a configuration, the same for every kind of type: the schema's per-attribute
//! validators, then the type's own cross-attribute checks.

use crate::diag::{AttributePath, Diagnostic, Diagnostics};
use crate::schema::Schema;
pub(crate) use crate::validate::validate_config;
use crate::value::Value;

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
