//! The API's error answers: `ErrorResponseDto`, the JWT 401 and the rate limit's 429.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::model::random_hex;

/// Client errors of the OAuth-client API, each rendered in the vendor's documented shape.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("JWT validation failed: {0}")]
    Unauthorized(&'static str),
    /// A token without the user context or scope the operation requires.
    #[error("The server understood the request but refuses to authorize it.")]
    Forbidden,
    #[error("rate limit exceeded")]
    RateLimited { retry_after_secs: u64 },
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::BadRequest(text) => {
                error_dto(StatusCode::BAD_REQUEST, "400.1 Bad Request Content", text)
            }
            ApiError::NotFound(text) => error_dto(StatusCode::NOT_FOUND, "404 Not found", text),
            ApiError::Forbidden => {
                error_dto(StatusCode::FORBIDDEN, "403 Forbidden", &self.to_string())
            }
            ApiError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({ "error": self.to_string() })),
            )
                .into_response(),
            ApiError::RateLimited { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry_after_secs.to_string())],
                axum::Json(json!({ "message": " Rate Limit Exceeded " })),
            )
                .into_response(),
        }
    }
}

fn error_dto(status: StatusCode, detail_code: &str, text: &str) -> Response {
    let message = json!({ "locale": "en-US", "localeOrigin": "DEFAULT", "text": text });
    let body = json!({
        "detailCode": detail_code,
        "trackingId": random_hex(16),
        "messages": [message],
        "causes": [],
    });
    (status, axum::Json(body)).into_response()
}
