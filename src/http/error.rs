//! Typed errors of the REST core, and each vendor's error body turned into one readable message.
//!
//! The `Display` text of these errors is what a Terraform user reads in a diagnostic, so it names
//! the vendor, the call and the vendor's own words, and never contains a secret: request bodies
//! are never echoed and `Authorization` headers never appear.

use std::fmt;

use serde_json::Value;

use crate::http::redact::redact_json;

/// The four platforms, as a user names them: the one vendor enum of the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Vendor {
    IbmVerify,
    OracleOam,
    SailPoint,
    Akamai,
}

impl Vendor {
    pub const ALL: [Vendor; 4] = [
        Vendor::IbmVerify,
        Vendor::OracleOam,
        Vendor::SailPoint,
        Vendor::Akamai,
    ];

    pub fn display_name(self) -> &'static str {
        match self {
            Vendor::IbmVerify => "IBM Security Verify",
            Vendor::OracleOam => "Oracle Access Manager",
            Vendor::SailPoint => "SailPoint Identity Security Cloud",
            Vendor::Akamai => "Akamai IAM",
        }
    }

    /// The setting (in [`Vendor::config_block`]) and environment variable of the vendor's address.
    pub fn url_setting(self) -> (&'static str, &'static str) {
        match self {
            Vendor::IbmVerify => ("tenant_url", "IBM_VERIFY_TENANT_URL"),
            Vendor::OracleOam => ("base_url", "OAM_BASE_URL"),
            Vendor::SailPoint => ("base_url", "SAIL_BASE_URL"),
            Vendor::Akamai => ("host", "AKAMAI_HOST"),
        }
    }

    /// The settings that hold the provider's own credentials for this vendor, as a user checks them.
    pub fn credential_settings(self) -> &'static str {
        match self {
            Vendor::IbmVerify => {
                "ibm_verify.client_id and client_secret (IBM_VERIFY_CLIENT_ID, IBM_VERIFY_CLIENT_SECRET)"
            }
            Vendor::OracleOam => {
                "oracle_oam.username and password (OAM_USERNAME, OAM_PASSWORD): an OAM administrator"
            }
            Vendor::SailPoint => {
                "sailpoint.client_id and client_secret (SAIL_CLIENT_ID, SAIL_CLIENT_SECRET): a personal access token"
            }
            Vendor::Akamai => {
                "akamai.client_token, client_secret and access_token (AKAMAI_CLIENT_TOKEN, AKAMAI_CLIENT_SECRET, AKAMAI_ACCESS_TOKEN, or the .edgerc section): one EdgeGrid credential, all three from the same one, and the clock of this machine (EdgeGrid signatures carry a timestamp)"
            }
        }
    }

    /// The provider block that configures this vendor.
    pub fn config_block(self) -> &'static str {
        match self {
            Vendor::IbmVerify => "ibm_verify",
            Vendor::OracleOam => "oracle_oam",
            Vendor::SailPoint => "sailpoint",
            Vendor::Akamai => "akamai",
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// A vendor answered with an error status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub vendor: Vendor,
    pub status: u16,
    pub method: String,
    /// The request path, without the query string.
    pub path: String,
    /// The vendor's own message (possibly empty when the body had none).
    pub message: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|status| status.canonical_reason())
            .unwrap_or("");
        write!(
            f,
            "{} returned {} {} for {} {}",
            self.vendor, self.status, reason, self.method, self.path
        )?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Everything a call through the REST core can fail with.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The vendor answered with an error status (after any retries).
    #[error(transparent)]
    Api(#[from] ApiError),

    /// A non-idempotent request (a create) may or may not have taken effect: the connection
    /// dropped after the request may have been sent, the request timed out, or a gateway
    /// answered 502/504 or 503 without `Retry-After`. The caller must look the object up before
    /// trying again, or it may create a duplicate.
    #[error(
        "the outcome of {method} {path} on {vendor} is unknown ({reason}); it was not retried \
         because it may already have taken effect"
    )]
    Ambiguous {
        vendor: Vendor,
        method: String,
        path: String,
        reason: String,
    },

    /// The request could not be completed (connection refused, TLS failure, reset, timeout) and
    /// retries, if allowed, were exhausted.
    #[error("{method} {path} on {vendor} failed after {attempts} attempt(s): {reason}")]
    Transport {
        vendor: Vendor,
        method: String,
        path: String,
        attempts: u32,
        reason: String,
    },

    /// Terraform asked the provider to stop while the call was in flight or waiting to retry.
    #[error("{method} {path} on {vendor} was cancelled")]
    Cancelled {
        vendor: Vendor,
        method: String,
        path: String,
    },

    /// The token endpoint refused the configured client credentials.
    #[error(
        "{vendor} rejected the client credentials ({status}) at {token_url}: check {}{}",
        vendor.credential_settings(),
        detail_suffix(detail)
    )]
    CredentialsRejected {
        vendor: Vendor,
        status: u16,
        token_url: String,
        detail: String,
    },

    /// The vendor answered successfully but not in the documented shape.
    #[error("{vendor} sent an unexpected response to {method} {path}: {message}")]
    InvalidResponse {
        vendor: Vendor,
        method: String,
        path: String,
        message: String,
    },

    /// The client could not be set up (unreadable CA file, bad URL, unserializable body).
    #[error("{message}")]
    Setup { message: String },
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

/// A read's result with the error that says "no such object" (`absent`: a 404, and for OAM its
/// 422 too) turned into `Ok(None)`.
pub fn found<T>(
    result: Result<T, HttpError>,
    absent: impl FnOnce(&HttpError) -> bool,
) -> Result<Option<T>, HttpError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(err) if absent(&err) => Ok(None),
        Err(err) => Err(err),
    }
}

/// What a 403 answer says about the credentials of the request it answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forbidden {
    /// They were refused: nothing tells a 403 about them from one about the request (OAM's
    /// Basic credentials of a user without the role; any call of the REST core).
    Refuses,
    /// They were accepted and lack a permission: a bearer token the platform recognised, on a
    /// call the token may not make (IBM Security Verify, SailPoint).
    LacksPermission,
}

impl HttpError {
    /// Whether this is the vendor's answer past its credentials check, so the credentials were
    /// accepted and something else refused: a 4xx status other than 401 (not authenticated),
    /// 407 (a proxy's, not the vendor's) and 429 (a limit, which may be counted before the
    /// credentials are checked), a 403 as `forbidden` says. A refused token grant, a 5xx and a
    /// failure without an answer prove nothing.
    pub fn accepted_credentials(&self, forbidden: Forbidden) -> bool {
        let HttpError::Api(api) = self else {
            return false;
        };
        match api.status {
            401 | 407 | 429 => false,
            403 => forbidden == Forbidden::LacksPermission,
            status => (400..500).contains(&status),
        }
    }

    /// The HTTP status of a vendor error.
    pub fn status(&self) -> Option<u16> {
        match self {
            HttpError::Api(api) => Some(api.status),
            HttpError::CredentialsRejected { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    pub fn is_ambiguous(&self) -> bool {
        matches!(self, HttpError::Ambiguous { .. })
    }

    pub fn is_cancelled(&self) -> bool {
        matches!(self, HttpError::Cancelled { .. })
    }
}

/// The longest slice of an unrecognised error body quoted in a message.
const MAX_QUOTED_BODY: usize = 300;

/// Extracts the vendor's message from an error response body.
pub fn vendor_message(vendor: Vendor, status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let json: Option<Value> = serde_json::from_str(text).ok();
    let specific = json.as_ref().and_then(|json| match vendor {
        Vendor::IbmVerify => ibm_message(json),
        Vendor::SailPoint => sailpoint_message(json),
        Vendor::Akamai => akamai_message(json),
        // OAM's admin API answers errors in plain text; its OAuth runtime answers `ErrorCode`
        // JSON (`{errorCode, errorDesc, secErrorDesc}`, "REST API for OAuth in OAM").
        Vendor::OracleOam => oam_message(json),
    });
    let message = specific
        .or_else(|| json.as_ref().and_then(generic_message))
        .unwrap_or_else(|| match &json {
            Some(json) => quote(&redact_json(json).to_string()),
            None if looks_like_html(text) => String::new(),
            None => quote(text),
        });
    if message.is_empty() && vendor == Vendor::IbmVerify && status == 403 {
        // IBM documents 403 without a body: it means the admin client lacks an entitlement.
        return "the API client in the provider configuration lacks the entitlement for this \
                call (manageAPIClients, or readAPIClients for reads)"
            .to_owned();
    }
    message
}

fn string_field<'a>(json: &'a Value, key: &str) -> Option<&'a str> {
    json.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn join_present(parts: &[Option<&str>]) -> Option<String> {
    let present: Vec<&str> = parts.iter().flatten().copied().collect();
    if present.is_empty() {
        None
    } else {
        Some(present.join(" "))
    }
}

/// IBM `ErrorResponse`: `{messageId, messageDescription}`.
fn ibm_message(json: &Value) -> Option<String> {
    join_present(&[
        string_field(json, "messageId"),
        string_field(json, "messageDescription"),
    ])
}

/// SailPoint `ErrorResponseDto` (`messages[].text`, `detailCode`), or the 401 `{error}` and
/// 429 `{message}` shapes.
fn sailpoint_message(json: &Value) -> Option<String> {
    if let Some(messages) = json.get("messages").and_then(Value::as_array) {
        let texts: Vec<&str> = messages
            .iter()
            .filter(|message| {
                // Several locales may carry the same text; prefer English when it is there.
                message
                    .get("locale")
                    .and_then(Value::as_str)
                    .is_none_or(|locale| locale.starts_with("en"))
            })
            .filter_map(|message| string_field(message, "text"))
            .collect();
        let texts = if texts.is_empty() {
            messages
                .iter()
                .filter_map(|message| string_field(message, "text"))
                .take(1)
                .collect()
        } else {
            texts
        };
        let mut message = texts.join("; ");
        if let Some(code) = string_field(json, "detailCode") {
            message = if message.is_empty() {
                code.to_owned()
            } else {
                format!("{message} ({code})")
            };
        }
        if !message.is_empty() {
            return Some(message);
        }
    }
    string_field(json, "error")
        .or_else(|| string_field(json, "message"))
        .map(str::to_owned)
}

/// OAM's OAuth runtime `ErrorCode`: `{errorCode, errorDesc}`.
fn oam_message(json: &Value) -> Option<String> {
    match (
        string_field(json, "errorCode"),
        string_field(json, "errorDesc"),
    ) {
        (Some(code), Some(description)) => Some(format!("{code}: {description}")),
        (Some(only), None) | (None, Some(only)) => Some(only.to_owned()),
        (None, None) => None,
    }
}

/// Akamai problem JSON: `{type, title, detail, ...}`.
fn akamai_message(json: &Value) -> Option<String> {
    match (string_field(json, "title"), string_field(json, "detail")) {
        (Some(title), Some(detail)) => Some(format!("{title}: {detail}")),
        (Some(only), None) | (None, Some(only)) => Some(only.to_owned()),
        (None, None) => None,
    }
}

/// Common shapes of proxies and OAuth endpoints.
fn generic_message(json: &Value) -> Option<String> {
    if let Some(description) = string_field(json, "error_description") {
        return Some(match string_field(json, "error") {
            Some(code) => format!("{code}: {description}"),
            None => description.to_owned(),
        });
    }
    ["message", "error", "detail", "title", "messageDescription"]
        .iter()
        .find_map(|key| string_field(json, key))
        .map(str::to_owned)
}

fn looks_like_html(text: &str) -> bool {
    let start = text.get(..64).unwrap_or(text).to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

fn quote(text: &str) -> String {
    let mut end = text.len().min(MAX_QUOTED_BODY);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        format!("{}…", &text[..end])
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_past_the_credentials_check_accepts_them() {
        let answer = |status| {
            HttpError::Api(ApiError {
                vendor: Vendor::OracleOam,
                status,
                method: "GET".into(),
                path: "/probe".into(),
                message: String::new(),
            })
        };
        for status in [400, 404, 409, 422] {
            assert!(
                answer(status).accepted_credentials(Forbidden::Refuses),
                "{status}"
            );
        }
        for status in [401, 407, 429, 500, 503] {
            assert!(
                !answer(status).accepted_credentials(Forbidden::Refuses),
                "{status}"
            );
            assert!(
                !answer(status).accepted_credentials(Forbidden::LacksPermission),
                "{status}"
            );
        }
        assert!(!answer(403).accepted_credentials(Forbidden::Refuses));
        assert!(answer(403).accepted_credentials(Forbidden::LacksPermission));
        let refused_grant = HttpError::CredentialsRejected {
            vendor: Vendor::SailPoint,
            status: 400,
            token_url: "https://tenant/oauth/token".into(),
            detail: String::new(),
        };
        assert!(!refused_grant.accepted_credentials(Forbidden::LacksPermission));
    }

    #[test]
    fn ibm_errors_show_message_id_and_description() {
        let body =
            br#"{"messageId":"CSIAB0001E","messageDescription":"The entitlement 'x' is unknown"}"#;
        let error = ApiError {
            vendor: Vendor::IbmVerify,
            status: 400,
            method: "POST".into(),
            path: "/v1.0/apiclients".into(),
            message: vendor_message(Vendor::IbmVerify, 400, body),
        };
        assert_eq!(
            error.to_string(),
            "IBM Security Verify returned 400 Bad Request for POST /v1.0/apiclients: \
             CSIAB0001E The entitlement 'x' is unknown"
        );
    }

    #[test]
    fn ibm_403_without_body_explains_the_entitlement() {
        let message = vendor_message(Vendor::IbmVerify, 403, b"");
        assert!(message.contains("manageAPIClients"), "{message}");
    }

    #[test]
    fn sailpoint_error_shapes() {
        let dto = br#"{"detailCode":"400.1 Bad Request Content","trackingId":"abc",
            "messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"name is required"},
                        {"locale":"fr-FR","localeOrigin":"REQUEST","text":"le nom est requis"}],
            "causes":[]}"#;
        assert_eq!(
            vendor_message(Vendor::SailPoint, 400, dto),
            "name is required (400.1 Bad Request Content)"
        );
        assert_eq!(
            vendor_message(
                Vendor::SailPoint,
                401,
                br#"{"error":"JWT validation failed: JWT is expired"}"#
            ),
            "JWT validation failed: JWT is expired"
        );
        assert_eq!(
            vendor_message(
                Vendor::SailPoint,
                429,
                br#"{"message":" Rate Limit Exceeded "}"#
            ),
            "Rate Limit Exceeded"
        );
    }

    #[test]
    fn oam_errors_are_plain_text() {
        let body = b"Failed to retrive OAuth entity \"Client\" - name \"web\"\n";
        assert_eq!(
            vendor_message(Vendor::OracleOam, 422, body),
            "Failed to retrive OAuth entity \"Client\" - name \"web\""
        );
        let body = br#"{"errorCode":"invalid_client","errorDesc":"Client authentication failed","secErrorDesc":"Client authentication failed"}"#;
        assert_eq!(
            vendor_message(Vendor::OracleOam, 401, body),
            "invalid_client: Client authentication failed"
        );
    }

    #[test]
    fn akamai_problem_json() {
        let body = br#"{"type":"/identity-management/error-types/7","status":403,"title":"No access on groups","detail":"","instance":"","errors":[]}"#;
        assert_eq!(
            vendor_message(Vendor::Akamai, 403, body),
            "No access on groups"
        );
        let body = br#"{"title":"Not Found","detail":"Client abc does not exist"}"#;
        assert_eq!(
            vendor_message(Vendor::Akamai, 404, body),
            "Not Found: Client abc does not exist"
        );
    }

    #[test]
    fn unknown_bodies_are_quoted_short_and_redacted() {
        let long = "x".repeat(1000);
        let message = vendor_message(Vendor::OracleOam, 500, long.as_bytes());
        assert!(message.chars().count() <= MAX_QUOTED_BODY + 1);
        let json = br#"{"unexpected":{"clientSecret":"s3cr3t","other":1}}"#;
        let message = vendor_message(Vendor::IbmVerify, 500, json);
        assert!(!message.contains("s3cr3t"), "{message}");
        assert_eq!(
            vendor_message(
                Vendor::Akamai,
                502,
                b"<html><body>Bad gateway</body></html>"
            ),
            ""
        );
    }

    #[test]
    fn credential_errors_name_the_settings() {
        let error = HttpError::CredentialsRejected {
            vendor: Vendor::IbmVerify,
            status: 401,
            token_url: "https://t.verify.ibm.com/v1.0/endpoint/default/token".into(),
            detail: String::new(),
        };
        assert_eq!(
            error.to_string(),
            "IBM Security Verify rejected the client credentials (401) at \
             https://t.verify.ibm.com/v1.0/endpoint/default/token: check ibm_verify.client_id \
             and client_secret (IBM_VERIFY_CLIENT_ID, IBM_VERIFY_CLIENT_SECRET)"
        );
    }
}
