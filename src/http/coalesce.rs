//! Coalesced reads: within one provider instance, the refreshes of one vendor are answered from
//! shared list calls instead of one GET per resource.
//!
//! # Policy
//!
//! | when a read asks for object `id` in a listing scope | answer |
//! |---|---|
//! | no usable snapshot of the scope | this read lists (every page); reads arriving meanwhile wait for it (single flight) |
//! | a snapshot listed after the last write through this client ended, younger than [`MAX_AGE`] | served from it |
//! | a write through this client started or ended after the snapshot's list was sent | never served; the next read lists again |
//! | a write is in flight | the read sends its own GET (a list now could miss the write) |
//! | the list failed (an error, cancellation, a page that does not decode) | the reads of that listing send their own GET until it expires |
//! | `id` is listed, and the item shows what the resource needs | served from the item |
//! | `id` is listed, but the item lacks something the resource needs | GET |
//! | `id` is not listed | GET: a vendor's list may lag a create, and dropping a live object from state would make Terraform create a twin |
//!
//! # Per vendor
//!
//! | vendor, resource | listing | page size | a listed item tells | GET |
//! |---|---|---|---|---|
//! | IBM Verify API client | `GET /v1.0/apiclients?pagination=page=n&limit=1000` | 1000 (the API's maximum) | everything a GET does, the secret included | only for an id not listed |
//! | SailPoint OAuth client | `GET /beta/oauth-clients` (no paging) | all | everything a GET does (neither shows the secret) | only for an id not listed |
//! | OAM OAuth client | `GET …/client?identityDomainName=<d>`, one scope per domain (no paging) | all | everything a GET does (both mask the secret) | only for an id not listed |
//! | Akamai API client | not coalesced | – | the list lacks `apiAccess`, `groupAccess`, `ipAcl` | always |
//! | Akamai API client credential | not coalesced yet (one list per client would serve it) | – | – | always |
//!
//! A write is any request other than GET or HEAD sent through the vendor's [`RestClient`]
//! (see [`Writes`]); the client counts them, so no write path can forget to invalidate. Each
//! vendor says how to list one page and what a listed item tells; the resource keeps only that.
//!
//! [`RestClient`]: crate::http::RestClient

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::http::HttpError;

/// How long a snapshot serves reads. A plan's refreshes arrive within seconds; a longer
/// command lists again rather than serve an old answer.
pub const MAX_AGE: Duration = Duration::from_secs(10);

/// The most pages one listing reads before giving up (and falling back to GETs): a guard
/// against a server whose "more" never ends.
pub const MAX_PAGES: u32 = 1_000;

/// The writes sent through one vendor client: a counter bumped when a write starts and when it
/// ends, and how many are in flight. A snapshot is only served while the counter still shows
/// the value it had when the list was sent and no write is in flight.
#[derive(Debug, Default)]
pub struct Writes {
    counter: AtomicU64,
    in_flight: AtomicUsize,
}

impl Writes {
    /// Marks a write as started; it ends when the guard is dropped (cancelled or not).
    pub fn begin(self: &Arc<Self>) -> WriteGuard {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        self.counter.fetch_add(1, Ordering::SeqCst);
        WriteGuard(self.clone())
    }

    /// The counter, or `None` while a write is in flight.
    fn quiet_mark(&self) -> Option<u64> {
        let mark = self.counter.load(Ordering::SeqCst);
        (self.in_flight.load(Ordering::SeqCst) == 0).then_some(mark)
    }
}

/// A write in flight; see [`Writes::begin`].
#[derive(Debug)]
pub struct WriteGuard(Arc<Writes>);

impl Drop for WriteGuard {
    fn drop(&mut self) {
        self.0.counter.fetch_add(1, Ordering::SeqCst);
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One page of a listing: `(id, item)` pairs, and whether another page follows.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<(String, T)>,
    pub more: bool,
}

/// A listing of one scope: the write mark it was sent at, and its outcome once known (`None`
/// when it failed).
struct Listing<T> {
    mark: u64,
    started: Instant,
    outcome: tokio::sync::OnceCell<Option<Arc<HashMap<String, T>>>>,
}

/// Where a read was answered from (for tests and logs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Listing,
    Get,
}

/// The shared listings of one vendor client, per scope (an OAM identity domain; `""` where the
/// vendor has one list).
pub struct Coalescer<T> {
    writes: Arc<Writes>,
    listings: parking_lot::Mutex<HashMap<String, Arc<Listing<T>>>>,
}

impl<T> std::fmt::Debug for Coalescer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Coalescer")
            .field("scopes", &self.listings.lock().len())
            .finish_non_exhaustive()
    }
}

impl<T: Clone + Send + Sync> Coalescer<T> {
    /// Listings invalidated by the writes counted in `writes` (the vendor's
    /// [`RestClient::writes`](crate::http::RestClient::writes)).
    pub fn new(writes: Arc<Writes>) -> Self {
        Self {
            writes,
            listings: parking_lot::Mutex::new(HashMap::new()),
        }
    }

    /// Reads object `id` of `scope`: from a shared listing where the policy allows, else by
    /// `get`. `list_page(n)` lists page `n` (from 0); `tells` says what a listed item tells the
    /// read (`None`: not enough, GET it).
    pub async fn read<R, L, LF, G, GF>(
        &self,
        scope: &str,
        id: &str,
        list_page: L,
        tells: impl Fn(&T) -> Option<R>,
        get: G,
    ) -> Result<(Option<R>, Source), HttpError>
    where
        L: Fn(u32) -> LF,
        LF: Future<Output = Result<Page<T>, HttpError>>,
        G: FnOnce() -> GF,
        GF: Future<Output = Result<Option<R>, HttpError>>,
    {
        if let Some(listing) = self.listing(scope) {
            let outcome = listing
                .outcome
                .get_or_init(|| async {
                    match list_all(&list_page).await {
                        Ok(items) => Some(Arc::new(items)),
                        Err(err) => {
                            tracing::debug!(error = %err, "listing for coalesced reads failed; reading one by one");
                            None
                        }
                    }
                })
                .await;
            // The list may have crossed a write that started after it was sent.
            if let Some(items) = outcome
                && self.writes.quiet_mark() == Some(listing.mark)
                && let Some(answer) = items.get(id).and_then(&tells)
            {
                return Ok((Some(answer), Source::Listing));
            }
        }
        Ok((get().await?, Source::Get))
    }

    /// The listing a read of `scope` should use now (starting one if none is usable), or
    /// `None` when a write is in flight.
    fn listing(&self, scope: &str) -> Option<Arc<Listing<T>>> {
        let mark = self.writes.quiet_mark()?;
        let mut listings = self.listings.lock();
        if let Some(listing) = listings.get(scope)
            && listing.mark == mark
            && listing.started.elapsed() < MAX_AGE
        {
            return Some(listing.clone());
        }
        let listing = Arc::new(Listing {
            mark,
            started: Instant::now(),
            outcome: tokio::sync::OnceCell::new(),
        });
        listings.insert(scope.to_owned(), listing.clone());
        Some(listing)
    }
}

async fn list_all<T, L, LF>(list_page: &L) -> Result<HashMap<String, T>, HttpError>
where
    L: Fn(u32) -> LF,
    LF: Future<Output = Result<Page<T>, HttpError>>,
{
    let mut items = HashMap::new();
    for index in 0..MAX_PAGES {
        let page = list_page(index).await?;
        let empty = page.items.is_empty();
        items.extend(page.items);
        if !page.more || empty {
            return Ok(items);
        }
    }
    Err(HttpError::Setup {
        message: format!("a listing went on for more than {MAX_PAGES} pages"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;

    /// A fake vendor: objects by id, counting list pages and GETs.
    #[derive(Default)]
    struct Fake {
        objects: parking_lot::Mutex<Vec<(String, String)>>,
        page_size: usize,
        pages: AtomicU32,
        gets: AtomicU32,
    }

    impl Fake {
        fn with(n: usize, page_size: usize) -> Arc<Fake> {
            Arc::new(Fake {
                objects: parking_lot::Mutex::new(
                    (0..n)
                        .map(|i| (format!("id-{i}"), format!("v{i}")))
                        .collect(),
                ),
                page_size,
                ..Fake::default()
            })
        }

        async fn page(&self, index: u32) -> Result<Page<String>, HttpError> {
            self.pages.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            let objects = self.objects.lock();
            let start = index as usize * self.page_size;
            let items: Vec<_> = objects
                .iter()
                .skip(start)
                .take(self.page_size)
                .cloned()
                .collect();
            Ok(Page {
                more: start + items.len() < objects.len(),
                items,
            })
        }

        async fn get(&self, id: &str) -> Result<Option<String>, HttpError> {
            self.gets.fetch_add(1, Ordering::SeqCst);
            Ok(self
                .objects
                .lock()
                .iter()
                .find(|(k, _)| k == id)
                .map(|(_, v)| v.clone()))
        }

        fn set(&self, id: &str, value: &str) {
            for (k, v) in self.objects.lock().iter_mut() {
                if k == id {
                    *v = value.to_owned();
                }
            }
        }
    }

    async fn read(
        coalescer: &Coalescer<String>,
        fake: &Fake,
        id: &str,
    ) -> (Option<String>, Source) {
        coalescer
            .read(
                "",
                id,
                |n| fake.page(n),
                |v| Some(v.clone()),
                || fake.get(id),
            )
            .await
            .expect("read")
    }

    #[tokio::test]
    async fn concurrent_reads_share_one_paged_listing() {
        let fake = Fake::with(250, 100);
        let coalescer = Coalescer::new(Arc::new(Writes::default()));
        let reads = (0..250).map(|i| {
            let (fake, coalescer) = (&fake, &coalescer);
            async move { read(coalescer, fake, &format!("id-{i}")).await }
        });
        let results = futures_join_all(reads).await;
        for (i, (value, source)) in results.into_iter().enumerate() {
            assert_eq!(value, Some(format!("v{i}")));
            assert_eq!(source, Source::Listing);
        }
        assert_eq!(
            fake.pages.load(Ordering::SeqCst),
            3,
            "one listing of 3 pages"
        );
        assert_eq!(fake.gets.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_write_invalidates_the_snapshot() {
        let fake = Fake::with(3, 100);
        let writes = Arc::new(Writes::default());
        let coalescer = Coalescer::new(writes.clone());
        assert_eq!(
            read(&coalescer, &fake, "id-1").await.0.as_deref(),
            Some("v1")
        );
        {
            let _write = writes.begin();
            fake.set("id-1", "changed");
            // While the write is in flight, reads GET.
            assert_eq!(
                read(&coalescer, &fake, "id-1").await,
                (Some("changed".into()), Source::Get)
            );
        }
        assert_eq!(
            read(&coalescer, &fake, "id-1").await,
            (Some("changed".into()), Source::Listing),
            "a new listing after the write, never the old snapshot"
        );
        assert_eq!(fake.pages.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_listing_crossed_by_a_write_is_never_served() {
        let fake = Fake::with(3, 100);
        let writes = Arc::new(Writes::default());
        let coalescer = Coalescer::new(writes.clone());
        let answer = coalescer
            .read(
                "",
                "id-0",
                |n| {
                    // The write starts after the list was sent.
                    let guard = writes.begin();
                    let fake = &fake;
                    async move {
                        let page = fake.page(n).await;
                        fake.set("id-0", "written");
                        drop(guard);
                        page
                    }
                },
                |v| Some(v.clone()),
                || fake.get("id-0"),
            )
            .await
            .expect("read");
        assert_eq!(answer, (Some("written".into()), Source::Get));
    }

    #[tokio::test]
    async fn fallbacks_not_listed_not_enough_and_failed_listing() {
        let fake = Fake::with(2, 100);
        let coalescer = Coalescer::new(Arc::new(Writes::default()));
        // Not listed: confirmed by a GET (gone here).
        assert_eq!(read(&coalescer, &fake, "id-9").await, (None, Source::Get));
        // Listed, but the item does not tell enough.
        let (value, source) = coalescer
            .read(
                "",
                "id-0",
                |n| fake.page(n),
                |_| None::<String>,
                || fake.get("id-0"),
            )
            .await
            .expect("read");
        assert_eq!((value.as_deref(), source), (Some("v0"), Source::Get));
        // A failed listing: reads fall back to GET, and the failure is not retried per read.
        let failing = Coalescer::<String>::new(Arc::new(Writes::default()));
        let lists = AtomicU32::new(0);
        for _ in 0..3 {
            let (value, source) = failing
                .read(
                    "",
                    "id-1",
                    |_| {
                        lists.fetch_add(1, Ordering::SeqCst);
                        async {
                            Err(HttpError::Setup {
                                message: "list refused".into(),
                            })
                        }
                    },
                    |v: &String| Some(v.clone()),
                    || fake.get("id-1"),
                )
                .await
                .expect("read");
            assert_eq!((value.as_deref(), source), (Some("v1"), Source::Get));
        }
        assert_eq!(lists.load(Ordering::SeqCst), 1);
    }

    /// `futures::future::join_all` without the dependency.
    async fn futures_join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
        let handles: Vec<_> = futures.into_iter().map(Box::pin).collect();
        let mut out = Vec::with_capacity(handles.len());
        // Poll all of them concurrently on one task.
        let mut pending: Vec<Option<std::pin::Pin<Box<F>>>> =
            handles.into_iter().map(Some).collect();
        let mut results: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
        std::future::poll_fn(|cx| {
            let mut done = true;
            for (slot, result) in pending.iter_mut().zip(results.iter_mut()) {
                if let Some(future) = slot {
                    match future.as_mut().poll(cx) {
                        std::task::Poll::Ready(value) => {
                            *result = Some(value);
                            *slot = None;
                        }
                        std::task::Poll::Pending => done = false,
                    }
                }
            }
            if done {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        })
        .await;
        out.extend(results.into_iter().flatten());
        out
    }
}
