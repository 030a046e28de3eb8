//! Keeping secrets out of log lines and error messages.

use serde_json::Value;
use url::Url;

const REDACTED: &str = "***";

/// Whether a query parameter or JSON key probably holds a secret. Deliberately broad: a
/// false positive only hides a harmless value from a log line.
pub fn is_sensitive_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "secret",
        "password",
        "passwd",
        "token",
        "authorization",
        "signature",
        "credential",
        "apikey",
        "api_key",
    ]
    .iter()
    .any(|marker| name.contains(marker))
}

/// The URL as it may appear in a log line: no user info, sensitive query values masked.
pub fn url_for_log(url: &Url) -> String {
    let mut shown = url.clone();
    // Setting these cannot fail for http(s) URLs; on other schemes the URL stays as it is.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if is_sensitive_name(&name) {
                    REDACTED.to_owned()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.to_string()
}

/// A copy of a JSON document with every value under a sensitive key masked.
pub fn redact_json(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let value = if is_sensitive_name(key) && !value.is_null() {
                        Value::String(REDACTED.to_owned())
                    } else {
                        redact_json(value)
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_urls_hide_query_secrets_and_user_info() {
        let url = Url::parse(
            "https://admin:pw@h.example/oauth/token?grant_type=client_credentials&client_secret=s3&client_id=abc",
        )
        .unwrap();
        let shown = url_for_log(&url);
        assert!(!shown.contains("s3&"), "{shown}");
        assert!(!shown.contains("pw"), "{shown}");
        assert!(shown.contains("client_id=abc"), "{shown}");
        assert!(
            shown.contains("client_secret=***") || shown.contains("client_secret=%2A%2A%2A"),
            "{shown}"
        );
    }

    #[test]
    fn json_secrets_are_masked_at_any_depth() {
        let json: Value = serde_json::from_str(
            r#"{"clientId":"id","clientSecret":"s1","nested":[{"access_token":"t"}],"password":null}"#,
        )
        .unwrap();
        let shown = redact_json(&json).to_string();
        assert!(!shown.contains("s1") && !shown.contains("\"t\""), "{shown}");
        assert!(shown.contains("\"clientId\":\"id\""), "{shown}");
    }
}
