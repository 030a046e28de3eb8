//! Server-side verification of Akamai EdgeGrid `EG1-HMAC-SHA256` request signatures, written from
//! Akamai's description of the scheme and checked against the test vectors that Akamai's own
//! Python library (`edgegrid-python`, `akamai/edgegrid/test/testcases.json`) publishes.
//!
//! The signer builds an unsigned header `EG1-HMAC-SHA256 client_token=..;access_token=..;
//! timestamp=..;nonce=..;`, signs the tab-joined string `METHOD, scheme, host, path?query,
//! canonical headers, content hash, unsigned header` with the key
//! `base64(HMAC-SHA256(client_secret, timestamp))`, and appends `signature=<base64 HMAC>`.
//! The verifier recomputes that signature from what it received and compares in constant time.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// The only algorithm EdgeGrid defines.
pub const ALGORITHM: &str = "EG1-HMAC-SHA256";

/// Bytes of a POST body that enter the content hash when the client was not told otherwise
/// (the default of Akamai's Python and Go signers; longer bodies are truncated, not rejected).
pub const DEFAULT_MAX_BODY: usize = 131_072;

/// How far a request timestamp may lie from the server clock. Akamai does not publish its window;
/// five minutes tolerates ordinary clock drift while still rejecting replayed old requests.
pub const MAX_CLOCK_SKEW: TimeDelta = TimeDelta::minutes(5);

/// `yyyyMMddTHH:mm:ss+0000`, always UTC.
const TIMESTAMP_FORMAT: &str = "%Y%m%dT%H:%M:%S+0000";

/// Why a request's EdgeGrid signature was refused. Messages never contain secrets.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EdgeGridError {
    #[error("missing Authorization header")]
    MissingHeader,
    #[error("the Authorization header is not an EG1-HMAC-SHA256 header")]
    WrongAlgorithm,
    #[error("malformed EG1-HMAC-SHA256 Authorization header: {0}")]
    Malformed(&'static str),
    #[error("invalid timestamp (expected yyyyMMddTHH:mm:ss+0000)")]
    BadTimestamp,
    #[error("timestamp is outside the allowed clock skew")]
    StaleTimestamp,
    #[error("invalid authorization client_token")]
    UnknownClientToken,
    #[error("invalid authorization access_token")]
    UnknownAccessToken,
    #[error("the signature does not match")]
    SignatureMismatch,
}

/// The fields of a signed `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthorizationHeader {
    pub client_token: String,
    pub access_token: String,
    pub timestamp: String,
    pub nonce: String,
    pub signature: String,
    /// The header up to and including the `;` before `signature=`: the part that is itself signed.
    pub unsigned: String,
}

impl std::fmt::Debug for AuthorizationHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationHeader")
            .field("client_token", &self.client_token)
            .field("timestamp", &self.timestamp)
            .field("nonce", &self.nonce)
            .finish_non_exhaustive()
    }
}

/// Parses `EG1-HMAC-SHA256 client_token=..;access_token=..;timestamp=..;nonce=..;signature=..`.
pub fn parse_authorization(header: &str) -> Result<AuthorizationHeader, EdgeGridError> {
    let rest = header
        .strip_prefix(ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or(EdgeGridError::WrongAlgorithm)?;
    let signature_at = rest
        .rfind("signature=")
        .ok_or(EdgeGridError::Malformed("no signature"))?;
    let unsigned_fields = &rest[..signature_at];
    if !unsigned_fields.ends_with(';') {
        return Err(EdgeGridError::Malformed("signature must follow a ';'"));
    }
    let signature = rest[signature_at + "signature=".len()..].trim().to_owned();
    if signature.is_empty() {
        return Err(EdgeGridError::Malformed("empty signature"));
    }
    let mut client_token = None;
    let mut access_token = None;
    let mut timestamp = None;
    let mut nonce = None;
    for field in unsigned_fields.split(';').filter(|f| !f.is_empty()) {
        let (name, value) = field
            .split_once('=')
            .ok_or(EdgeGridError::Malformed("field without '='"))?;
        let slot = match name {
            "client_token" => &mut client_token,
            "access_token" => &mut access_token,
            "timestamp" => &mut timestamp,
            "nonce" => &mut nonce,
            _ => return Err(EdgeGridError::Malformed("unknown field")),
        };
        if slot.replace(value.to_owned()).is_some() {
            return Err(EdgeGridError::Malformed("repeated field"));
        }
    }
    Ok(AuthorizationHeader {
        client_token: client_token.ok_or(EdgeGridError::Malformed("no client_token"))?,
        access_token: access_token.ok_or(EdgeGridError::Malformed("no access_token"))?,
        timestamp: timestamp.ok_or(EdgeGridError::Malformed("no timestamp"))?,
        nonce: nonce.ok_or(EdgeGridError::Malformed("no nonce"))?,
        signature,
        unsigned: format!("{ALGORITHM} {unsigned_fields}"),
    })
}

/// Parses an EdgeGrid timestamp such as `20140321T19:34:21+0000`.
pub fn parse_timestamp(timestamp: &str) -> Result<DateTime<Utc>, EdgeGridError> {
    NaiveDateTime::parse_from_str(timestamp, TIMESTAMP_FORMAT)
        .map(|naive| naive.and_utc())
        .map_err(|_| EdgeGridError::BadTimestamp)
}

/// Formats a time the way EdgeGrid signers do.
pub fn format_timestamp(at: DateTime<Utc>) -> String {
    at.format(TIMESTAMP_FORMAT).to_string()
}

/// `base64(HMAC-SHA256(key = client_secret, data = timestamp))`. The secret is used as its UTF-8
/// text, not base64-decoded.
pub fn signing_key(client_secret: &str, timestamp: &str) -> String {
    BASE64.encode(hmac_sha256(client_secret.as_bytes(), timestamp.as_bytes()))
}

/// `base64(SHA-256(body[..max_body]))` for a POST with a non-empty body; empty for anything else.
pub fn content_hash(method: &str, body: &[u8], max_body: usize) -> String {
    if method != "POST" || body.is_empty() {
        return String::new();
    }
    let signed_part = &body[..body.len().min(max_body)];
    BASE64.encode(Sha256::digest(signed_part))
}

/// Canonical form of the headers a client was configured to sign: `lower(name):value` with the
/// value trimmed and inner whitespace runs collapsed, in the configured order, tab-joined.
/// Configured headers that are absent are skipped.
pub fn canonical_headers<'a>(
    headers_to_sign: &[&str],
    lookup: impl Fn(&str) -> Option<&'a str>,
) -> String {
    headers_to_sign
        .iter()
        .filter_map(|name| {
            lookup(name).map(|value| {
                let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
                format!("{}:{collapsed}", name.to_ascii_lowercase())
            })
        })
        .collect::<Vec<_>>()
        .join("\t")
}

/// What a verifier knows about a received request.
#[derive(Clone, Debug)]
pub struct ReceivedRequest<'a> {
    pub method: &'a str,
    /// The scheme the client used in its URL (`https` against Akamai).
    pub scheme: &'a str,
    /// The Host header the client sent (host[:port]).
    pub host: &'a str,
    /// Path, `;params` and `?query` exactly as sent on the request line.
    pub path_and_query: &'a str,
    /// Canonical signed headers (see [`canonical_headers`]); empty when none are configured.
    pub canonical_headers: &'a str,
    pub body: &'a [u8],
}

/// The string a client signs for `request` given its unsigned auth header.
pub fn data_to_sign(
    request: &ReceivedRequest<'_>,
    max_body: usize,
    unsigned_header: &str,
) -> String {
    [
        request.method,
        request.scheme,
        request.host,
        request.path_and_query,
        request.canonical_headers,
        &content_hash(request.method, request.body, max_body),
        unsigned_header,
    ]
    .join("\t")
}

/// The signature a correct client produces.
pub fn signature(
    client_secret: &str,
    request: &ReceivedRequest<'_>,
    max_body: usize,
    header: &AuthorizationHeader,
) -> String {
    let key = signing_key(client_secret, &header.timestamp);
    let data = data_to_sign(request, max_body, &header.unsigned);
    BASE64.encode(hmac_sha256(key.as_bytes(), data.as_bytes()))
}

/// The credentials a verifier accepts.
#[derive(Clone)]
pub struct VerifierCredentials<'a> {
    pub client_token: &'a str,
    pub access_token: &'a str,
    pub client_secret: &'a str,
}

/// Checks tokens, timestamp freshness and the signature; the signature comparison is constant-time.
/// Returns the parsed header on success.
pub fn verify(
    credentials: &VerifierCredentials<'_>,
    authorization: Option<&str>,
    request: &ReceivedRequest<'_>,
    max_body: usize,
    now: DateTime<Utc>,
    max_skew: TimeDelta,
) -> Result<AuthorizationHeader, EdgeGridError> {
    let header = parse_authorization(authorization.ok_or(EdgeGridError::MissingHeader)?)?;
    let signed_at = parse_timestamp(&header.timestamp)?;
    if (now - signed_at).abs() > max_skew {
        return Err(EdgeGridError::StaleTimestamp);
    }
    if header.client_token != credentials.client_token {
        return Err(EdgeGridError::UnknownClientToken);
    }
    if header.access_token != credentials.access_token {
        return Err(EdgeGridError::UnknownAccessToken);
    }
    let claimed = BASE64
        .decode(header.signature.as_bytes())
        .map_err(|_| EdgeGridError::SignatureMismatch)?;
    let key = signing_key(credentials.client_secret, &header.timestamp);
    let mut mac = new_mac(key.as_bytes());
    mac.update(data_to_sign(request, max_body, &header.unsigned).as_bytes());
    mac.verify_slice(&claimed)
        .map_err(|_| EdgeGridError::SignatureMismatch)?;
    Ok(header)
}

fn new_mac(key: &[u8]) -> HmacSha256 {
    match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC accepts keys of any length; this arm cannot be reached.
        Err(_) => unreachable!("HMAC-SHA256 accepts keys of any length"),
    }
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = new_mac(key);
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_header_and_keeps_unsigned_part() {
        let header = parse_authorization(
            "EG1-HMAC-SHA256 client_token=ct;access_token=at;timestamp=20140321T19:34:21+0000;nonce=n;signature=c2ln",
        )
        .unwrap();
        assert_eq!(header.client_token, "ct");
        assert_eq!(header.signature, "c2ln");
        assert_eq!(
            header.unsigned,
            "EG1-HMAC-SHA256 client_token=ct;access_token=at;timestamp=20140321T19:34:21+0000;nonce=n;"
        );
    }

    #[test]
    fn rejects_other_schemes_and_missing_fields() {
        assert_eq!(
            parse_authorization("Bearer abc").unwrap_err(),
            EdgeGridError::WrongAlgorithm
        );
        assert!(matches!(
            parse_authorization("EG1-HMAC-SHA256 client_token=ct;timestamp=t;nonce=n;signature=x"),
            Err(EdgeGridError::Malformed(_))
        ));
    }

    #[test]
    fn content_hash_only_for_non_empty_post_and_truncates() {
        assert_eq!(content_hash("PUT", b"abc", 10), "");
        assert_eq!(content_hash("POST", b"", 10), "");
        assert_eq!(
            content_hash("POST", b"abcdef", 3),
            content_hash("POST", b"abc", 3)
        );
    }

    #[test]
    fn timestamp_round_trips() {
        let t = parse_timestamp("20140321T19:34:21+0000").unwrap();
        assert_eq!(format_timestamp(t), "20140321T19:34:21+0000");
        assert_eq!(
            parse_timestamp("2014-03-21T19:34:21Z"),
            Err(EdgeGridError::BadTimestamp)
        );
    }
}
