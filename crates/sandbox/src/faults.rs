//! Injected faults: error statuses, delays and dropped connections on a vendor's requests, so
//! that retry, Retry-After and timeout handling can be tested against the sandbox.
//!
//! A fault with a `count` fires exactly that many times and then disappears, which keeps retry
//! tests deterministic; `rate` (default 1.0) makes it probabilistic for soak tests.
//!
//! By default a fault answers instead of the emulator (the vendor did nothing). With `after`, the
//! emulator handles the request first and the fault then replaces its answer: "the vendor did it
//! and the answer was lost", the case that makes a retried create a duplicate. With
//! `finish_after_hangup`, the vendor finishes a request its client gave up on: the request is held
//! until the client closes the connection (or, with `delay_ms`, for that long whether the client
//! waits or not) and then performed, as a tenant finishes work whose caller hung up.

use std::time::Duration;

use http::StatusCode;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::Vendor;

/// Statuses a fault may answer with: the ones a provider is expected to retry.
pub const FAULT_STATUSES: [u16; 5] = [429, 500, 502, 503, 504];
/// Seconds sent in `Retry-After` when a 429 fault names none.
pub const DEFAULT_RETRY_AFTER_S: u64 = 1;

/// The body of `POST /_sandbox/faults` (and what `GET /_sandbox/faults` lists).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// `ibm_verify`, `oracle_oam`, `sailpoint`, `akamai` or `*`.
    pub vendor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub drop_connection: bool,
    /// Remaining firings; `None` = until deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Act, then fail: the emulator performs the request, then the fault's status (or dropped
    /// connection) replaces its answer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after: bool,
    /// Only requests with one of these methods (e.g. `["POST"]`); default: every method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<String>>,
    /// Only requests whose path contains this (e.g. `/oauth-clients`, to leave token requests
    /// alone); default: every path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_contains: Option<String>,
    /// The request outlives its connection: held until the client hangs up (or for `delay_ms`,
    /// whether or not the client waits), then performed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub finish_after_hangup: bool,
}

/// Why a fault specification was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FaultError {
    #[error("unknown vendor {0:?}: expected ibm_verify, oracle_oam, sailpoint, akamai or *")]
    UnknownVendor(String),
    #[error("status {0} is not injectable: expected 429, 500, 502, 503 or 504")]
    Status(u16),
    #[error("rate {0} is outside 0.0..=1.0")]
    Rate(f64),
    #[error(
        "a fault needs at least one of status, delay_ms, drop_connection or finish_after_hangup"
    )]
    Empty,
    #[error("count must be at least 1")]
    Count,
    #[error(
        "a fault with `after` needs status or drop_connection: the request has already been answered otherwise"
    )]
    AfterWithoutFailure,
    #[error("methods must not be empty")]
    NoMethods,
    #[error(
        "finish_after_hangup performs the request, so it takes no status, drop_connection or after"
    )]
    FinishWithFailure,
}

impl FaultSpec {
    pub fn validate(&self) -> Result<(), FaultError> {
        if self.vendor != "*" && Vendor::from_key(&self.vendor).is_none() {
            return Err(FaultError::UnknownVendor(self.vendor.clone()));
        }
        if let Some(status) = self.status
            && !FAULT_STATUSES.contains(&status)
        {
            return Err(FaultError::Status(status));
        }
        if let Some(rate) = self.rate
            && !(0.0..=1.0).contains(&rate)
        {
            return Err(FaultError::Rate(rate));
        }
        if self.finish_after_hangup && (self.status.is_some() || self.drop_connection || self.after)
        {
            return Err(FaultError::FinishWithFailure);
        }
        if self.status.is_none()
            && self.delay_ms.is_none()
            && !self.drop_connection
            && !self.finish_after_hangup
        {
            return Err(FaultError::Empty);
        }
        if self.count == Some(0) {
            return Err(FaultError::Count);
        }
        if self.after && self.status.is_none() && !self.drop_connection {
            return Err(FaultError::AfterWithoutFailure);
        }
        if self.methods.as_ref().is_some_and(Vec::is_empty) {
            return Err(FaultError::NoMethods);
        }
        Ok(())
    }

    fn matches(&self, vendor: Vendor, method: &str, path: &str) -> bool {
        (self.vendor == "*" || self.vendor == vendor.key())
            && self
                .path_contains
                .as_deref()
                .is_none_or(|part| path.contains(part))
            && self
                .methods
                .as_ref()
                .is_none_or(|methods| methods.iter().any(|m| m.eq_ignore_ascii_case(method)))
    }
}

/// What the middleware does for one faulted request.
#[derive(Clone, Debug)]
pub struct FaultAction {
    pub status: Option<StatusCode>,
    pub retry_after_s: Option<u64>,
    pub delay: Option<Duration>,
    pub drop_connection: bool,
    /// The emulator acts first; the fault replaces its answer.
    pub after: bool,
    /// The request is performed even if its client hangs up (see the module comment).
    pub finish_after_hangup: bool,
}

/// The active faults, in the order they were added; the first matching one that fires applies.
#[derive(Default)]
pub struct Faults {
    active: parking_lot::Mutex<Vec<FaultSpec>>,
}

impl Faults {
    pub fn add(&self, spec: FaultSpec) -> Result<(), FaultError> {
        spec.validate()?;
        self.active.lock().push(spec);
        Ok(())
    }

    pub fn list(&self) -> Vec<FaultSpec> {
        self.active.lock().clone()
    }

    pub fn clear(&self) {
        self.active.lock().clear();
    }

    /// The fault to apply to one `method` request of `vendor` to `path`, if any fires; consumes one of its
    /// `count`.
    pub fn take(&self, vendor: Vendor, method: &str, path: &str) -> Option<FaultAction> {
        let mut active = self.active.lock();
        // A fault whose `rate` lets this request pass leaves it to the next matching one, so a
        // rare failure can be stacked over a delay that holds every request.
        let mut rng = rand::rng();
        let index = active.iter().position(|spec| {
            spec.matches(vendor, method, path) && {
                let rate = spec.rate.unwrap_or(1.0);
                rate >= 1.0 || rng.random_bool(rate)
            }
        })?;
        let spec = &mut active[index];
        let status = spec.status.and_then(|code| StatusCode::from_u16(code).ok());
        let retry_after_s = match (status, spec.retry_after_s) {
            (_, Some(seconds)) => Some(seconds),
            (Some(StatusCode::TOO_MANY_REQUESTS), None) => Some(DEFAULT_RETRY_AFTER_S),
            _ => None,
        };
        let action = FaultAction {
            status,
            retry_after_s,
            delay: spec.delay_ms.map(Duration::from_millis),
            drop_connection: spec.drop_connection,
            after: spec.after,
            finish_after_hangup: spec.finish_after_hangup,
        };
        if let Some(count) = spec.count.as_mut() {
            *count = count.saturating_sub(1);
            if *count == 0 {
                active.remove(index);
            }
        }
        Some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(vendor: &str) -> FaultSpec {
        FaultSpec {
            vendor: vendor.into(),
            status: Some(503),
            rate: None,
            retry_after_s: None,
            delay_ms: None,
            drop_connection: false,
            count: Some(2),
            after: false,
            methods: None,
            finish_after_hangup: false,
            path_contains: None,
        }
    }

    #[test]
    fn a_counted_fault_fires_exactly_count_times_for_its_vendor_only() {
        let faults = Faults::default();
        faults.add(spec("oracle_oam")).unwrap();
        assert!(faults.take(Vendor::IbmVerify, "GET", "/").is_none());
        assert!(faults.take(Vendor::OracleOam, "GET", "/").is_some());
        assert!(faults.take(Vendor::OracleOam, "GET", "/").is_some());
        assert!(faults.take(Vendor::OracleOam, "GET", "/").is_none());
        assert!(faults.list().is_empty());
    }

    #[test]
    fn invalid_specs_are_refused() {
        let mut bad = spec("nobody");
        assert!(matches!(bad.validate(), Err(FaultError::UnknownVendor(_))));
        bad = spec("*");
        bad.status = Some(404);
        assert_eq!(bad.validate(), Err(FaultError::Status(404)));
        bad = spec("*");
        bad.rate = Some(1.5);
        assert_eq!(bad.validate(), Err(FaultError::Rate(1.5)));
        bad = spec("*");
        bad.status = None;
        assert_eq!(bad.validate(), Err(FaultError::Empty));
        bad = spec("*");
        bad.status = None;
        bad.delay_ms = Some(10);
        bad.after = true;
        assert_eq!(bad.validate(), Err(FaultError::AfterWithoutFailure));
        bad = spec("*");
        bad.methods = Some(vec![]);
        assert_eq!(bad.validate(), Err(FaultError::NoMethods));
        bad = spec("*");
        bad.finish_after_hangup = true;
        assert_eq!(bad.validate(), Err(FaultError::FinishWithFailure));
        bad.status = None;
        assert_eq!(bad.validate(), Ok(()), "held until the client hangs up");
    }

    #[test]
    fn a_method_filtered_fault_fires_only_for_those_methods() {
        let faults = Faults::default();
        let mut posts = spec("sailpoint");
        posts.methods = Some(vec!["post".into()]);
        posts.after = true;
        faults.add(posts).unwrap();
        assert!(faults.take(Vendor::Sailpoint, "GET", "/").is_none());
        let action = faults.take(Vendor::Sailpoint, "POST", "/").unwrap();
        assert!(action.after);
    }

    #[test]
    fn a_request_a_rated_fault_lets_pass_meets_the_next_matching_fault() {
        let faults = Faults::default();
        let mut never = spec("sailpoint");
        never.rate = Some(0.0);
        never.count = None;
        faults.add(never).unwrap();
        let mut delay = spec("sailpoint");
        delay.status = None;
        delay.delay_ms = Some(5);
        delay.count = None;
        faults.add(delay).unwrap();
        for _ in 0..20 {
            let action = faults.take(Vendor::Sailpoint, "POST", "/").unwrap();
            assert_eq!(action.delay, Some(Duration::from_millis(5)));
            assert!(action.status.is_none());
        }
    }

    #[test]
    fn a_429_fault_without_retry_after_still_sends_one() {
        let faults = Faults::default();
        let mut limited = spec("*");
        limited.status = Some(429);
        faults.add(limited).unwrap();
        let action = faults.take(Vendor::Akamai, "GET", "/").unwrap();
        assert_eq!(action.retry_after_s, Some(DEFAULT_RETRY_AFTER_S));
    }
}
