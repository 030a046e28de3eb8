//! The diagnostics of [`create_with_recovery`](crate::http::recovery::create_with_recovery)'s
//! outcomes that are not a created object, worded once for every resource.

use std::fmt::Display;

use tfplugin::Diagnostic;

use crate::http::recovery::join_ids;

/// Several new objects match what an uncertain create sent: none was chosen.
pub fn ambiguous_create<Id: Display>(what: &str, name: &str, ids: &[Id]) -> Diagnostic {
    Diagnostic::error(
        format!("Cannot tell which {what} the create made"),
        format!(
            "The answer to the create of {what} {name:?} was lost, and several new objects with that name and these settings appeared meanwhile: {}. None was adopted. Delete the unwanted ones, or import the right one with terraform import.",
            join_ids(ids)
        ),
    )
}

/// The create answer, which alone carried the secret, was lost, and the object it made could not
/// be deleted: it is recorded (tainted) so that the next apply replaces it.
pub fn lost_secret<Id: Display>(what: &str, name: &str, id: &Id) -> Diagnostic {
    Diagnostic::error(
        format!("{what} created, but its secret was lost"),
        format!(
            "The answer to the create of {what} {name:?} was lost, and with it the secret, which the API shows only in that answer. The object exists (ID {id}) and could not be deleted. Terraform records it as tainted: the next apply replaces it with one whose secret is known."
        ),
    )
}
