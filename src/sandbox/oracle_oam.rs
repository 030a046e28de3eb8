//! Placeholder: to be written from the vendor documents.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {}

pub fn router() -> axum::Router<super::AppState> {
    axum::Router::new()
}

pub fn oob_create(
    _state: &mut State,
    _body: serde_json::Value,
) -> Result<serde_json::Value, String> {
    Err("not implemented".into())
}

pub fn oob_delete(_state: &mut State, _id: &str) -> bool {
    false
}
