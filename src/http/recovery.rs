//! Create with recovery: the one way every resource creates an object whose create is not
//! idempotent, so that a lost answer never leads to a duplicate, an orphan or a wrongly adopted
//! object.
//!
//! # Recovery rule
//!
//! Before the first attempt, what existed is known: from the run's record where the vendor keeps
//! one ([`crate::http::existing`]: one list per run, kept exact by the run's own writes), else by
//! listing the candidates (objects with the same name) and noting their ids. Then, per attempt:
//!
//! | outcome of the create | new candidates matching what was sent | result |
//! |---|---|---|
//! | success | – | [`Outcome::Created`] |
//! | an error other than unknown/cancelled | – | that error |
//! | unknown ([`HttpError::Ambiguous`]) | none | create again (bounded by `max_retries`), then the error |
//! | unknown | one, secret visible later | [`Outcome::Recovered`] |
//! | unknown | one, secret only in the lost answer | delete it and create again; [`Outcome::LostSecret`] when the delete fails or no attempt is left |
//! | unknown | several | [`Outcome::Ambiguous`] with their ids |
//! | cancelled | none | the cancellation |
//! | cancelled | one, secret visible later | [`Outcome::Recovered`] |
//! | cancelled | one, secret only in the lost answer | delete it, then the cancellation ([`Outcome::LostSecret`] when the delete fails) |
//! | cancelled | several | [`Outcome::Ambiguous`] |
//!
//! An object whose id was listed before the first attempt, or that the run's record holds (listed
//! at the start of the run, or made by this run), is never a candidate: it is never adopted,
//! tainted or deleted. With a record, a new object is also never a candidate when:
//!
//! | a new object the look finds | with a record |
//! |---|---|
//! | the vendor's creation time is provably before the first attempt was sent (server clock, lower bound) | someone else's, made during the run: never a candidate |
//! | created at or after the send | a candidate, as any new object is without a record |
//! | no creation time | cannot be placed: [`Outcome::Ambiguous`] with every new matching id, nothing chosen |
//! | no creation time, but the create sent an id the provider made for it ([`Recoverable::sends_own_id`]: IBM Verify's `clientId`, OAM's `id`, random UUIDs), which matching requires | only this create's object can carry that id: a matching object is ours whenever it was made (a candidate, as without a record); someone else's same-name object never matches |
//! | as the row above, but no new object carries the id, and one matches all else ([`Recoverable::matches_but_own_id`]) | the tenant may have replaced the id (IBM's "Create API client" page says it makes its own): it cannot be placed, [`Outcome::Ambiguous`] with those ids, never a second create |
//!
//! What the record cannot see is an object someone else makes while the run goes on. Where the
//! vendor stamps a creation time (SailPoint, Akamai), the first row keeps it from being adopted
//! or deleted when it was made before the send, and one made after the send is as exposed as it
//! was with a list just before the create (see [`crate::http::existing`] for why clock skew
//! cannot make it look ours). Where it stamps none (IBM Verify, OAM), the record is used only
//! for creates that send an id of the provider's own making (the last row): someone else's
//! object, made at any time, cannot carry that id, so it is never a candidate, never adopted,
//! tainted or deleted; a create whose id the configuration names lists before the first attempt,
//! as without a record. Ids resolved by the look (recovered, secret lost, several) join the
//! record. After a cancellation the look (and the delete) runs with a fresh token bounded by
//! [`CANCEL_GRACE`], because Terraform's own token has already fired.
//!
//! # Same-name objects that existed before
//!
//! Where the vendor's names are not unique ([`Recoverable::duplicable_name`]),
//! [`create_checking_names`] also tells which same-name objects existed before the first attempt,
//! from what the rule learnt anyway (the list before the create, or the record's names: what
//! existed at the start of the run, less what the run deleted), so no request is added; with
//! [`DuplicateNames::Refuse`] and such objects, nothing is sent.

use std::fmt::Display;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use tokio_util::sync::CancellationToken;

use crate::http::HttpError;
use crate::http::existing::RunRecord;

/// How long the look after a cancelled create may take: long enough for one list and one delete,
/// short enough that Ctrl-C still feels immediate.
pub const CANCEL_GRACE: Duration = Duration::from_secs(5);

/// A short pause before looking after a cancelled create, so that a request the server was still
/// handling when the connection closed has finished.
const SETTLE_AFTER_CANCEL: Duration = Duration::from_millis(300);

/// What a resource tells [`create_with_recovery`]: how to create, how to list what could be
/// confused with the object, and whether a listed object matches what was sent.
#[async_trait]
pub trait Recoverable: Sync {
    /// The create answer.
    type Created: Send;
    /// One listed object.
    type Listed: Send + Sync;
    /// The id of a listed object.
    type Id: Clone + PartialEq + Display + Send + Sync;

    /// Sends the create once (the REST core's own retries included).
    async fn create(&self, cancel: &CancellationToken) -> Result<Self::Created, HttpError>;

    /// Every object that could be the one the create made (in practice: same name).
    async fn candidates(&self, cancel: &CancellationToken) -> Result<Vec<Self::Listed>, HttpError>;

    fn id(&self, listed: &Self::Listed) -> Self::Id;

    /// Whether a listed object has the settings the create sent.
    fn matches(&self, listed: &Self::Listed) -> bool;

    /// True when the API shows the object's secret only in the create answer: a recovered twin
    /// is then useless, and is deleted so that the create can be repeated.
    fn secret_only_in_answer(&self) -> bool {
        false
    }

    /// Deletes an object this call provably made (only called when
    /// [`Self::secret_only_in_answer`] is true).
    async fn delete(&self, _id: &Self::Id, _cancel: &CancellationToken) -> Result<(), HttpError> {
        Ok(())
    }

    /// The run's record of what existed, when the vendor client keeps one (then no list is sent
    /// before the create); `None`: the candidates are listed before the first attempt.
    async fn record(
        &self,
        _cancel: &CancellationToken,
    ) -> Result<Option<RunRecord<'_>>, HttpError> {
        Ok(None)
    }

    /// When the vendor says a listed object was made (its clock); used with a record.
    fn created_at(&self, _listed: &Self::Listed) -> Option<SystemTime> {
        None
    }

    /// True when the create sends an identifier the provider made for this create alone (random,
    /// 122 bits or more, so no one else's object carries it) and [`Self::matches`] requires it:
    /// then a new matching object is this create's whenever it was made, and a record needs no
    /// creation times (the vendors whose objects carry none: IBM Verify, OAM).
    fn sends_own_id(&self) -> bool {
        false
    }

    /// With [`Self::sends_own_id`]: whether a listed object matches what was sent in everything
    /// but that id. A tenant may replace a supplied id with its own; such a new object, after an
    /// unknown outcome, may be this create's or someone else's twin, and cannot be placed.
    fn matches_but_own_id(&self, _listed: &Self::Listed) -> bool {
        false
    }

    /// The name the create sends, on a vendor whose names are not unique (IBM Verify, SailPoint,
    /// Akamai API clients): same-name objects that existed before are then reported
    /// ([`Checked`]). `None`: the vendor keeps names unique, or the object has no name.
    fn duplicable_name(&self) -> Option<&str> {
        None
    }
}

/// What to do when a same-name object existed before a create (the provider's
/// `duplicate_names`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DuplicateNames {
    /// Create, and say which same-name objects existed (a warning).
    #[default]
    Warn,
    /// Send nothing: an error names them.
    Refuse,
}

/// [`create_with_recovery`]'s result together with what it learnt of same-name objects.
#[derive(Debug, PartialEq)]
pub enum Checked<O> {
    /// The create ran; `same_name_before` are the ids of same-name objects that existed before.
    Ran {
        outcome: O,
        same_name_before: Vec<String>,
    },
    /// Same-name objects existed and [`DuplicateNames::Refuse`] is set: nothing was sent.
    Refused(Vec<String>),
}

/// What [`create_with_recovery`] ends with, short of an error.
#[derive(Debug, PartialEq)]
pub enum Outcome<C, L, Id> {
    /// The create answered.
    Created(C),
    /// The answer was lost, and the object it made was found.
    Recovered(L),
    /// The answer was lost with the secret in it, and the object it made could not be removed:
    /// it must be recorded (tainted) so that the next apply replaces it.
    LostSecret(Id),
    /// Several new objects match: none is chosen.
    Ambiguous(Vec<Id>),
}

/// Outcome of one [`Recoverable`].
pub type OutcomeOf<R> =
    Outcome<<R as Recoverable>::Created, <R as Recoverable>::Listed, <R as Recoverable>::Id>;

/// Creates per the module's rule; `max_retries` bounds the number of repeated creates.
pub async fn create_with_recovery<R: Recoverable>(
    resource: &R,
    max_retries: u32,
    cancel: &CancellationToken,
) -> Result<OutcomeOf<R>, HttpError> {
    match create_checking_names(resource, max_retries, DuplicateNames::Warn, cancel).await? {
        Checked::Ran { outcome, .. } => Ok(outcome),
        // Not reachable: only `Refuse` refuses.
        Checked::Refused(ids) => Err(HttpError::Setup {
            message: format!("same-name objects exist: {}", join_ids(&ids)),
        }),
    }
}

/// [`create_with_recovery`], also telling which same-name objects existed before the first
/// attempt (from what the rule learns anyway: the list before the create, or the run's record,
/// which then holds what existed at the start of the run); with [`DuplicateNames::Refuse`] and
/// such objects, nothing is sent.
pub async fn create_checking_names<R: Recoverable>(
    resource: &R,
    max_retries: u32,
    duplicates: DuplicateNames,
    cancel: &CancellationToken,
) -> Result<Checked<OutcomeOf<R>>, HttpError> {
    let record = resource.record(cancel).await?;
    let before: Vec<R::Id> = match record {
        Some(_) => Vec::new(),
        None => resource
            .candidates(cancel)
            .await?
            .iter()
            .map(|listed| resource.id(listed))
            .collect(),
    };
    let same_name_before: Vec<String> = match (resource.duplicable_name(), record) {
        (None, _) => Vec::new(),
        (Some(name), Some(record)) => record.named(name),
        (Some(_), None) => before.iter().map(ToString::to_string).collect(),
    };
    if duplicates == DuplicateNames::Refuse && !same_name_before.is_empty() {
        return Ok(Checked::Refused(same_name_before));
    }
    let outcome = recover(resource, max_retries, record, &before, cancel).await?;
    Ok(Checked::Ran {
        outcome,
        same_name_before,
    })
}

/// The attempts and looks of the module's rule, once what existed is known.
async fn recover<R: Recoverable>(
    resource: &R,
    max_retries: u32,
    record: Option<RunRecord<'_>>,
    before: &[R::Id],
    cancel: &CancellationToken,
) -> Result<OutcomeOf<R>, HttpError> {
    // What is known to exist before the send: listed just before, or held by the run's record.
    let known =
        |id: &R::Id| before.contains(id) || record.is_some_and(|r| r.knows(&id.to_string()));
    let sent = SystemTime::now();
    let mut retries = 0;
    loop {
        let error = match resource.create(cancel).await {
            Ok(created) => return Ok(Outcome::Created(created)),
            Err(error) if error.is_ambiguous() || error.is_cancelled() => error,
            Err(error) => return Err(error),
        };
        let cancelled = error.is_cancelled() || cancel.is_cancelled();
        // After Terraform's token fired, look with a token of our own, bounded in time.
        let grace = CancellationToken::new();
        let look_token = if cancelled { &grace } else { cancel };
        if cancelled {
            tokio::time::sleep(SETTLE_AFTER_CANCEL).await;
        }
        let looked = bounded(cancelled, resource.candidates(look_token)).await;
        let listed = match looked {
            Ok(listed) => listed,
            // The look failed: the outcome stays unknown; report the create's error.
            Err(look_error) => {
                tracing::warn!(error = %look_error, "cannot look for the object an uncertain create made");
                return Err(error);
            }
        };
        let new: Vec<&R::Listed> = listed
            .iter()
            .filter(|listed| !known(&resource.id(listed)) && resource.matches(listed))
            .filter(|listed| {
                // Made before the send (the vendor's clock says so): someone else's.
                let foreign = record.is_some_and(|r| {
                    resource
                        .created_at(listed)
                        .is_some_and(|created| r.made_before(created, sent))
                });
                if foreign {
                    tracing::info!(id = %resource.id(listed), "a same-name object made during the run, before this create was sent, is left alone");
                }
                !foreign
            })
            .collect();
        let attempts_left = retries < max_retries && !cancelled;
        if new.is_empty() && resource.sends_own_id() {
            let replaced: Vec<R::Id> = listed
                .iter()
                .filter(|listed| {
                    !known(&resource.id(listed)) && resource.matches_but_own_id(listed)
                })
                .map(|listed| resource.id(listed))
                .collect();
            if !replaced.is_empty() {
                tracing::warn!(
                    "a new object matches all but the id this create sent: the tenant may have replaced it; choosing none"
                );
                if let Some(record) = record {
                    replaced.iter().for_each(|id| record.made(&id.to_string()));
                }
                return Ok(Outcome::Ambiguous(replaced));
            }
        }
        if let Some(record) = record {
            let resolved = |ids: &mut dyn Iterator<Item = R::Id>| {
                ids.for_each(|id| record.made(&id.to_string()));
            };
            if !resource.sends_own_id()
                && new
                    .iter()
                    .any(|listed| resource.created_at(listed).is_none())
            {
                // A new object the record cannot place in time: choose none.
                let ids: Vec<R::Id> = new.iter().map(|listed| resource.id(listed)).collect();
                resolved(&mut ids.iter().cloned());
                return Ok(Outcome::Ambiguous(ids));
            }
            resolved(&mut new.iter().map(|listed| resource.id(listed)));
        }
        match new.as_slice() {
            [] if attempts_left => {
                tracing::warn!(reason = %error, "the outcome of a create is unknown and it made nothing: creating again");
            }
            [] => return Err(error),
            [ours] if !resource.secret_only_in_answer() => {
                tracing::info!(id = %resource.id(ours), "the object an uncertain create made was found");
                let id = resource.id(ours);
                return Ok(Outcome::Recovered(
                    listed
                        .into_iter()
                        .find(|listed| resource.id(listed) == id)
                        .ok_or(error)?,
                ));
            }
            [ours] => {
                let id = resource.id(ours);
                if !attempts_left && !cancelled {
                    return Ok(Outcome::LostSecret(id));
                }
                tracing::warn!(id = %id, "the answer with the secret was lost: deleting the object it made");
                if let Err(delete_error) =
                    bounded(cancelled, resource.delete(&id, look_token)).await
                {
                    tracing::warn!(id = %id, error = %delete_error, "cannot delete the object whose secret was lost");
                    return Ok(Outcome::LostSecret(id));
                }
                if cancelled {
                    return Err(error);
                }
            }
            several => {
                return Ok(Outcome::Ambiguous(
                    several.iter().map(|listed| resource.id(listed)).collect(),
                ));
            }
        }
        retries += 1;
    }
}

/// Runs `future`, within [`CANCEL_GRACE`] when `cancelled`.
async fn bounded<T>(
    cancelled: bool,
    future: impl Future<Output = Result<T, HttpError>>,
) -> Result<T, HttpError> {
    if !cancelled {
        return future.await;
    }
    tokio::time::timeout(CANCEL_GRACE, future)
        .await
        .unwrap_or_else(|_| {
            Err(HttpError::Setup {
                message: format!("no answer within {CANCEL_GRACE:?} after the cancellation"),
            })
        })
}

/// The ids of [`Outcome::Ambiguous`], for a message.
pub fn join_ids<Id: Display>(ids: &[Id]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Vendor;
    use std::sync::Mutex;

    /// What one create attempt does on the fake server.
    #[derive(Clone, Copy, Debug)]
    enum Attempt {
        /// Acts and answers.
        Ok,
        /// Acts, then the answer is lost.
        ActedLost,
        /// Does not act; the outcome is unknown to the caller.
        LostBeforeActing,
        /// Acts, then Terraform cancels.
        ActedCancelled,
        /// Cancelled before acting.
        CancelledBefore,
        /// Refused (4xx).
        Refused,
        /// Acts twice (a proxy repeated it), answer lost.
        ActedTwiceLost,
    }

    struct Fake {
        script: Mutex<Vec<Attempt>>,
        /// (id, matches) of the objects on the server.
        objects: Mutex<Vec<(u32, bool)>>,
        next_id: Mutex<u32>,
        secret_only: bool,
        delete_fails: bool,
        creates: Mutex<u32>,
    }

    fn unknown() -> HttpError {
        HttpError::Ambiguous {
            vendor: Vendor::SailPoint,
            method: "POST".into(),
            path: "/x".into(),
            reason: "dropped".into(),
        }
    }

    fn cancelled() -> HttpError {
        HttpError::Cancelled {
            vendor: Vendor::SailPoint,
            method: "POST".into(),
            path: "/x".into(),
        }
    }

    impl Fake {
        fn act(&self) -> u32 {
            let mut next = self.next_id.lock().unwrap();
            *next += 1;
            self.objects.lock().unwrap().push((*next, true));
            *next
        }
    }

    #[async_trait]
    impl Recoverable for Fake {
        type Created = u32;
        type Listed = (u32, bool);
        type Id = u32;

        async fn create(&self, _cancel: &CancellationToken) -> Result<u32, HttpError> {
            *self.creates.lock().unwrap() += 1;
            let step = {
                let mut script = self.script.lock().unwrap();
                if script.is_empty() {
                    Attempt::Ok
                } else {
                    script.remove(0)
                }
            };
            match step {
                Attempt::Ok => Ok(self.act()),
                Attempt::ActedLost => {
                    self.act();
                    Err(unknown())
                }
                Attempt::ActedTwiceLost => {
                    self.act();
                    self.act();
                    Err(unknown())
                }
                Attempt::LostBeforeActing => Err(unknown()),
                Attempt::ActedCancelled => {
                    self.act();
                    Err(cancelled())
                }
                Attempt::CancelledBefore => Err(cancelled()),
                Attempt::Refused => Err(HttpError::Setup {
                    message: "refused".into(),
                }),
            }
        }

        async fn candidates(
            &self,
            _cancel: &CancellationToken,
        ) -> Result<Vec<(u32, bool)>, HttpError> {
            Ok(self.objects.lock().unwrap().clone())
        }

        fn id(&self, listed: &(u32, bool)) -> u32 {
            listed.0
        }

        fn matches(&self, listed: &(u32, bool)) -> bool {
            listed.1
        }

        fn secret_only_in_answer(&self) -> bool {
            self.secret_only
        }

        async fn delete(&self, id: &u32, _cancel: &CancellationToken) -> Result<(), HttpError> {
            if self.delete_fails {
                return Err(unknown());
            }
            self.objects
                .lock()
                .unwrap()
                .retain(|(other, _)| other != id);
            Ok(())
        }
    }

    /// The expected end of one case.
    #[derive(Debug, PartialEq)]
    enum End {
        Created(u32),
        Recovered(u32),
        LostSecret(u32),
        Ambiguous(Vec<u32>),
        Unknown,
        Cancelled,
        Refused,
    }

    struct Case {
        name: &'static str,
        script: Vec<Attempt>,
        /// A same-name object that exists before; `true` when it also matches the settings.
        pre_existing: Option<bool>,
        secret_only: bool,
        delete_fails: bool,
        max_retries: u32,
        end: End,
        /// Ids left on the server (the pre-existing object is id 100).
        left: Vec<u32>,
        creates: u32,
    }

    fn case(name: &'static str, script: Vec<Attempt>, end: End, left: Vec<u32>) -> Case {
        Case {
            name,
            creates: script.len().max(1) as u32,
            script,
            pre_existing: None,
            secret_only: false,
            delete_fails: false,
            max_retries: 3,
            end,
            left,
        }
    }

    #[tokio::test]
    async fn the_recovery_rule_table() {
        use Attempt::*;
        let cases = vec![
            case("answered", vec![Ok], End::Created(1), vec![1]),
            case("refused", vec![Refused], End::Refused, vec![]),
            case(
                "lost, acted: recovered",
                vec![ActedLost],
                End::Recovered(1),
                vec![1],
            ),
            case(
                "lost before acting: created again",
                vec![LostBeforeActing, Ok],
                End::Created(1),
                vec![1],
            ),
            Case {
                max_retries: 1,
                creates: 2,
                ..case(
                    "lost before acting, budget spent",
                    vec![LostBeforeActing, LostBeforeActing, Ok],
                    End::Unknown,
                    vec![],
                )
            },
            case(
                "acted twice: ambiguous",
                vec![ActedTwiceLost],
                End::Ambiguous(vec![1, 2]),
                vec![1, 2],
            ),
            Case {
                pre_existing: Some(true),
                ..case(
                    "a matching object that existed before is not adopted",
                    vec![LostBeforeActing, Ok],
                    End::Created(1),
                    vec![100, 1],
                )
            },
            Case {
                pre_existing: Some(true),
                ..case(
                    "pre-existing twin plus ours: ours is recovered",
                    vec![ActedLost],
                    End::Recovered(1),
                    vec![100, 1],
                )
            },
            Case {
                secret_only: true,
                ..case(
                    "secret lost: the twin is deleted and the create repeated",
                    vec![ActedLost, Ok],
                    End::Created(2),
                    vec![2],
                )
            },
            Case {
                secret_only: true,
                pre_existing: Some(true),
                ..case(
                    "secret lost with a pre-existing twin: only ours is deleted",
                    vec![ActedLost, Ok],
                    End::Created(2),
                    vec![100, 2],
                )
            },
            Case {
                secret_only: true,
                delete_fails: true,
                ..case(
                    "secret lost, delete fails",
                    vec![ActedLost],
                    End::LostSecret(1),
                    vec![1],
                )
            },
            Case {
                secret_only: true,
                max_retries: 0,
                ..case(
                    "secret lost, no attempt left",
                    vec![ActedLost],
                    End::LostSecret(1),
                    vec![1],
                )
            },
            case(
                "cancelled after acting: recovered",
                vec![ActedCancelled],
                End::Recovered(1),
                vec![1],
            ),
            Case {
                creates: 1,
                ..case(
                    "cancelled before acting: nothing, not created again",
                    vec![CancelledBefore, Ok],
                    End::Cancelled,
                    vec![],
                )
            },
            Case {
                secret_only: true,
                creates: 1,
                ..case(
                    "cancelled after acting, secret lost: deleted",
                    vec![ActedCancelled, Ok],
                    End::Cancelled,
                    vec![],
                )
            },
        ];
        for case in cases {
            let fake = Fake {
                script: Mutex::new(case.script.clone()),
                objects: Mutex::new(
                    case.pre_existing
                        .map(|matches| vec![(100, matches)])
                        .unwrap_or_default(),
                ),
                next_id: Mutex::new(0),
                secret_only: case.secret_only,
                delete_fails: case.delete_fails,
                creates: Mutex::new(0),
            };
            let end = match create_with_recovery(&fake, case.max_retries, &CancellationToken::new())
                .await
            {
                Result::Ok(Outcome::Created(id)) => End::Created(id),
                Result::Ok(Outcome::Recovered((id, _))) => End::Recovered(id),
                Result::Ok(Outcome::LostSecret(id)) => End::LostSecret(id),
                Result::Ok(Outcome::Ambiguous(ids)) => End::Ambiguous(ids),
                Err(e) if e.is_ambiguous() => End::Unknown,
                Err(e) if e.is_cancelled() => End::Cancelled,
                Err(_) => End::Refused,
            };
            assert_eq!(end, case.end, "{}", case.name);
            let left: Vec<u32> = fake.objects.lock().unwrap().iter().map(|o| o.0).collect();
            assert_eq!(left, case.left, "{}: objects left", case.name);
            assert_eq!(
                *fake.creates.lock().unwrap(),
                case.creates,
                "{}: creates",
                case.name
            );
        }
    }

    #[tokio::test]
    async fn a_non_matching_new_object_is_not_ours() {
        let fake = Fake {
            script: Mutex::new(vec![Attempt::LostBeforeActing, Attempt::Ok]),
            objects: Mutex::new(vec![]),
            next_id: Mutex::new(50),
            secret_only: true,
            delete_fails: false,
            creates: Mutex::new(0),
        };
        struct Racing<'a>(&'a Fake);
        #[async_trait]
        impl Recoverable for Racing<'_> {
            type Created = u32;
            type Listed = (u32, bool);
            type Id = u32;
            async fn create(&self, cancel: &CancellationToken) -> Result<u32, HttpError> {
                let result = self.0.create(cancel).await;
                // A foreign object with other settings appears while our answer is lost.
                self.0.objects.lock().unwrap().push((9, false));
                result
            }
            async fn candidates(
                &self,
                cancel: &CancellationToken,
            ) -> Result<Vec<(u32, bool)>, HttpError> {
                self.0.candidates(cancel).await
            }
            fn id(&self, listed: &(u32, bool)) -> u32 {
                listed.0
            }
            fn matches(&self, listed: &(u32, bool)) -> bool {
                listed.1
            }
            fn secret_only_in_answer(&self) -> bool {
                true
            }
            async fn delete(&self, id: &u32, cancel: &CancellationToken) -> Result<(), HttpError> {
                self.0.delete(id, cancel).await
            }
        }
        let outcome = create_with_recovery(&Racing(&fake), 3, &CancellationToken::new()).await;
        assert!(matches!(outcome, Result::Ok(Outcome::Created(51))));
        let left: Vec<u32> = fake.objects.lock().unwrap().iter().map(|o| o.0).collect();
        assert!(left.contains(&9), "the foreign object is never deleted");
    }

    /// A [`Fake`] whose names are not unique: every listed object has the create's name.
    struct NamedFake(Fake);

    #[async_trait]
    impl Recoverable for NamedFake {
        type Created = u32;
        type Listed = (u32, bool);
        type Id = u32;
        async fn create(&self, cancel: &CancellationToken) -> Result<u32, HttpError> {
            self.0.create(cancel).await
        }
        async fn candidates(
            &self,
            cancel: &CancellationToken,
        ) -> Result<Vec<(u32, bool)>, HttpError> {
            self.0.candidates(cancel).await
        }
        fn id(&self, listed: &(u32, bool)) -> u32 {
            listed.0
        }
        fn matches(&self, listed: &(u32, bool)) -> bool {
            listed.1
        }
        fn duplicable_name(&self) -> Option<&str> {
            Some("twin")
        }
    }

    #[tokio::test]
    async fn same_name_objects_that_existed_are_reported_or_refused() {
        let named = |objects: Vec<(u32, bool)>| {
            NamedFake(Fake {
                script: Mutex::new(vec![]),
                objects: Mutex::new(objects),
                next_id: Mutex::new(0),
                secret_only: false,
                delete_fails: false,
                creates: Mutex::new(0),
            })
        };
        let token = CancellationToken::new();
        for duplicates in [DuplicateNames::Warn, DuplicateNames::Refuse] {
            let fake = named(vec![]);
            let checked = create_checking_names(&fake, 3, duplicates, &token).await;
            assert!(
                matches!(checked, Result::Ok(Checked::Ran { outcome: Outcome::Created(1), ref same_name_before }) if same_name_before.is_empty()),
                "{duplicates:?}, name free: created, nothing reported"
            );
        }
        let fake = named(vec![(100, false)]);
        let checked = create_checking_names(&fake, 3, DuplicateNames::Warn, &token).await;
        assert!(
            matches!(checked, Result::Ok(Checked::Ran { outcome: Outcome::Created(1), ref same_name_before }) if same_name_before == &["100"]),
            "warn: created, the existing id reported"
        );
        let fake = named(vec![(100, false)]);
        let checked = create_checking_names(&fake, 3, DuplicateNames::Refuse, &token).await;
        assert!(matches!(checked, Result::Ok(Checked::Refused(ref ids)) if ids == &["100"]));
        assert_eq!(*fake.0.creates.lock().unwrap(), 0, "refuse: nothing sent");
        // A vendor with unique names (no `duplicable_name`) is never refused.
        let fake = Fake {
            script: Mutex::new(vec![]),
            objects: Mutex::new(vec![(100, false)]),
            next_id: Mutex::new(0),
            secret_only: false,
            delete_fails: false,
            creates: Mutex::new(0),
        };
        let checked = create_checking_names(&fake, 3, DuplicateNames::Refuse, &token).await;
        assert!(matches!(
            checked,
            Result::Ok(Checked::Ran {
                outcome: Outcome::Created(1),
                ..
            })
        ));
    }

    /// A vendor with a run record: objects carry a creation time; one is someone else's twin.
    struct Recorded {
        record: crate::http::ExistingRecord,
        /// (id, matches, created) on the server.
        objects: Mutex<Vec<(u32, bool, Option<SystemTime>)>>,
        /// What the create does: adds ours (id 1) at "now", answer lost.
        ours_created: Option<SystemTime>,
        secret_only: bool,
        /// The create sends an id of its own, which `matches` (the objects' flag) requires.
        own_id: bool,
        /// The tenant replaces the id the create sends: ours is made without the flag.
        replaced: bool,
        attempts: Mutex<u32>,
    }

    #[async_trait]
    impl Recoverable for Recorded {
        type Created = u32;
        type Listed = (u32, bool, Option<SystemTime>);
        type Id = u32;

        async fn create(&self, _cancel: &CancellationToken) -> Result<u32, HttpError> {
            let mut objects = self.objects.lock().unwrap();
            // The second attempt answers.
            let mut attempts = self.attempts.lock().unwrap();
            *attempts += 1;
            if *attempts > 1 {
                objects.push((2, true, Some(SystemTime::now())));
                return Ok(2);
            }
            objects.push((1, !self.replaced, self.ours_created));
            Err(unknown())
        }

        async fn candidates(
            &self,
            _cancel: &CancellationToken,
        ) -> Result<Vec<Self::Listed>, HttpError> {
            Ok(self.objects.lock().unwrap().clone())
        }

        fn id(&self, listed: &Self::Listed) -> u32 {
            listed.0
        }

        fn matches(&self, listed: &Self::Listed) -> bool {
            listed.1
        }

        fn secret_only_in_answer(&self) -> bool {
            self.secret_only
        }

        async fn delete(&self, id: &u32, _cancel: &CancellationToken) -> Result<(), HttpError> {
            self.objects.lock().unwrap().retain(|o| o.0 != *id);
            self.record.removed(&id.to_string());
            Ok(())
        }

        async fn record(
            &self,
            _cancel: &CancellationToken,
        ) -> Result<Option<RunRecord<'_>>, HttpError> {
            self.record
                .take(|| async {
                    Ok(crate::http::Listing {
                        ids: vec!["100".into()],
                        names: Default::default(),
                        clock: crate::http::ServerClock::from_date_header(
                            Some(&httpdate::fmt_http_date(SystemTime::now())),
                            SystemTime::now(),
                        ),
                    })
                })
                .await
        }

        fn created_at(&self, listed: &Self::Listed) -> Option<SystemTime> {
            listed.2
        }

        fn sends_own_id(&self) -> bool {
            self.own_id
        }

        fn matches_but_own_id(&self, listed: &Self::Listed) -> bool {
            self.replaced && !listed.1
        }
    }

    #[tokio::test]
    async fn with_a_record_someone_elses_twin_made_before_the_send_is_left_alone() {
        let long_ago = SystemTime::now() - Duration::from_secs(60);
        let recorded = |objects, ours_created, secret_only| Recorded {
            record: crate::http::ExistingRecord::default(),
            objects: Mutex::new(objects),
            ours_created,
            secret_only,
            own_id: false,
            replaced: false,
            attempts: Mutex::new(0),
        };
        let ids =
            |r: &Recorded| -> Vec<u32> { r.objects.lock().unwrap().iter().map(|o| o.0).collect() };
        // 100 was listed by the record; 7 was made by someone else during the run, before the send.
        let twins = || vec![(100, true, Some(long_ago)), (7, true, Some(long_ago))];
        let soon = || Some(SystemTime::now() + Duration::from_secs(1));

        let fake = recorded(twins(), soon(), false);
        let outcome = create_with_recovery(&fake, 3, &CancellationToken::new()).await;
        assert!(matches!(outcome, Result::Ok(Outcome::Recovered((1, _, _)))));
        assert!(
            fake.record.knows("1"),
            "what the look resolved joins the record"
        );

        let fake = recorded(twins(), soon(), true);
        let outcome = create_with_recovery(&fake, 3, &CancellationToken::new()).await;
        assert!(matches!(outcome, Result::Ok(Outcome::Created(2))));
        assert_eq!(ids(&fake), vec![100, 7, 2], "only ours was deleted");

        // A new object without a creation time cannot be placed: nothing is chosen or deleted.
        let fake = recorded(twins(), None, true);
        let outcome = create_with_recovery(&fake, 3, &CancellationToken::new()).await;
        assert!(matches!(outcome, Result::Ok(Outcome::Ambiguous(ref ids)) if ids == &[1]));
        assert_eq!(ids(&fake), vec![100, 7, 1]);
    }

    #[tokio::test]
    async fn with_a_record_and_an_own_id_no_creation_time_is_needed() {
        // No object carries a creation time (IBM Verify, OAM). 7 is someone else's same-name
        // client made during the run: it does not carry the id the create sent, so it does not
        // match; ours (1) does.
        let recorded = |secret_only| Recorded {
            record: crate::http::ExistingRecord::default(),
            objects: Mutex::new(vec![(100, true, None), (7, false, None)]),
            ours_created: None,
            secret_only,
            own_id: true,
            replaced: false,
            attempts: Mutex::new(0),
        };
        let ids =
            |r: &Recorded| -> Vec<u32> { r.objects.lock().unwrap().iter().map(|o| o.0).collect() };
        let fake = recorded(false);
        let outcome = create_with_recovery(&fake, 3, &CancellationToken::new()).await;
        assert!(matches!(outcome, Result::Ok(Outcome::Recovered((1, _, _)))));
        assert_eq!(ids(&fake), vec![100, 7, 1]);
        let fake = recorded(true);
        let outcome = create_with_recovery(&fake, 3, &CancellationToken::new()).await;
        assert!(matches!(outcome, Result::Ok(Outcome::Created(2))));
        assert_eq!(ids(&fake), vec![100, 7, 2], "only ours was deleted");
    }

    #[tokio::test]
    async fn a_tenant_that_replaced_the_own_id_gets_no_second_create() {
        // The tenant made its own id for ours (1): nothing new carries the one sent. 1 and 7
        // (someone else's twin) match all else: neither can be placed, none is chosen, and the
        // create is not sent again.
        let fake = Recorded {
            record: crate::http::ExistingRecord::default(),
            objects: Mutex::new(vec![(100, false, None), (7, false, None)]),
            ours_created: None,
            secret_only: false,
            own_id: true,
            replaced: true,
            attempts: Mutex::new(0),
        };
        let outcome = create_with_recovery(&fake, 3, &CancellationToken::new()).await;
        assert!(
            matches!(outcome, Result::Ok(Outcome::Ambiguous(ref ids)) if ids == &[7, 1]),
            "{:?}",
            outcome.as_ref().map(|_| ())
        );
        assert_eq!(*fake.attempts.lock().unwrap(), 1, "sent once");
    }
}
