//! The diagnostics of [`create_with_recovery`](crate::http::recovery::create_with_recovery)'s
//! outcomes that are not a created object, and of same-name objects that existed before a
//! create, worded once for every resource.

use std::fmt::Display;

use tfplugin::{Context, Diagnostic, Diagnostics};

use crate::http::Transport;
use crate::http::recovery::{Checked, OutcomeOf, Recoverable, create_checking_names, join_ids};
use crate::http::unfinished::{Placed, Unfinished, place};

/// What an uncertain create was making, for the diagnostics of its outcome: a named object, or a
/// credential of a client (credentials have no name; they are told apart by their client).
#[derive(Clone, Copy, Debug)]
pub enum Subject<'a> {
    /// Such as `Named { what: "IBM Verify API client", name: "ci" }`.
    Named { what: &'a str, name: &'a str },
    /// A credential of `client`, such as `CredentialOf { client: "Akamai API client ab12" }`.
    CredentialOf { client: &'a str },
}

impl Subject<'_> {
    /// "IBM Verify API client", "credential".
    fn kind(&self) -> &str {
        match self {
            Subject::Named { what, .. } => what,
            Subject::CredentialOf { .. } => "credential",
        }
    }

    /// `the create of IBM Verify API client "ci"`, `the create of a credential of Akamai API
    /// client ab12`.
    fn the_create(&self) -> String {
        match self {
            Subject::Named { what, name } => format!("the create of {what} {name:?}"),
            Subject::CredentialOf { client } => format!("the create of a credential of {client}"),
        }
    }

    /// The new objects a look found that match what the create sent: several, or one that
    /// carries no creation time and so cannot be told from someone else's.
    fn twins(&self, count: usize) -> String {
        let (one, several) = match self {
            Subject::Named { .. } => (
                "a new object with that name and these settings",
                "several new objects with that name and these settings",
            ),
            Subject::CredentialOf { .. } => (
                "a new credential of that client",
                "several new credentials of that client",
            ),
        };
        if count == 1 {
            format!("{one}, without a creation time to tell it from someone else's,")
        } else {
            several.to_owned()
        }
    }
}

/// Several new objects match what an uncertain create sent, or one that cannot be placed: none
/// was chosen.
pub fn ambiguous_create<Id: Display>(subject: Subject<'_>, ids: &[Id]) -> Diagnostic {
    Diagnostic::error(
        format!("Cannot tell which {} the create made", subject.kind()),
        format!(
            "The answer to {} was lost, and {} appeared meanwhile: {}. None was adopted. Delete the unwanted ones, or import the right one with terraform import.",
            subject.the_create(),
            subject.twins(ids.len()),
            join_ids(ids)
        ),
    )
}

/// The create answer, which alone carried the secret, was lost, and the object it made could not
/// be deleted: it is recorded (tainted) so that the next apply replaces it.
pub fn lost_secret<Id: Display>(subject: Subject<'_>, id: &Id) -> Diagnostic {
    let kind = subject.kind();
    let mut summary = kind.to_owned();
    if let Some(first) = summary.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Diagnostic::error(
        format!("{summary} created, but its secret was lost"),
        format!(
            "The answer to {} was lost, and with it the secret, which the API shows only in that answer. The {kind} exists (ID {id}) and could not be deleted. Terraform records it as tainted: the next apply replaces it with one whose secret is known.",
            subject.the_create()
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
                ctx.warn(same_name_warning(what, type_name, name, &same_name_before));
            }
            Ok(outcome)
        }
        Checked::Refused(ids) => Err(same_name_refusal(what, type_name, name, &ids).into()),
    }
}

/// "A" or "An" before `what`, by its first letter: "An IBM Verify API client", "An Akamai API
/// client", "A SailPoint OAuth client" (every `what` starts with a vendor's name).
fn article(what: &str) -> &'static str {
    if what.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "An"
    } else {
        "A"
    }
}

/// The warning of a create made beside same-name objects that existed before (`ids`).
fn same_name_warning(what: &str, type_name: &str, name: &str, ids: &[String]) -> Diagnostic {
    let (existing, one) = match ids {
        [id] => (format!("The one that existed before: {id}"), "it"),
        _ => (
            format!("The {} that existed before: {}", ids.len(), join_ids(ids)),
            "one of them",
        ),
    };
    Diagnostic::warning(
        format!("{} {what} named {name:?} already existed", article(what)),
        format!(
            "Another {what} named {name:?} was created; the platform allows several with one name. {existing}. To manage {one} instead, remove the new one and import the existing one: terraform import apiclients_{type_name}.<name> <id> (or an import block with that id). To refuse such creates, set duplicate_names = \"refuse\" in the provider block."
        ),
    )
}

/// The error of a create refused because same-name objects exist (`ids`): nothing was sent.
fn same_name_refusal(what: &str, type_name: &str, name: &str, ids: &[String]) -> Diagnostic {
    let (existing, one) = match ids {
        [id] => (
            format!(
                "{} {what} with this name exists: {id}",
                article(what).to_lowercase()
            ),
            "it",
        ),
        _ => (
            format!(
                "{} clients with this name exist: {}",
                ids.len(),
                join_ids(ids)
            ),
            "one of them",
        ),
    };
    Diagnostic::error(
        format!("{} {what} named {name:?} already exists", article(what)),
        format!(
            "Nothing was created: the provider block sets duplicate_names = \"refuse\", and {existing}. Import {one} with terraform import apiclients_{type_name}.<name> <id> (or an import block with that id), choose another name, or set duplicate_names = \"warn\" to create another one."
        ),
    )
}

/// A create Terraform cancelled whose object was not found (see [`crate::http::unfinished`]):
/// `state`, the planned values with the `id` set to the unfinished marker, is recorded as partial
/// state so that the next refresh can place what the tenant made. Only when Terraform's token has
/// fired (any other failure is definite), and not over a partial state of an object that was found.
pub fn record_unfinished<S: serde::Serialize>(ctx: &Context, state: &S) {
    if ctx.cancellation().is_cancelled() && !ctx.has_partial_state() {
        tracing::info!("a cancelled create left nothing to find yet: recorded as unfinished");
        ctx.record_partial_state(state);
    }
}

/// The refresh of an unfinished create: the object it made, if one can be placed; `None` removes it
/// from the state (the plan then creates it); several are an error naming them.
pub async fn place_unfinished<R: Recoverable>(
    resource: &R,
    create: &Unfinished<'_>,
    named: Named<'_>,
    ctx: &Context,
) -> Result<Option<R::Listed>, Diagnostics> {
    let Named {
        what,
        type_name,
        name,
    } = named;
    match place(resource, create, ctx.cancellation()).await? {
        Placed::Nothing => {
            tracing::info!(name, "the unfinished create made nothing: removing it from state");
            Ok(None)
        }
        Placed::One(listed) => {
            tracing::info!(id = %resource.id(&listed), "the object of an unfinished create was found");
            Ok(Some(listed))
        }
        Placed::Several(ids) => Err(Diagnostic::error(
            format!("Cannot tell which {what} an interrupted create made"),
            format!(
                "The create of {what} {name:?} was interrupted before it answered, and {} objects with that name and these settings could be the one it made: {}. None was chosen. Delete the unwanted ones, then remove this resource from the state (terraform state rm) and import the right one: terraform import apiclients_{type_name}.<name> <id> (or an import block with that id).",
                ids.len(),
                join_ids(&ids)
            ),
        )
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHAT: &str = "IBM Verify API client";
    const TYPE: &str = "ibm_verify_api_client";

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("id-{i}")).collect()
    }

    #[test]
    fn an_uncertain_create_is_worded_for_named_objects_and_for_credentials() {
        let named = Subject::Named {
            what: WHAT,
            name: "ci",
        };
        let lost = lost_secret(named, &"id-1");
        assert_eq!(
            lost.summary,
            "IBM Verify API client created, but its secret was lost"
        );
        assert!(
            lost.detail
                .starts_with("The answer to the create of IBM Verify API client \"ci\" was lost"),
            "{}",
            lost.detail
        );
        let both = ambiguous_create(named, &ids(2));
        assert!(both.detail.contains("several new objects with that name and these settings appeared meanwhile: id-1, id-2"), "{}", both.detail);
        let unplaced = ambiguous_create(named, &ids(1));
        assert!(unplaced.detail.contains("a new object with that name and these settings, without a creation time to tell it from someone else's, appeared meanwhile: id-1."), "{}", unplaced.detail);

        let credential = Subject::CredentialOf {
            client: "Akamai API client ab12",
        };
        let lost = lost_secret(credential, &7);
        assert_eq!(lost.summary, "Credential created, but its secret was lost");
        assert!(
            lost.detail.starts_with(
                "The answer to the create of a credential of Akamai API client ab12 was lost"
            ),
            "{}",
            lost.detail
        );
        assert!(
            lost.detail.contains("The credential exists (ID 7)"),
            "{}",
            lost.detail
        );
        let both = ambiguous_create(credential, &[7, 8]);
        assert_eq!(both.summary, "Cannot tell which credential the create made");
        assert!(
            both.detail
                .contains("several new credentials of that client appeared meanwhile: 7, 8"),
            "{}",
            both.detail
        );
    }

    #[test]
    fn the_article_follows_the_vendor_name() {
        assert_eq!(article("IBM Verify API client"), "An");
        assert_eq!(article("Akamai API client"), "An");
        assert_eq!(article("SailPoint OAuth client"), "A");
    }

    #[test]
    fn the_same_name_warning_counts_what_existed() {
        let one = same_name_warning(WHAT, TYPE, "ci", &ids(1));
        assert_eq!(
            one.summary,
            "An IBM Verify API client named \"ci\" already existed"
        );
        assert!(
            one.detail
                .contains("The one that existed before: id-1. To manage it instead"),
            "{}",
            one.detail
        );
        let two = same_name_warning(WHAT, TYPE, "ci", &ids(2));
        assert!(
            two.detail
                .starts_with("Another IBM Verify API client named \"ci\" was created")
                && two.detail.contains(
                    "The 2 that existed before: id-1, id-2. To manage one of them instead"
                ),
            "{}",
            two.detail
        );
        assert!(
            two.detail
                .contains("terraform import apiclients_ibm_verify_api_client.<name> <id>")
        );
    }

    #[test]
    fn the_same_name_refusal_counts_what_exists() {
        let one = same_name_refusal(WHAT, TYPE, "ci", &ids(1));
        assert_eq!(
            one.summary,
            "An IBM Verify API client named \"ci\" already exists"
        );
        assert!(
            one.detail
                .contains("an IBM Verify API client with this name exists: id-1. Import it"),
            "{}",
            one.detail
        );
        let two = same_name_refusal(WHAT, TYPE, "ci", &ids(2));
        assert!(
            two.detail
                .contains("2 clients with this name exist: id-1, id-2. Import one of them"),
            "{}",
            two.detail
        );
    }
}
