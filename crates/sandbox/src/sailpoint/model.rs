//! The tenant's OAuth clients, and the small helpers for ids, secrets and times.

use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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

/// One OAuth client. The secret itself is not kept: it is shown once, at creation; only its
/// SHA-256 is, so that the token grant can check it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthClient {
    pub id: String,
    /// Hex SHA-256 of the secret; absent in state files written before clients could get tokens
    /// (such a client cannot authenticate). Never rendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_sha256: Option<String>,
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

impl OAuthClient {
    /// Gives the client a new secret and returns it, the one time it is seen in clear.
    pub(super) fn issue_secret(&mut self) -> String {
        let secret = new_secret();
        self.secret_sha256 = Some(sha256_hex(&secret));
        secret
    }

    /// Whether `secret` is this client's (compared in constant time).
    pub(super) fn secret_matches(&self, secret: &str) -> bool {
        self.secret_sha256.as_deref().is_some_and(|expected| {
            constant_time_eq(sha256_hex(secret).as_bytes(), expected.as_bytes())
        })
    }
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(super) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_secret() -> String {
    random_hex(32)
}

pub(super) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
