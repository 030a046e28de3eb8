//! apiclients-sandbox: a local emulator of the four vendor APIs the provider manages, written from
//! the vendor documents (../shared/vendors, the OpenAPI files and the seeds), never from the
//! provider's own request types, so that a misreading cannot hide on both sides.
//!
//! One axum server serves all four APIs on one port (their paths do not collide) plus an admin API
//! under `/_sandbox/`.
//!
//! SKELETON CONTRACT (shared by the helpers building the sandbox):
//! - each vendor module exposes `pub struct State` (Default + Clone + Serialize + Deserialize: it is
//!   what `/_sandbox/state` shows and what `--state-file` persists), `pub fn router() ->
//!   Router<AppState>`, `pub fn oob_create(&mut State, serde_json::Value) -> Result<serde_json::Value, String>`
//!   and `pub fn oob_delete(&mut State, id: &str) -> bool` (out-of-band changes for drift and import tests);
//! - vendor handlers lock `AppState::state` briefly, never across an await.

pub mod akamai;
pub mod ibm_verify;
pub mod oracle_oam;
pub mod sailpoint;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Admin credentials of a vendor that uses an OAuth2 client_credentials grant.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: String,
}

/// Admin credentials of a vendor that uses HTTP Basic.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BasicCredentials {
    pub username: String,
    pub password: String,
}

/// Akamai EdgeGrid credentials (the three tokens of an `.edgerc` section).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EdgeGridCredentials {
    pub client_token: String,
    pub client_secret: String,
    pub access_token: String,
}

/// The admin credentials of each vendor; `GET /_sandbox/credentials` returns exactly this.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Credentials {
    pub ibm_verify: ClientCredentials,
    pub sailpoint: ClientCredentials,
    pub oracle_oam: BasicCredentials,
    pub akamai: EdgeGridCredentials,
}

/// Every object the sandbox holds, per vendor.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SandboxState {
    #[serde(default)]
    pub ibm_verify: ibm_verify::State,
    #[serde(default)]
    pub oracle_oam: oracle_oam::State,
    #[serde(default)]
    pub sailpoint: sailpoint::State,
    #[serde(default)]
    pub akamai: akamai::State,
}

/// Settings fixed at start-up.
#[derive(Clone, Debug)]
pub struct Options {
    pub credentials: Credentials,
    /// SailPoint's documented limit of 100 requests per token per 10 s (on by default, as on the
    /// real service).
    pub sailpoint_rate_limit: bool,
    /// Lifetime of issued bearer tokens (IBM Verify, SailPoint).
    pub token_lifetime: std::time::Duration,
}

/// What every handler gets.
pub struct Shared {
    pub options: Options,
    pub state: parking_lot::Mutex<SandboxState>,
}

pub type AppState = Arc<Shared>;
