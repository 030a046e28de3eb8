//! When to retry and how long to wait: exponential back-off with full jitter, and `Retry-After`.

use std::time::{Duration, SystemTime};

/// The retry budget and back-off curve of one vendor client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Ceiling of the wait before the first retry; doubles on each further retry.
    pub initial_backoff: Duration,
    /// Largest ceiling of the exponential curve.
    pub max_backoff: Duration,
    /// Largest wait granted to a server's `Retry-After`. A server asking for more than this is
    /// usually asking for minutes, and a Terraform apply should fail with the vendor's message
    /// after a bounded time rather than hang; the next retry then meets the limit again and the
    /// user sees the 429.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The upper bound of the wait before retry number `retry` (0-based):
    /// `min(max_backoff, initial_backoff * 2^retry)`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// Full jitter ("Exponential Backoff And Jitter", AWS architecture blog): a uniform draw in
    /// `[0, ceiling]`, so that many clients throttled together do not retry together.
    /// `unit` is the random draw in `[0, 1]`.
    pub fn jittered_backoff(&self, retry: u32, unit: f64) -> Duration {
        self.backoff_ceiling(retry).mul_f64(unit.clamp(0.0, 1.0))
    }

    /// The wait before retry number `retry`: the server's `Retry-After` when it sent one (capped
    /// at `max_retry_after`), otherwise the jittered exponential back-off.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.jittered_backoff(retry, rand::random::<f64>()),
        }
    }
}

/// Parses a `Retry-After` value: delay-seconds or an HTTP date (RFC 9110 §10.2.3). A date in the
/// past means "now". Anything else is ignored (the caller falls back to its own back-off).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit strings saturate instead of being rejected: the cap applies anyway.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(120),
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let policy = policy();
        let ceilings: Vec<u128> = (0..6)
            .map(|n| policy.backoff_ceiling(n).as_millis())
            .collect();
        assert_eq!(ceilings, vec![100, 200, 400, 800, 1000, 1000]);
        assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn full_jitter_stays_between_zero_and_the_ceiling() {
        let policy = policy();
        assert_eq!(policy.jittered_backoff(2, 0.0), Duration::ZERO);
        assert_eq!(policy.jittered_backoff(2, 1.0), Duration::from_millis(400));
        assert_eq!(policy.jittered_backoff(2, 0.5), Duration::from_millis(200));
        assert_eq!(policy.jittered_backoff(2, 7.0), Duration::from_millis(400));
        for retry in 0..10 {
            assert!(policy.delay(retry, None) <= policy.backoff_ceiling(retry));
        }
    }

    #[test]
    fn retry_after_wins_over_backoff_but_is_capped() {
        let policy = policy();
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(3600))),
            Duration::from_secs(120)
        );
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }
}
