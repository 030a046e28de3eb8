//! The one rule of `secret_version`, for every resource that has it (IBM Verify API client,
//! SailPoint and OAM OAuth clients):
//!
//! | prior (state) | configured | effect |
//! |---|---|---|
//! | a number | another number | rotates, by the resource's path (in place, or a replacement) |
//! | a number | unknown at plan | rotates (it is planned as a change; apply checks again) |
//! | null (created without it, or imported) | a number | records the number, no rotation |
//! | a number | null (removed) | nothing |
//!
//! The plan shows the secret "known after apply" exactly when this says it rotates (each
//! resource's `modify_plan` marks it then, and only then). Setting it for the first time does not
//! rotate because it cannot be told apart from adopting the attribute after an import, where a
//! rotation would break every consumer of a secret Terraform never saw.
//!
//! Exception, named once: where `client_secret` is configured, the secret is the one you give and
//! `secret_version` has no effect (IBM Verify and OAM warn).

use tfplugin::Tf;

use crate::vendors::rotation::RotationPath;

/// Whether going from `prior` to `configured` rotates the secret (the table above).
pub fn rotates(prior: &Tf<i64>, configured: &Tf<i64>) -> bool {
    match (prior.known(), configured) {
        (Some(before), Tf::Known(after)) => before != after,
        (Some(_), Tf::Unknown) => true,
        _ => false,
    }
}

/// The attribute's description, the same words on every page; `how` says what a rotation does
/// on this platform.
pub fn description(path: RotationPath, how: &str) -> String {
    let path_text = match path {
        RotationPath::InPlace => "in place",
        RotationPath::Replace => "by replacing the object",
    };
    format!(
        "Change this number (e.g. increment it) to rotate the secret, {path_text}: {how} The plan shows the secret as known after apply exactly when it will change. Setting it for the first time (from null: created without it, or after an import) only records the number, and removing it does nothing. Ignored when `client_secret` is set."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_change_from_one_number_to_another_rotates() {
        assert!(rotates(&Tf::Known(1), &Tf::Known(2)));
        assert!(rotates(&Tf::Known(1), &Tf::Unknown));
        assert!(!rotates(&Tf::Known(1), &Tf::Known(1)));
        assert!(!rotates(&Tf::Null, &Tf::Known(1)), "first time: recorded");
        assert!(!rotates(&Tf::Null, &Tf::Unknown), "first time: recorded");
        assert!(!rotates(&Tf::Known(2), &Tf::Null), "removed: nothing");
    }

    #[test]
    fn every_page_says_the_same_rule() {
        let in_place = description(RotationPath::InPlace, "x.");
        let replace = description(RotationPath::Replace, "y.");
        let rule = "Setting it for the first time (from null: created without it, or after an import) only records the number, and removing it does nothing.";
        assert!(in_place.contains(rule) && replace.contains(rule));
    }
}
