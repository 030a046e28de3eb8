//! Diagnostics and attribute paths for Terraform.

use crate::diag::{AttributePath, Diagnostics, PathStep, Severity};
use crate::logging::redact;
use crate::proto::tfplugin6 as pb;

/// An attribute path as Terraform points at configuration lines.
pub(crate) fn attribute_path(path: &AttributePath) -> pb::AttributePath {
    use pb::attribute_path::{Step, step::Selector};
    pb::AttributePath {
        steps: path
            .0
            .iter()
            .map(|s| Step {
                selector: Some(match s {
                    PathStep::Attribute(n) => Selector::AttributeName(n.clone()),
                    PathStep::Key(k) => Selector::ElementKeyString(k.clone()),
                    PathStep::Index(i) => Selector::ElementKeyInt(*i),
                }),
            })
            .collect(),
    }
}

/// Diagnostics pass through the same redaction as log lines: a vendor message that quotes a
/// registered secret reaches Terraform with `***` in its place.
pub(crate) fn diagnostics(diags: Diagnostics) -> Vec<pb::Diagnostic> {
    diags
        .0
        .into_iter()
        .map(|d| pb::Diagnostic {
            severity: match d.severity {
                Severity::Error => pb::diagnostic::Severity::Error,
                Severity::Warning => pb::diagnostic::Severity::Warning,
            } as i32,
            summary: redact(&d.summary),
            detail: redact(&d.detail),
            attribute: d
                .path
                .as_ref()
                .filter(|p| !p.is_empty())
                .map(attribute_path),
        })
        .collect()
}

#[cfg(test)]
mod redaction_tests {
    use super::*;
    use crate::diag::Diagnostic;

    #[test]
    fn diagnostics_are_redacted_like_log_lines() {
        crate::logging::redact_secret("diag-secret-8f3a1c");
        let proto = diagnostics(
            Diagnostic::error(
                "vendor said diag-secret-8f3a1c",
                "the body quoted diag-secret-8f3a1c twice: diag-secret-8f3a1c",
            )
            .into(),
        );
        assert_eq!(proto[0].summary, "vendor said ***");
        assert_eq!(proto[0].detail, "the body quoted *** twice: ***");
    }
}
