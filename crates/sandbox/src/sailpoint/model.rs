//! The tenant's OAuth clients, and the small helpers for ids, secrets and times.

use chrono::{DateTime, SecondsFormat, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::token::Sessions;

/// Every SailPoint object the sandbox holds.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// OAuth clients in creation order (the order list returns them in).
    #[serde(default)]
    pub clients: Vec<OAuthClient>,
    /// Issued access tokens and their rate-limit windows; never persisted.
    #[serde(skip)]
    pub(super) sessions: Sessions,
}

/// One OAuth client. The secret is not kept: it is shown once, at creation.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthClient {
    pub id: String,
    /// Patchable per the spec but absent from every response schema, so never rendered.
    #[serde(default)]
    pub tenant: Option<String>,
    #[serde(default)]
    pub business_name: Option<String>,
    #[serde(default)]
    pub homepage_url: Option<String>,
    pub name: String,
    pub description: String,
    pub access_token_validity_seconds: i32,
    #[serde(default)]
    pub refresh_token_validity_seconds: Option<i32>,
    #[serde(default)]
    pub redirect_uris: Option<Vec<String>>,
    pub grant_types: Vec<String>,
    pub access_type: String,
    #[serde(rename = "type")]
    pub client_type: String,
    pub internal: bool,
    pub enabled: bool,
    pub strong_auth_supported: bool,
    pub claims_supported: bool,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    #[serde(default)]
    pub metadata: Option<String>,
    #[serde(default)]
    pub last_used: Option<DateTime<Utc>>,
    pub scope: Vec<String>,
}

pub(super) fn now_millis() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

pub(super) fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(super) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn new_secret() -> String {
    random_hex(32)
}

pub(super) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
