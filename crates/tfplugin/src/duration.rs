//! The framework's duration syntax, used by the `timeouts` block and by [`crate::Validator::duration`]
//! for any setting that takes a duration: Go's `time.ParseDuration` without signs, with the units
//! `h`, `m`, `s` and `ms` (`"30s"`, `"10m"`, `"1h30m"`, `"1.5h"`, `"250ms"`).
//!
//! A leaf: it imports nothing of the crate, so the schema, the validators and the deadlines can
//! all use it without importing each other.

use std::time::Duration;

/// The syntax as a regular expression (for a regex validator); [`parse_duration`] reads exactly
/// what it matches.
pub const DURATION_PATTERN: &str = r"^([0-9]+(\.[0-9]+)?(h|ms|m|s))+$";

/// What a valid duration looks like, in the words a diagnostic uses ("… but it must be {HINT}").
pub const DURATION_HINT: &str =
    "a duration such as \"30s\", \"10m\" or \"1h30m\" (units h, m, s, ms)";

/// Parses a duration (`"1h30m"`, `"90s"`, `"1.5h"`, `"250ms"`); `None` for anything
/// [`DURATION_PATTERN`] does not match.
pub fn parse_duration(text: &str) -> Option<Duration> {
    if text.is_empty() {
        return None;
    }
    let mut total = 0f64;
    let mut rest = text;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..number_len].parse().ok()?;
        rest = &rest[number_len..];
        let (unit_seconds, unit_len) = if rest.starts_with("ms") {
            (0.001, 2)
        } else if rest.starts_with('h') {
            (3600.0, 1)
        } else if rest.starts_with('m') {
            (60.0, 1)
        } else if rest.starts_with('s') {
            (1.0, 1)
        } else {
            return None;
        };
        rest = &rest[unit_len..];
        total += number * unit_seconds;
    }
    Duration::try_from_secs_f64(total).ok()
}

/// `20m`, `5m`, `1h30m`, `45s` (whole seconds; shorter ones as milliseconds).
pub fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs();
    if u128::from(secs) * 1000 != duration.as_millis() {
        return format!("{}ms", duration.as_millis());
    }
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let mut text = String::new();
    if h > 0 {
        text.push_str(&format!("{h}h"));
    }
    if m > 0 {
        text.push_str(&format!("{m}m"));
    }
    if s > 0 || text.is_empty() {
        text.push_str(&format!("{s}s"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(parse_duration("10m"), Some(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("1.5h"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m30s"), Some(Duration::from_secs(150)));
        for bad in ["", "10", "m", "10 m", "-1m", "1d", "10mm"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
        let re = regex::Regex::new(DURATION_PATTERN).expect("pattern");
        for good in ["10m", "1h30m", "1.5h", "250ms", "2m30s"] {
            assert!(re.is_match(good), "{good}");
        }
        for bad in ["", "10", "1d", "-1m", "10 m"] {
            assert!(!re.is_match(bad), "{bad}");
        }
        assert_eq!(format_duration(Duration::from_secs(20 * 60)), "20m");
        assert_eq!(format_duration(Duration::from_secs(5400)), "1h30m");
        assert_eq!(format_duration(Duration::from_millis(20)), "20ms");
    }
}
