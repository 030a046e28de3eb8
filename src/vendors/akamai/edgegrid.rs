//! Akamai EdgeGrid `EG1-HMAC-SHA256` request signing, as pure functions.
//!
//! The algorithm follows Akamai's reference client `edgegrid-python` 2.0.9
//! (`akamai/edgegrid/edgegrid.py`, class `EdgeGridAuthHeaders`) byte for byte, and is checked
//! against the test vectors that package ships (`tests/edgegrid_vectors.rs`):
//!
//! ```text
//! auth_header  = "EG1-HMAC-SHA256 client_token=<ct>;access_token=<at>;timestamp=<ts>;nonce=<n>;"
//! data_to_sign = METHOD \t scheme \t host[:port] \t path[?query] \t canonical_headers
//!                \t content_hash \t auth_header
//! signing_key  = base64(HMAC-SHA256(key = client_secret bytes, msg = timestamp))
//! signature    = base64(HMAC-SHA256(key = signing_key (the base64 text), msg = data_to_sign))
//! Authorization: auth_header + "signature=" + signature
//! ```
//!
//! Decisions where the reference clients leave room (each mirrors `edgegrid-python`):
//! - **Oversized POST bodies are truncated, not rejected**: only the first `max_body` bytes are
//!   hashed (`read_body_content` returns `body[:max_body]`; the vectors "POST too large" and
//!   "POST length equals max_body" share one signature). Akamai's edge checks the same prefix.
//! - The content hash is computed for `POST` only, and only when the hashed prefix is non-empty;
//!   `PUT`, `PATCH`, `GET`, `DELETE` and empty POSTs sign an empty hash.
//! - Header values are trimmed and inner whitespace runs collapse to one space; the value's case
//!   is kept (the Go client lower-cases values, Python does not; the vectors cannot tell them
//!   apart, and the IAM API signs no headers, so the reference implementation wins).
//! - An empty query (`/path?`) is signed as no query, as Python's `if parsed_url.query` does.
//! - The host is the URL's host, lower-cased by the URL parser, with the port only when it is not
//!   the scheme's default; user-info is never part of it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use url::Url;

use crate::http::Secret;

/// Default `max_body` of Akamai's clients (Python `max_body=131072`, Go `MaxBodySize`).
pub const DEFAULT_MAX_BODY: usize = 131_072;

/// The scheme name that starts every EdgeGrid `Authorization` header.
pub const AUTH_SCHEME: &str = "EG1-HMAC-SHA256";

type HmacSha256 = Hmac<Sha256>;

/// One EdgeGrid credential set (an API client's credential plus its access token). Tokens are
/// half of a credential and the secret is all of it: none may reach a log line, so all three are
/// `Secret`s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeGridCredentials {
    pub client_token: Secret,
    pub client_secret: Secret,
    pub access_token: Secret,
}

/// The parts of an HTTP request that the EdgeGrid signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SigningRequest<'a> {
    /// HTTP method; upper-cased before signing.
    pub method: &'a str,
    /// The full request URL exactly as it will be sent (scheme, host, port, path, query).
    pub url: &'a Url,
    /// `(name, value)` pairs to sign, in the order the API's `headers_to_sign` lists them.
    /// The caller selects them: only headers actually sent and configured for signing belong
    /// here. Empty for the IAM API.
    pub headers_to_sign: &'a [(String, String)],
    /// The request body as sent (empty for none).
    pub body: &'a [u8],
}

/// Signs `req` and returns the complete `Authorization` header value
/// `EG1-HMAC-SHA256 client_token=…;access_token=…;timestamp=…;nonce=…;signature=…`.
///
/// `timestamp` comes from [`timestamp_now`] and `nonce` from [`new_nonce`] in production; tests
/// pass fixed values. `max_body` is the number of body bytes hashed for POST (see module doc).
pub fn sign(
    creds: &EdgeGridCredentials,
    req: &SigningRequest<'_>,
    timestamp: &str,
    nonce: &str,
    max_body: usize,
) -> String {
    let auth_header = unsigned_auth_header(creds, timestamp, nonce);
    let data = data_to_sign(req, &auth_header, max_body);
    let key = signing_key(creds.client_secret.expose(), timestamp);
    let signature = base64_hmac_sha256(key.as_bytes(), data.as_bytes());
    format!("{auth_header}signature={signature}")
}

/// The `Authorization` value before the signature, ending with `;` (it is also the last field
/// of the data to sign).
pub fn unsigned_auth_header(creds: &EdgeGridCredentials, timestamp: &str, nonce: &str) -> String {
    format!(
        "{AUTH_SCHEME} client_token={};access_token={};timestamp={timestamp};nonce={nonce};",
        creds.client_token.expose(),
        creds.access_token.expose()
    )
}

/// The tab-separated string that gets signed. `auth_header` is the output of
/// [`unsigned_auth_header`] (the reference tests also call it with `""`).
pub fn data_to_sign(req: &SigningRequest<'_>, auth_header: &str, max_body: usize) -> String {
    let method = req.method.to_ascii_uppercase();
    let host = match (req.url.host_str(), req.url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => String::new(),
    };
    let path_and_query = match req.url.query() {
        Some(query) if !query.is_empty() => format!("{}?{query}", req.url.path()),
        _ => req.url.path().to_owned(),
    };
    [
        method.as_str(),
        req.url.scheme(),
        host.as_str(),
        path_and_query.as_str(),
        canonical_headers(req.headers_to_sign).as_str(),
        content_hash(&method, req.body, max_body).as_str(),
        auth_header,
    ]
    .join("\t")
}

/// `name:value` for each header, tab-joined: name lower-cased, value trimmed with inner
/// whitespace runs collapsed to one space (Python `re.sub('\s+', ' ', value.strip())`).
pub fn canonical_headers(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .map(|(name, value)| {
            let collapsed: Vec<&str> = value
                .split(is_python_whitespace)
                .filter(|word| !word.is_empty())
                .collect();
            format!("{}:{}", name.to_lowercase(), collapsed.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\t")
}

/// base64(SHA-256(first `max_body` bytes of body)) for a non-empty POST; `""` otherwise.
pub fn content_hash(method: &str, body: &[u8], max_body: usize) -> String {
    if !method.eq_ignore_ascii_case("POST") {
        return String::new();
    }
    let hashed = &body[..body.len().min(max_body)];
    if hashed.is_empty() {
        return String::new();
    }
    BASE64.encode(Sha256::digest(hashed))
}

/// base64(HMAC-SHA256(key = client secret as UTF-8, msg = timestamp)). The secret is used as
/// text, never base64-decoded, exactly as Akamai's clients do.
pub fn signing_key(client_secret: &str, timestamp: &str) -> String {
    base64_hmac_sha256(client_secret.as_bytes(), timestamp.as_bytes())
}

/// The current time as an EdgeGrid timestamp, `yyyyMMddTHH:mm:ss+0000` in UTC.
pub fn timestamp_now() -> String {
    format_timestamp(chrono::Utc::now())
}

/// `time` as an EdgeGrid timestamp, e.g. `20140321T19:34:21+0000`.
pub fn format_timestamp(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y%m%dT%H:%M:%S+0000").to_string()
}

/// A fresh nonce: a random UUID v4 in its hyphenated lower-case form (Python `uuid.uuid4()`).
pub fn new_nonce() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn base64_hmac_sha256(key: &[u8], message: &[u8]) -> String {
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC hashes over-long keys and pads short ones, so no key length is invalid.
        Err(_) => unreachable!("HMAC-SHA256 accepts keys of any length"),
    };
    mac.update(message);
    BASE64.encode(mac.finalize().into_bytes())
}

/// Python's `str.strip()`/`\s` whitespace: Rust's Unicode `White_Space` plus the ASCII
/// information separators U+001C..U+001F, which Python also treats as whitespace.
fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> EdgeGridCredentials {
        EdgeGridCredentials {
            client_token: "akab-ct".into(),
            client_secret: "s3cr3t/base64+=".into(),
            access_token: "akab-at".into(),
        }
    }

    #[test]
    fn edgegrid_debug_redacts_every_credential_field() {
        let shown = format!("{:?}", creds());
        for value in ["akab-ct", "s3cr3t", "akab-at"] {
            assert!(!shown.contains(value), "{value} leaked into {shown}");
        }
        assert!(shown.contains("client_secret: ***"), "{shown}");
    }

    #[test]
    fn edgegrid_host_keeps_non_default_port_and_drops_default_and_userinfo() {
        let sign_host = |url: &str| {
            let url = Url::parse(url).unwrap();
            let req = SigningRequest {
                method: "get",
                url: &url,
                headers_to_sign: &[],
                body: b"",
            };
            data_to_sign(&req, "", DEFAULT_MAX_BODY)
        };
        assert_eq!(
            sign_host("https://Host.Example:8443/a"),
            "GET\thttps\thost.example:8443\t/a\t\t\t"
        );
        assert_eq!(
            sign_host("https://user:pw@host.example:443/a"),
            "GET\thttps\thost.example\t/a\t\t\t"
        );
        assert_eq!(
            sign_host("http://127.0.0.1:1234"),
            "GET\thttp\t127.0.0.1:1234\t/\t\t\t"
        );
        assert_eq!(
            sign_host("https://h.example/p?"),
            "GET\thttps\th.example\t/p\t\t\t"
        );
    }

    #[test]
    fn edgegrid_content_hash_truncates_and_only_for_post() {
        let full = content_hash("POST", b"abcdef", 1024);
        assert_eq!(content_hash("post", b"abcdef", 6), full);
        assert_eq!(content_hash("POST", b"abcdefXYZ", 6), full);
        assert_ne!(content_hash("POST", b"abcde", 6), full);
        assert_eq!(content_hash("PUT", b"abcdef", 1024), "");
        assert_eq!(content_hash("POST", b"", 1024), "");
        assert_eq!(content_hash("POST", b"abc", 0), "");
    }

    #[test]
    fn edgegrid_canonical_headers_collapse_whitespace_keep_case_of_values() {
        let headers = vec![
            ("X-One".to_owned(), "  A \t b\u{1f}\u{a0} c  ".to_owned()),
            ("X-Two".to_owned(), "v".to_owned()),
        ];
        assert_eq!(canonical_headers(&headers), "x-one:A b c\tx-two:v");
        assert_eq!(canonical_headers(&[]), "");
    }

    #[test]
    fn edgegrid_timestamp_and_nonce_have_reference_shapes() {
        let fixed = chrono::DateTime::parse_from_rfc3339("2014-03-21T19:34:21Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(format_timestamp(fixed), "20140321T19:34:21+0000");
        let now = timestamp_now();
        let shape = regex::Regex::new(r"^\d{8}T\d{2}:\d{2}:\d{2}\+0000$").unwrap();
        assert!(shape.is_match(&now), "{now}");
        let nonce = new_nonce();
        let parsed = uuid::Uuid::parse_str(&nonce).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(nonce, parsed.hyphenated().to_string());
        assert_ne!(new_nonce(), nonce);
    }
}
