//! The diagnostics of [`create_with_recovery`](crate::http::recovery::create_with_recovery)'s
//! outcomes that are not a created object, and of same-name objects that existed before a
//! create, worded once for every resource.

use std::fmt::Display;

use tfplugin::{Context, Diagnostic, Diagnostics};

use crate::http::Transport;
use crate::http::recovery::{Checked, OutcomeOf, Recoverable, create_checking_names, join_ids};

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

/// What one create with a name that may already be taken is, for its diagnostics.
pub struct Named<'a> {
    /// Such as "IBM Verify API client".
    pub what: &'a str,
    /// The resource type without the provider prefix, for the import hint.
    pub type_name: &'a str,
    pub name: &'a str,
}

/// Creates through [`create_checking_names`], the one place where a same-name object that
/// existed before is reported: a warning naming its id and how to import it, or, with
/// `duplicate_names = "refuse"`, an error and nothing created.
pub async fn create_reporting_duplicates<R: Recoverable>(
    resource: &R,
    named: Named<'_>,
    transport: &Transport,
    ctx: &Context,
) -> Result<OutcomeOf<R>, Diagnostics> {
    let Named {
        what,
        type_name,
        name,
    } = named;
    let max_retries = transport.policy().max_retries;
    let duplicates = transport.duplicate_names();
    match create_checking_names(resource, max_retries, duplicates, ctx.cancellation()).await? {
        Checked::Ran {
            outcome,
            same_name_before,
        } => {
            if !same_name_before.is_empty() {
                ctx.warn(Diagnostic::warning(
                    format!("A {what} named {name:?} already existed"),
                    format!(
                        "A second {what} named {name:?} was created; the platform allows several with one name. The one that existed before: {}. To manage it instead, remove the new one and import the existing one: terraform import apiclients_{type_name}.<name> <id> (or an import block with that id). To refuse such creates, set duplicate_names = \"refuse\" in the provider block.",
                        join_ids(&same_name_before)
                    ),
                ));
            }
            Ok(outcome)
        }
        Checked::Refused(ids) => Err(Diagnostic::error(
            format!("A {what} named {name:?} already exists"),
            format!(
                "Nothing was created: the provider block sets duplicate_names = \"refuse\", and a {what} with this name exists: {}. Import it with terraform import apiclients_{type_name}.<name> <id> (or an import block with that id), choose another name, or set duplicate_names = \"warn\" to create a second one.",
                join_ids(&ids)
            ),
        )
        .into()),
    }
}
