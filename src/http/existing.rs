//! The run's record of what existed before this provider instance's creates, so that a create
//! needs no list of its own (see [`crate::http::recovery`] for how the rule uses it).
//!
//! # What the record holds
//!
//! | event | the record |
//! |---|---|
//! | the first create of the run that needs it | lists every object once (single flight: concurrent creates wait for the same list) and keeps their ids, with the server's clock as the transport's [`VendorClock`](crate::http::VendorClock) read it from the list's `Date` header |
//! | the list fails or is cancelled | nothing is kept; the next create lists again |
//! | a create through this client answers | its id is added, and its creation time tightens the bound on the server's clock ([`ExistingRecord::made_at`]) |
//! | a lost answer is resolved (recovered, secret lost, several found) | those ids are added |
//! | a delete through this client succeeds | its id is removed ([`ExistingRecord::removed`]) |
//!
//! An id the record holds is never a candidate of a create's recovery: it is never adopted,
//! tainted or deleted, exactly as an object listed just before the create was under the older
//! rule.
//!
//! # What it cannot see, and why that is safe
//!
//! An object someone else makes while the run goes on is not in the record. After a create whose
//! answer was lost, such an object is told from the one the create made by its creation time
//! (the vendor's own timestamp, on the server's clock): one made before the create was sent is
//! provably not ours and is left alone. "Before" is decided against a lower bound of the server's
//! time at the send (the local send time plus the smallest offset between the clocks that the
//! record's `Date` header, and the timestamps of the run's own answered creates, allow), so a wrong clock on either side can only make an object look
//! *older*, never younger, than ours: someone else's object is never taken for ours because of
//! skew. An object without a timestamp cannot be placed: the recovery then names it and chooses
//! nothing ([`Outcome::Ambiguous`](crate::http::recovery::Outcome::Ambiguous)), unless the
//! create sent an id the provider made for it alone
//! ([`Recoverable::sends_own_id`](crate::http::recovery::Recoverable::sends_own_id): IBM Verify
//! and OAM, whose objects carry no creation time, use the record only then): someone else's
//! object, made at any time, cannot carry that id, so it never matches. An object made
//! after the send is treated as before: the only window in which someone else's same-name,
//! same-settings twin can be taken for ours is between the send and the look, as with a list
//! sent just before the create. A vendor whose answers carry no `Date` header gets no record:
//! its creates list before each attempt, as before.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::time::{Duration, SystemTime};

use crate::http::HttpError;
pub use crate::http::vendor_clock::ServerClock;

/// What the record's list found: every id, and the server's clock if an answer showed it.
#[derive(Debug, Default)]
pub struct Listing {
    pub ids: Vec<String>,
    pub clock: Option<ServerClock>,
    /// The name of each listed id that has one (to tell which same-name objects existed).
    pub names: HashMap<String, String>,
}

/// The record of one resource type of one vendor client; see the module's tables.
#[derive(Debug, Default)]
pub struct ExistingRecord {
    listed: tokio::sync::OnceCell<Listed>,
    /// Ids this run made or resolved, whenever it learnt them (also before the list ended).
    made: parking_lot::Mutex<HashSet<String>>,
    /// Ids this run deleted.
    removed: parking_lot::Mutex<HashSet<String>>,
    /// The tightest bound on the server's clock the run's creates showed (their timestamps).
    clock: parking_lot::Mutex<Option<ServerClock>>,
}

#[derive(Debug)]
struct Listed {
    ids: HashSet<String>,
    clock: Option<ServerClock>,
    names: HashMap<String, String>,
}

/// The record as one create uses it: borrowed from the vendor client.
#[derive(Clone, Copy, Debug)]
pub struct RunRecord<'a> {
    record: &'a ExistingRecord,
    /// From the record's list.
    clock: ServerClock,
}

impl ExistingRecord {
    /// The record, listing once per run with `list` (concurrent callers wait for the same list;
    /// a failed list is not kept). `None` when the list's answer showed no server clock: the
    /// record cannot then place new objects in time, and creates list before each attempt.
    pub async fn take<F, Fut>(&self, list: F) -> Result<Option<RunRecord<'_>>, HttpError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Listing, HttpError>>,
    {
        let listed = self
            .listed
            .get_or_try_init(|| async {
                let listing = list().await?;
                tracing::debug!(
                    objects = listing.ids.len(),
                    "listed what exists before this run's creates"
                );
                Ok::<_, HttpError>(Listed {
                    ids: listing.ids.into_iter().collect(),
                    clock: listing.clock,
                    names: listing.names,
                })
            })
            .await?;
        Ok(listed.clock.map(|clock| RunRecord {
            record: self,
            clock,
        }))
    }

    /// Notes an object a create of this run made and answered by local time `received`, which
    /// the server stamped `created`: a tighter bound on the server's clock than a `Date` header.
    pub fn made_at(&self, id: &str, created: Option<SystemTime>, received: SystemTime) {
        if let Some(created) = created {
            let seen = ServerClock::observed(created, received);
            let mut clock = self.clock.lock();
            *clock = Some(clock.map_or(seen, |known| known.max(seen)));
        }
        self.made(id);
    }

    /// Notes an object this run made (or resolved after a lost answer).
    pub fn made(&self, id: &str) {
        self.removed.lock().remove(id);
        self.made.lock().insert(id.to_owned());
    }

    /// Notes an object this run deleted.
    pub fn removed(&self, id: &str) {
        self.made.lock().remove(id);
        self.removed.lock().insert(id.to_owned());
    }

    /// Whether `id` existed when the record was listed (and was not deleted by this run since),
    /// or was made by this run.
    pub fn knows(&self, id: &str) -> bool {
        if self.made.lock().contains(id) {
            return true;
        }
        let listed = self
            .listed
            .get()
            .is_some_and(|listed| listed.ids.contains(id));
        listed && !self.removed.lock().contains(id)
    }
}

impl RunRecord<'_> {
    /// The ids of the objects named `name` when the record was listed (and not deleted by this
    /// run since), sorted.
    pub fn named(&self, name: &str) -> Vec<String> {
        let Some(listed) = self.record.listed.get() else {
            return Vec::new();
        };
        let removed = self.record.removed.lock();
        let mut ids: Vec<String> = listed
            .names
            .iter()
            .filter(|(id, named)| named.as_str() == name && !removed.contains(*id))
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    }

    /// See [`ExistingRecord::knows`].
    pub fn knows(&self, id: &str) -> bool {
        self.record.knows(id)
    }

    /// See [`ExistingRecord::made`].
    pub fn made(&self, id: &str) {
        self.record.made(id);
    }

    /// Whether an object the server says it made at `created` provably existed before the local
    /// time `sent` (then it is someone else's, made while the run went on).
    pub fn made_before(&self, created: SystemTime, sent: SystemTime) -> bool {
        let clock = match *self.record.clock.lock() {
            Some(seen) => self.clock.max(seen),
            None => self.clock,
        };
        created < clock.server_time_at_least(sent)
    }
}

/// An RFC 3339 timestamp (as SailPoint's `created` and Akamai's `createdDate`), as a time.
pub fn parse_timestamp(text: Option<&str>) -> Option<SystemTime> {
    let parsed = chrono::DateTime::parse_from_rfc3339(text?.trim()).ok()?;
    let nanos = u64::try_from(parsed.timestamp_nanos_opt()?).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_nanos(nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn timestamps_parse_with_their_offset() {
        assert_eq!(
            parse_timestamp(Some("1970-01-01T00:16:40.500Z")),
            Some(at(1_000) + Duration::from_millis(500))
        );
        assert_eq!(
            parse_timestamp(Some("1970-01-01T01:16:40+01:00")),
            Some(at(1_000))
        );
        assert_eq!(parse_timestamp(Some("soon")), None);
        assert_eq!(parse_timestamp(None), None);
    }

    #[tokio::test]
    async fn one_list_per_run_kept_exact_by_the_runs_writes() {
        let record = ExistingRecord::default();
        let lists = AtomicU32::new(0);
        let list = || async {
            lists.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok(Listing {
                ids: vec!["a".into(), "b".into()],
                clock: ServerClock::from_date_header(
                    Some(&httpdate::fmt_http_date(at(1_000))),
                    at(1_000),
                ),
                names: [("a".into(), "x".into()), ("b".into(), "y".into())].into(),
            })
        };
        let (first, second) = tokio::join!(record.take(list), record.take(list));
        let (first, second) = (first.unwrap().unwrap(), second.unwrap().unwrap());
        assert_eq!(lists.load(Ordering::SeqCst), 1, "single flight");
        assert!(first.knows("a") && second.knows("b"));
        assert!(!first.knows("c"));
        assert_eq!(
            first.named("x"),
            vec!["a".to_owned()],
            "what existed, by name"
        );
        assert!(first.named("z").is_empty());
        record.made("c");
        assert!(first.knows("c"), "what this run made");
        record.removed("a");
        assert!(!first.knows("a"), "what this run deleted");
        assert!(first.named("x").is_empty(), "deleted by this run: gone");
        record.take(list).await.unwrap();
        assert_eq!(lists.load(Ordering::SeqCst), 1, "taken once per run");
        // Made at 999.5 s on the server, the create sent at 1000 s here: before the send.
        assert!(first.made_before(at(999) + Duration::from_millis(500), at(1_000)));
        assert!(!first.made_before(at(1_000), at(1_000)));
        // A create answered at 1001 s here, stamped 1002.5 s: the server is 1.5 s ahead at least.
        record.made_at("d", Some(at(1_002) + Duration::from_millis(500)), at(1_001));
        assert!(first.made_before(at(1_001), at(1_000)));
    }

    #[tokio::test]
    async fn a_failed_list_is_not_kept_and_no_clock_means_no_record() {
        let record = ExistingRecord::default();
        let failed = record
            .take(|| async {
                Err(HttpError::Setup {
                    message: "refused".into(),
                })
            })
            .await;
        assert!(failed.is_err());
        let taken = record
            .take(|| async {
                Ok(Listing {
                    ids: vec!["a".into()],
                    clock: None,
                    names: HashMap::new(),
                })
            })
            .await
            .unwrap();
        assert!(taken.is_none(), "no server clock: no record");
        assert!(record.knows("a"));
    }
}
