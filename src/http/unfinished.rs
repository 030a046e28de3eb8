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
//! | several, or a matching one with neither that id nor a creation time (IBM Verify once the tenant is known to make its own client IDs) | an error naming them, with the import command; nothing chosen |
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
    let mut ours: Vec<R::Listed> = Vec::new();
    let mut unplaceable: Vec<R::Id> = Vec::new();
    for candidate in listed {
        let id = resource.id(&candidate).to_string();
        if !resource.matches(&candidate) || create.existed.contains(&id.as_str()) {
            continue;
        }
        if resource.sends_own_id() {
            ours.push(candidate);
            continue;
        }
        match resource.created_at(&candidate) {
            Some(created) if created >= create.sent => ours.push(candidate),
            Some(_) => {}
            // Neither an id of ours nor a creation time: it may be this create's or anyone's.
            None => unplaceable.push(resource.id(&candidate)),
        }
    }
    if !unplaceable.is_empty() {
        unplaceable.extend(ours.iter().map(|listed| resource.id(listed)));
        return Ok(Placed::Several(unplaceable));
    }
    Ok(match ours.len() {
        0 => Placed::Nothing,
        1 => ours.pop().map_or(Placed::Nothing, Placed::One),
        _ => Placed::Several(ours.iter().map(|listed| resource.id(listed)).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_trait::async_trait;

    /// Listed objects: (id, matches what was sent, creation time).
    struct Fake {
        listed: Vec<(&'static str, bool, Option<u64>)>,
        own_id: bool,
    }

    #[async_trait]
    impl Recoverable for Fake {
        type Created = ();
        type Listed = (&'static str, bool, Option<u64>);
        type Id = String;

        async fn create(&self, _: &CancellationToken) -> Result<(), HttpError> {
            Ok(())
        }
        async fn candidates(&self, _: &CancellationToken) -> Result<Vec<Self::Listed>, HttpError> {
            Ok(self.listed.clone())
        }
        fn id(&self, listed: &Self::Listed) -> String {
            listed.0.to_owned()
        }
        fn matches(&self, listed: &Self::Listed) -> bool {
            listed.1
        }
        fn created_at(&self, listed: &Self::Listed) -> Option<SystemTime> {
            listed
                .2
                .map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s))
        }
        fn sends_own_id(&self) -> bool {
            self.own_id
        }
    }

    async fn placed(fake: Fake, existed: Vec<&str>) -> Placed<String, String> {
        let create = Unfinished {
            sent: SystemTime::UNIX_EPOCH + Duration::from_secs(100),
            existed,
        };
        match place(&fake, &create, &CancellationToken::new()).await {
            Ok(Placed::One(listed)) => Placed::One(listed.0.to_owned()),
            Ok(Placed::Several(ids)) => Placed::Several(ids),
            Ok(Placed::Nothing) => Placed::Nothing,
            Err(error) => panic!("{error}"),
        }
    }

    #[tokio::test]
    async fn only_a_matching_object_made_after_the_send_and_not_listed_before_is_placed() {
        let listed = vec![
            ("before-send", true, Some(99)),
            ("existed", true, Some(100)),
            ("other-settings", false, Some(105)),
            ("ours", true, Some(108)),
        ];
        let fake = Fake {
            listed: listed.clone(),
            own_id: false,
        };
        assert_eq!(
            placed(fake, vec!["existed"]).await,
            Placed::One("ours".into())
        );
        let twins = Fake {
            listed: vec![("a", true, Some(101)), ("b", true, Some(102))],
            own_id: false,
        };
        assert_eq!(
            placed(twins, vec![]).await,
            Placed::Several(vec!["a".into(), "b".into()])
        );
        let timeless = Fake {
            listed: vec![("ours", true, Some(108)), ("no-time", true, None)],
            own_id: false,
        };
        assert_eq!(
            placed(timeless, vec![]).await,
            Placed::Several(vec!["no-time".into(), "ours".into()]),
            "neither our id nor a time: cannot be placed"
        );
        let nothing = Fake {
            listed: vec![("before-send", true, Some(99))],
            own_id: false,
        };
        assert_eq!(placed(nothing, vec![]).await, Placed::Nothing);
    }

    #[tokio::test]
    async fn with_an_id_of_ours_the_match_is_placed_whenever_it_was_made() {
        let fake = Fake {
            listed: vec![("ours", true, None), ("someone-else", false, None)],
            own_id: true,
        };
        assert_eq!(placed(fake, vec![]).await, Placed::One("ours".into()));
    }

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
