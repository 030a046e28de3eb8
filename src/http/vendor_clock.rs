//! The vendor's clock, as the `Date` header of its answers tells it (RFC 9110 §6.6.1).
//!
//! Ages that a vendor's rules depend on (when a secret was issued, when an Akamai credential
//! expires) are measured on the vendor's clock, not the machine's: the tenant decides when a
//! credential expires, and a machine whose clock is off must not rotate early or late. Every
//! answer (any status) updates the offset between the two clocks; before the first answer, or
//! when a vendor sends no usable `Date`, the machine's clock is used.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::SystemTime;

use chrono::{DateTime, Utc};

/// An offset that cannot happen (no answer seen yet).
const UNSET: i64 = i64::MIN;

/// The offset of one vendor's clock from the machine's, shared by the clones of a transport.
#[derive(Debug)]
pub struct VendorClock {
    offset_ms: AtomicI64,
}

impl Default for VendorClock {
    fn default() -> Self {
        Self {
            offset_ms: AtomicI64::new(UNSET),
        }
    }
}

impl VendorClock {
    /// Notes the `Date` of an answer received at `received`. A `Date` has whole seconds, so an
    /// offset under two seconds counts as the same clock (the header truncates, the answer
    /// took time).
    pub fn observe(&self, date: Option<&str>, received: SystemTime) {
        let Some(told) = date.and_then(|text| httpdate::parse_http_date(text).ok()) else {
            return;
        };
        let offset_ms = match told.duration_since(received) {
            Ok(ahead) => i64::try_from(ahead.as_millis()).unwrap_or(i64::MAX / 2),
            Err(behind) => -i64::try_from(behind.duration().as_millis()).unwrap_or(i64::MAX / 2),
        };
        let offset_ms = if offset_ms.abs() < 2000 { 0 } else { offset_ms };
        self.offset_ms.store(offset_ms, Ordering::SeqCst);
    }

    /// Whether an answer has told the vendor's time yet.
    pub fn observed(&self) -> bool {
        self.offset_ms.load(Ordering::SeqCst) != UNSET
    }

    /// The vendor's "now": the machine's time moved by the last offset seen.
    pub fn now(&self) -> DateTime<Utc> {
        let offset = self.offset_ms.load(Ordering::SeqCst);
        let now = Utc::now();
        if offset == UNSET {
            return now;
        }
        now + chrono::Duration::milliseconds(offset)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_vendor_clock_follows_the_date_header() {
        let clock = VendorClock::default();
        assert!((clock.now() - Utc::now()).num_seconds().abs() <= 1);
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
}
