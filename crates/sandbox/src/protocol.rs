//! What the four vendor APIs read from a request and answer the same way, because they follow the
//! same standards rather than each other: the media type of a body (RFC 9110 §8.3), HTTP Basic
//! credentials (RFC 7617) and the OAuth 2.0 error answer (RFC 6749 §5.2). What differs per vendor
//! (the status of a wrong media type, the error body around it) stays in the vendor modules.

use axum::response::{IntoResponse, Response};
use base64::Engine;
use http::{HeaderMap, StatusCode, header};
use serde_json::json;

/// The request's `Content-Type` as sent, or "" without one (the vendors' error texts quote it).
pub fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

/// Whether a `Content-Type` value names `expected`: the media type compares without its
/// parameters (`; charset=utf-8`) and ignoring case, as RFC 9110 §8.3.1 says.
pub fn is_media_type(content_type: &str, expected: &str) -> bool {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case(expected)
}

/// The user id and password of an `Authorization: Basic` header (RFC 7617: the scheme compares
/// ignoring case; the password is everything after the first colon).
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// An OAuth 2.0 error answer, `{"error", "error_description"}` (RFC 6749 §5.2), the shape IBM
/// Verify's (`Error_0`) and SailPoint's token endpoints answer with.
pub fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_compare_without_parameters_and_case() {
        assert!(is_media_type("application/json", "application/json"));
        assert!(is_media_type(
            "Application/JSON; charset=utf-8",
            "application/json"
        ));
        assert!(!is_media_type(
            "application/json-patch+json",
            "application/json"
        ));
        assert!(!is_media_type("", "application/json"));
    }

    #[test]
    fn basic_credentials_split_at_the_first_colon() {
        let mut headers = HeaderMap::new();
        let encoded = base64::engine::general_purpose::STANDARD.encode("client:se:cret");
        headers.insert(
            header::AUTHORIZATION,
            format!("bAsIc {encoded}").parse().unwrap(),
        );
        assert_eq!(
            basic_credentials(&headers),
            Some(("client".into(), "se:cret".into()))
        );
        headers.insert(header::AUTHORIZATION, "Bearer abc".parse().unwrap());
        assert_eq!(basic_credentials(&headers), None);
    }
}
