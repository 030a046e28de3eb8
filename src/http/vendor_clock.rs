//! The vendor's clock, as the `Date` header of its answers tells it (RFC 9110 §6.6.1): the one
//! reading of that header, kept by the [`Transport`](crate::http::Transport) of each vendor and
//! used both by rotation (ages on the vendor's clock) and by the run's record of what existed
//! ([`crate::http::existing`]: a lower bound of the server's time at a create's send).
//!
//! Ages that a vendor's rules depend on (when a secret was issued, when an Akamai credential
//! expires) are measured on the vendor's clock, not the machine's: the tenant decides when a
//! credential expires, and a machine whose clock is off must not rotate early or late. Every
//! answer (any status) updates the offset between the two clocks; before the first answer, or
//! when a vendor sends no usable `Date`, the machine's clock is used.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};

/// A lower bound of the server's clock: how far ahead of the local clock it is at least
/// (negative: behind), from what answers showed. A `Date` header (whole seconds) read at local
/// time `received` says the server's time was at least `date` then; an object the server stamped
/// `created` during a request answered by local time `received` says the same to the
/// millisecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerClock {
    /// `server − local`, at least, in nanoseconds.
    ahead_at_least: i128,
}

fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

impl ServerClock {
    /// The server's time was at least `server` when the local clock showed `received`.
    pub fn observed(server: SystemTime, received: SystemTime) -> Self {
        Self {
            ahead_at_least: nanos(server) - nanos(received),
        }
    }

    /// From a `Date` header value; `None` when there is none or it does not parse.
    pub fn from_date_header(value: Option<&str>, received: SystemTime) -> Option<Self> {
        let date = httpdate::parse_http_date(value?.trim()).ok()?;
        Some(Self::observed(date, received))
    }

    /// The tighter of two lower bounds.
    pub fn max(self, other: Self) -> Self {
        Self {
            ahead_at_least: self.ahead_at_least.max(other.ahead_at_least),
        }
    }

    /// The earliest the server's clock can have shown at local time `local`.
    pub fn server_time_at_least(&self, local: SystemTime) -> SystemTime {
        let server = nanos(local) + self.ahead_at_least;
        match u64::try_from(server) {
            Ok(n) => SystemTime::UNIX_EPOCH + Duration::from_nanos(n),
            Err(_) => SystemTime::UNIX_EPOCH,
        }
    }
}

/// An offset that cannot happen (no answer seen yet).
const UNSET: i64 = i64::MIN;

/// Offsets under this count as the same clock for rotation: a `Date` has whole seconds (it
/// truncates) and the answer took time.
const SAME_CLOCK_MS: i64 = 2000;

/// The last [`ServerClock`] one vendor's answers showed, shared by the clones of a transport.
#[derive(Debug)]
pub struct VendorClock {
    /// [`ServerClock::ahead_at_least`] of the last answer with a usable `Date`, in nanoseconds
    /// (clamped to ±292 years), or [`UNSET`].
    ahead_ns: AtomicI64,
}

impl Default for VendorClock {
    fn default() -> Self {
        Self {
            ahead_ns: AtomicI64::new(UNSET),
        }
    }
}

impl VendorClock {
    /// Notes the `Date` of an answer received at `received`; one without a usable `Date`
    /// changes nothing.
    pub fn observe(&self, date: Option<&str>, received: SystemTime) {
        let Some(seen) = ServerClock::from_date_header(date, received) else {
            return;
        };
        let ahead = seen
            .ahead_at_least
            .clamp(i128::from(i64::MIN + 1), i128::from(i64::MAX));
        self.ahead_ns
            .store(i64::try_from(ahead).unwrap_or(0), Ordering::SeqCst);
    }

    /// Whether an answer has told the vendor's time yet.
    pub fn observed(&self) -> bool {
        self.ahead_ns.load(Ordering::SeqCst) != UNSET
    }

    /// The lower bound of the vendor's clock the last answer showed; `None` before any answer
    /// with a usable `Date`.
    pub fn server_clock(&self) -> Option<ServerClock> {
        let ahead = self.ahead_ns.load(Ordering::SeqCst);
        (ahead != UNSET).then(|| ServerClock {
            ahead_at_least: i128::from(ahead),
        })
    }

    /// The vendor's "now" for rotation: the machine's time moved by the last offset seen (none
    /// under [`SAME_CLOCK_MS`]).
    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        let Some(clock) = self.server_clock() else {
            return now;
        };
        let offset_ms = i64::try_from(clock.ahead_at_least / 1_000_000).unwrap_or(0);
        if offset_ms.abs() < SAME_CLOCK_MS {
            return now;
        }
        now + chrono::Duration::milliseconds(offset_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn the_vendor_clock_follows_the_date_header() {
        let clock = VendorClock::default();
        assert!((clock.now() - Utc::now()).num_seconds().abs() <= 1);
        assert!(clock.server_clock().is_none());
        let received = SystemTime::now();
        let ahead = httpdate::fmt_http_date(received + Duration::from_secs(90 * 24 * 3600));
        clock.observe(Some(&ahead), received);
        // The header has whole seconds: 90 days less under a second.
        let ahead_s = (clock.now() - Utc::now()).num_seconds();
        assert!((ahead_s - 90 * 24 * 3600).abs() <= 2, "{ahead_s}");
        // A truncated header of the same clock is no offset; garbage changes nothing.
        clock.observe(Some(&httpdate::fmt_http_date(received)), received);
        assert!((clock.now() - Utc::now()).num_seconds().abs() <= 1);
        clock.observe(Some("yesterday"), received);
        assert!((clock.now() - Utc::now()).num_seconds().abs() <= 1);
    }

    #[test]
    fn the_server_clock_is_a_lower_bound_whatever_the_skew() {
        // The server's clock is 100 s ahead: its Date says 1100 when ours says 1000.
        let clock =
            ServerClock::from_date_header(Some(&httpdate::fmt_http_date(at(1_100))), at(1_000))
                .expect("a Date header");
        assert_eq!(clock.server_time_at_least(at(1_005)), at(1_105));
        assert_eq!(clock.server_time_at_least(at(990)), at(1_090));
        assert!(ServerClock::from_date_header(Some("yesterday"), at(0)).is_none());
        assert!(ServerClock::from_date_header(None, at(0)).is_none());
        // The transport's clock gives the same bound, whether the server is ahead or behind.
        let vendor = VendorClock::default();
        vendor.observe(Some(&httpdate::fmt_http_date(at(1_100))), at(1_000));
        assert_eq!(vendor.server_clock(), Some(clock));
        vendor.observe(Some(&httpdate::fmt_http_date(at(900))), at(1_000));
        assert_eq!(
            vendor
                .server_clock()
                .map(|c| c.server_time_at_least(at(1_000))),
            Some(at(900))
        );
    }
}
