//! Client-side pacing to a vendor's documented rate limit, so that a large apply sends at the
//! limit instead of running into it: a 429 costs its `Retry-After` (whole seconds, rounded up)
//! and a retry from the budget of every request in flight.
//!
//! # Rule
//!
//! | | |
//! |---|---|
//! | what is counted | every attempt a [`RestClient`](crate::http::RestClient) sends (retries included), after its credentials are added; token requests are not (the vendors do not count them) |
//! | the limit | at most `limit` attempts start in any interval of `window` + [`MARGIN`] |
//! | an attempt over the limit | waits for the slot the limit allows next (slots are handed out in order, so waiters are served first come, first served) |
//! | cancelled while waiting | [`HttpError::Cancelled`]; the slot it held stays used (never more than the limit) |
//!
//! A sliding window is stricter than a server's fixed windows (any fixed window lies inside some
//! sliding one), so pacing never causes a 429; [`MARGIN`] absorbs the difference between when an
//! attempt leaves here and when the server counts it.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Added to the vendor's window: requests leave here a little before the server counts them.
pub const MARGIN: Duration = Duration::from_millis(500);

/// The pacer of one vendor client (shared by its clones); see the module's rule.
#[derive(Debug)]
pub struct Pacer {
    limit: usize,
    window: Duration,
    /// The start times of the last `limit` slots handed out (some may lie in the future).
    slots: parking_lot::Mutex<VecDeque<Instant>>,
}

impl Pacer {
    /// At most `limit` attempts per `window` (plus [`MARGIN`]).
    pub fn new(limit: u32, window: Duration) -> Self {
        let limit = usize::try_from(limit.max(1)).unwrap_or(usize::MAX);
        Self {
            limit,
            window: window + MARGIN,
            slots: parking_lot::Mutex::new(VecDeque::with_capacity(limit)),
        }
    }

    /// Reserves the next slot at `now`; `None` when it starts now.
    fn reserve(&self, now: Instant) -> Option<Instant> {
        let mut slots = self.slots.lock();
        let slot = if slots.len() < self.limit {
            // Slots are handed out in order: never before the last one.
            slots.back().map_or(now, |last| (*last).max(now))
        } else {
            let oldest = slots.front().copied().unwrap_or(now);
            (oldest + self.window).max(now)
        };
        slots.push_back(slot);
        while slots.len() > self.limit {
            slots.pop_front();
        }
        (slot > now).then_some(slot)
    }

    /// Waits until the limit allows one more attempt; `false` when `cancel` fired first.
    pub async fn admit(&self, cancel: &CancellationToken) -> bool {
        let Some(slot) = self.reserve(Instant::now()) else {
            return true;
        };
        tracing::debug!(
            wait_ms = u64::try_from(slot.saturating_duration_since(Instant::now()).as_millis())
                .unwrap_or(u64::MAX),
            "pacing to the vendor's rate limit"
        );
        tokio::select! {
            biased;
            () = cancel.cancelled() => false,
            () = tokio::time::sleep_until(slot) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_interval_of_the_window_holds_more_than_the_limit() {
        let pacer = Pacer::new(3, Duration::from_secs(10));
        let window = Duration::from_secs(10) + MARGIN;
        let start = Instant::now();
        // 7 attempts asked for at once, then 2 more three windows later.
        let mut slots: Vec<Instant> = (0..7)
            .map(|_| pacer.reserve(start).unwrap_or(start))
            .collect();
        let later = start + window * 3;
        slots.extend((0..2).map(|_| pacer.reserve(later).unwrap_or(later)));
        for (i, first) in slots.iter().enumerate() {
            let within = slots[i..]
                .iter()
                .filter(|t| t.duration_since(*first) < window)
                .count();
            assert!(within <= 3, "{within} attempts within one window");
        }
        let offsets: Vec<Duration> = slots.iter().map(|t| t.duration_since(start)).collect();
        assert_eq!(
            offsets,
            [0, 0, 0, 1, 1, 1, 2, 3, 3].map(|n| window * n),
            "the first 3 at once, then 3 per window, in order; a quiet spell starts afresh"
        );
    }

    #[tokio::test]
    async fn a_cancelled_wait_ends_at_once() {
        let pacer = Pacer::new(1, Duration::from_secs(60));
        let cancel = CancellationToken::new();
        assert!(pacer.admit(&cancel).await);
        cancel.cancel();
        assert!(!pacer.admit(&cancel).await);
    }
}
