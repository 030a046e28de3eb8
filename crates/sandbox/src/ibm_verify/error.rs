//! IBM's `ErrorResponse` answers (and the 401, 403 and 415 around them).

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::json;

pub(super) const MSG_INVALID_JSON: &str = "CSIBS0400E";
pub(super) const MSG_MISSING_PROPERTY: &str = "CSIBS0401E";
pub(super) const MSG_UNKNOWN_ENTITLEMENT: &str = "CSIBS0402E";
pub(super) const MSG_DUPLICATE: &str = "CSIBS0403E";
pub(super) const MSG_IMMUTABLE: &str = "CSIBS0404E";
pub(super) const MSG_QUERY: &str = "CSIBS0405E";
pub(super) const MSG_NOT_FOUND: &str = "CSIBS0410E";
pub(super) const MSG_UNAUTHORIZED: &str = "CSIBS0420E";
pub(super) const MSG_MEDIA_TYPE: &str = "CSIBS0415E";

/// What the API answers instead of success.
#[derive(Debug, PartialEq)]
pub(super) enum ApiError {
    /// 400 with an `ErrorResponse`.
    BadRequest {
        message_id: &'static str,
        description: String,
    },
    /// 401: missing, unknown or expired bearer token.
    Unauthorized,
    /// 403 with no body, as documented.
    Forbidden,
    /// 404 with an `ErrorResponse`.
    NotFound,
    /// 415 with an `ErrorResponse`: a JSON endpoint sent another media type. The OpenAPI file
    /// declares only `application/json` request bodies and documents no answer for others; 415 is
    /// HTTP's (RFC 9110 §15.5.16), chosen so that a wrong Content-Type never succeeds.
    UnsupportedMediaType(String),
}

impl ApiError {
    pub(super) fn bad_request(
        message_id: &'static str,
        description: impl Into<String>,
    ) -> ApiError {
        ApiError::BadRequest {
            message_id,
            description: description.into(),
        }
    }

    pub(super) fn description(&self) -> String {
        match self {
            ApiError::BadRequest { description, .. } => description.clone(),
            ApiError::Unauthorized => "The access token is missing, invalid or expired.".into(),
            ApiError::Forbidden => {
                "The access token does not allow access to the requested resource.".into()
            }
            ApiError::NotFound => "The requested API client does not exist.".into(),
            ApiError::UnsupportedMediaType(actual) => {
                format!("The media type \"{actual}\" is not supported; send application/json.")
            }
        }
    }
}

fn error_response(status: StatusCode, message_id: &str, description: String) -> Response {
    (
        status,
        axum::Json(json!({ "messageId": message_id, "messageDescription": description })),
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let description = self.description();
        match self {
            ApiError::BadRequest { message_id, .. } => {
                error_response(StatusCode::BAD_REQUEST, message_id, description)
            }
            ApiError::Unauthorized => {
                let mut response =
                    error_response(StatusCode::UNAUTHORIZED, MSG_UNAUTHORIZED, description);
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                response
            }
            ApiError::Forbidden => StatusCode::FORBIDDEN.into_response(),
            ApiError::NotFound => error_response(StatusCode::NOT_FOUND, MSG_NOT_FOUND, description),
            ApiError::UnsupportedMediaType(_) => error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                MSG_MEDIA_TYPE,
                description,
            ),
        }
    }
}
