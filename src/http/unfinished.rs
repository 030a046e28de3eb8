//! A create Terraform cancelled (Ctrl-C) whose object the look after it did not find: a tenant
//! often finishes work whose caller hung up, so the object may appear later. Forgetting the create
//! would let the next apply make a second object, and the first, made when the next apply's record
//! was listed, would then be "someone else's" and never found again.
//!
//! So the resource records the create as unfinished: a partial state (Terraform keeps it, tainted)
//! with the planned values, the id the create sent where the provider made one, and an `id` of
//! [`marker`] that holds when the create was sent (on the vendor's clock, lower bound) and the ids
//! of the same-name objects that existed before it (the run's record has them). The next refresh
//! [`place`]s it:
//!
//! | what the look finds | result |
//! |---|---|
//! | no matching object | removed from the state: the plan creates it |
//! | one matching object carrying the id the create sent (IBM Verify, OAM), or, on a vendor that stamps creation times (SailPoint, Akamai), made at or after the send | that object: the state holds it, tainted, and the plan replaces it |
//! | several | an error naming them, with the import command; nothing chosen |
//!
//! An object that existed before the create or was made before the send is never placed (the
//! ids, because the clock's lower bound can be up to a second early), nor one without the id the
//! create sent; a
//! vendor with neither an id of the provider's making nor creation times places nothing (the
//! refresh then says so). What the rule cannot see is the same as [`crate::http::recovery`]'s: a
//! same-name, same-settings object someone else makes after the send. If the tenant finishes the
//! create only after the next refresh, that refresh finds nothing and the object that appears
//! later is a twin, which the next create's same-name warning names.

use std::time::{Duration, SystemTime};

use crate::http::recovery::Recoverable;
use crate::http::{CancellationToken, HttpError, Transport};

/// The start of an unfinished create's `id`.
pub const MARKER_PREFIX: &str = "unfinished-create:";

/// The `id` of an unfinished create sent at `sent` (local time), with the vendor's clock as far
/// as the transport has seen it, beside whose object `existed` were there before:
/// `unfinished-create:<ms>` and `/<id>` for each.
pub fn marker(transport: &Transport, sent: SystemTime, existed: &[String]) -> String {
    let on_vendor_clock = match transport.server_clock() {
        Some(clock) => clock.server_time_at_least(sent),
        None => sent,
    };
    let millis = on_vendor_clock
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let mut id = format!("{MARKER_PREFIX}{millis}");
    for existing in existed {
        id.push('/');
        id.push_str(existing);
    }
    id
}

/// An unfinished create's marker, read back.
#[derive(Debug, PartialEq)]
pub struct Unfinished<'a> {
    /// When it was sent (vendor's clock, lower bound).
    pub sent: SystemTime,
    /// The same-name objects that existed before it.
    pub existed: Vec<&'a str>,
}

/// The unfinished create whose `id` this is, or `None` for the id of an object.
pub fn unfinished(id: &str) -> Option<Unfinished<'_>> {
    let mut parts = id.strip_prefix(MARKER_PREFIX)?.split('/');
    let millis: u64 = parts.next()?.parse().ok()?;
    Some(Unfinished {
        sent: SystemTime::UNIX_EPOCH + Duration::from_millis(millis),
        existed: parts.collect(),
    })
}

/// What the look for an unfinished create's object found.
#[derive(Debug, PartialEq)]
pub enum Placed<L, Id> {
    /// Nothing: the tenant did not make it (or not yet).
    Nothing,
    /// The object the create made.
    One(L),
    /// Several could be it: none is chosen.
    Several(Vec<Id>),
}

/// Looks for the object of the unfinished create `resource` describes.
pub async fn place<R: Recoverable>(
    resource: &R,
    create: &Unfinished<'_>,
    cancel: &CancellationToken,
) -> Result<Placed<R::Listed, R::Id>, HttpError> {
    let listed = resource.candidates(cancel).await?;
    let mut ours: Vec<R::Listed> = listed
        .into_iter()
        .filter(|listed| {
            let id = resource.id(listed).to_string();
            resource.matches(listed)
                && !create.existed.contains(&id.as_str())
                && (resource.sends_own_id()
                    || resource
                        .created_at(listed)
                        .is_some_and(|created| created >= create.sent))
        })
        .collect();
    Ok(match ours.len() {
        0 => Placed::Nothing,
        1 => ours.pop().map_or(Placed::Nothing, Placed::One),
        _ => Placed::Several(ours.iter().map(|listed| resource.id(listed)).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_tells_its_send_time_and_what_existed_and_an_object_id_is_none() {
        let sent = SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        let id = format!("{MARKER_PREFIX}1700000000123");
        assert_eq!(
            unfinished(&id),
            Some(Unfinished {
                sent,
                existed: vec![]
            })
        );
        let beside = format!("{MARKER_PREFIX}1700000000123/a1/b2");
        assert_eq!(
            unfinished(&beside).map(|u| u.existed),
            Some(vec!["a1", "b2"])
        );
        assert_eq!(unfinished("a1b2c3"), None);
        assert_eq!(unfinished("unfinished-create:soon"), None);
    }
}
