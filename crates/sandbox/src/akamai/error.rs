//! Errors of the Akamai IAM emulator, rendered as problem+json: the RFC 7807 shape the Go library
//! parses (`pkg/iam/errors.go`: `type`, `title`, `detail`, `instance`, `status`, `errors`), with a
//! `type` path as in the real 403 quoted in akamai/terraform-provider-akamai#704.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::edgegrid::EdgeGridError;

/// Errors in Akamai's problem+json form.
#[derive(Debug, thiserror::Error)]
pub enum IamError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("request body too large")]
    TooLarge,
    #[error("{0}")]
    UnsupportedMediaType(String),
}

impl From<EdgeGridError> for IamError {
    fn from(e: EdgeGridError) -> Self {
        IamError::Unauthorized(e.to_string())
    }
}

impl IntoResponse for IamError {
    fn into_response(self) -> Response {
        let (status, kind, title) = match &self {
            IamError::BadRequest(_) => (
                StatusCode::BAD_REQUEST,
                "/identity-management/error-types/2",
                "Bad Request",
            ),
            IamError::NotFound(_) => (
                StatusCode::NOT_FOUND,
                "/identity-management/error-types/5",
                "Not Found",
            ),
            IamError::Forbidden(_) => (
                StatusCode::FORBIDDEN,
                "/identity-management/error-types/7",
                "Forbidden",
            ),
            IamError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                "https://problems.luna.akamaiapis.net/-/pep-authn/deny",
                "Not authorized",
            ),
            IamError::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "/identity-management/error-types/2",
                "Unsupported Media Type",
            ),
            IamError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "/identity-management/error-types/2",
                "Payload Too Large",
            ),
        };
        let body = json!({
            "type": kind,
            "title": title,
            "status": status.as_u16(),
            "detail": self.to_string(),
            "instance": format!("/identity-management/v3/errors/{}", uuid::Uuid::new_v4()),
            "errors": [],
        });
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    }
}
