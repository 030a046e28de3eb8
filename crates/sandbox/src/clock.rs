//! The sandbox's clock: wall time plus an offset that only moves forward, set through
//! `POST /_sandbox/clock`. Everything in the emulator that has a lifetime (bearer tokens, Akamai
//! `expiresOn`, OAM's old-secret retention) reads this clock instead of the system's, so a test
//! can pass a lifetime without waiting for it. Each sandbox has its own clock: tests that run
//! several sandboxes in one process do not see each other's offsets.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// Wall time moved forward by what `advance` was given.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// The emulator's "now".
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }

    /// The emulator's monotonic "now", for lifetimes kept as `Instant`s.
    pub fn instant(&self) -> Instant {
        Instant::now() + self.offset()
    }

    /// How far the clock has been moved forward.
    pub fn offset(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.offset_ms.load(Ordering::SeqCst)).unwrap_or(0))
    }

    /// `now` as an HTTP `Date` header value (RFC 9110 IMF-fixdate).
    pub fn http_date(&self) -> String {
        self.now().format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    }

    /// Moves the clock forward; time never goes back (no vendor API lets it).
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX / 4);
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }
}

/// `t` at millisecond precision: SailPoint and Akamai keep and print their times so.
pub fn to_millis(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

/// `t` as RFC 3339 with milliseconds and `Z` (`2026-12-02T20:19:34.123Z`), as SailPoint, Akamai
/// and `/_sandbox/clock` print times.
pub fn format_millis(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Every answer's `Date` header tells the emulator's time, as a tenant's tells its own (RFC 9110
/// §6.6.1: an origin server with a clock sends `Date`). Clients that measure ages on the vendor's
/// clock (the provider's `rotate_after`) then see the time `POST /_sandbox/clock` set. Set here
/// so hyper, which adds a `Date` of the machine's time only when the header is missing, leaves it.
pub async fn date_header(
    axum::extract::State(shared): axum::extract::State<crate::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(request).await;
    if let Ok(value) = axum::http::HeaderValue::from_str(&shared.clock.http_date()) {
        response
            .headers_mut()
            .insert(axum::http::header::DATE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_both_clocks_forward() {
        let clock = Clock::default();
        let wall = clock.now();
        let mono = clock.instant();
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() - wall >= chrono::Duration::seconds(3600));
        assert!(clock.instant().duration_since(mono) >= Duration::from_secs(3600));
        assert_eq!(clock.offset(), Duration::from_secs(3600));
        let date = clock.http_date();
        let parsed = DateTime::parse_from_rfc2822(&date.replace("GMT", "+0000")).unwrap();
        assert!(
            (parsed.with_timezone(&Utc) - clock.now())
                .num_seconds()
                .abs()
                <= 1,
            "{date}"
        );
    }
}
