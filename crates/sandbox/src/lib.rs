//! apiclients-sandbox: a local emulator of the four vendor APIs the provider manages, written from
//! the vendor documents (their API references, OpenAPI files and client libraries), never from the
//! provider's own request types, so that a misreading cannot hide on both sides. It is its own
//! crate and does not depend on the provider: the compiler keeps the two apart.
//!
//! One axum server serves all four APIs on one port (their paths do not collide) plus an admin API
//! under `/_sandbox/`.
//!
//! Each vendor module exposes `pub struct State` (Default + Clone + Serialize + Deserialize: it is
//!   what `/_sandbox/state` shows and what `--state-file` persists), `pub fn router() ->
//!   Router<AppState>`, `pub fn oob_create(&mut State, serde_json::Value) -> Result<serde_json::Value, String>`
//!   (Akamai's and SailPoint's also take the sandbox clock's `now`, for the times they stamp) and
//!   `pub fn oob_delete(&mut State, id: &str) -> bool` (out-of-band changes for drift and import tests);
//! Vendor handlers lock `AppState::state` briefly, never across an await.
//!
//! Around the vendor routers sits the framework: [`control`] (request log, injected faults and
//! state persistence, applied by one middleware), [`admin`] (the `/_sandbox/` API), [`server`]
//! (the accept loop, plain or TLS, which can drop a connection on purpose) and [`tls`] (the
//! self-signed certificate). Tests start it with [`Sandbox::start`]. What the vendor APIs share
//! because they follow the same standards (media types, HTTP Basic, OAuth errors) is in
//! [`protocol`]; the times they stamp come from [`clock`].

pub mod admin;
pub mod akamai;
pub mod clock;
pub mod control;
pub mod faults;
pub mod ibm_verify;
pub mod oracle_oam;
pub mod protocol;
pub mod sailpoint;
pub mod server;
pub mod tls;

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use control::{Control, RequestRecord};
pub use faults::FaultSpec;
pub use server::{Sandbox, SandboxConfig, SandboxError, SandboxHandle, serve};

/// Default admin credentials, fixed so that examples, docs and `make demo` can rely on them.
pub const DEFAULT_IBM_CLIENT_ID: &str = "sandbox-ibm-admin";
pub const DEFAULT_IBM_CLIENT_SECRET: &str = "sandbox-ibm-secret";
pub const DEFAULT_SAILPOINT_CLIENT_ID: &str = "sandbox-sailpoint-admin";
pub const DEFAULT_SAILPOINT_CLIENT_SECRET: &str = "sandbox-sailpoint-secret";
pub const DEFAULT_OAM_USERNAME: &str = "oamadmin";
pub const DEFAULT_OAM_PASSWORD: &str = "sandbox-oam-password";
pub const DEFAULT_AKAMAI_CLIENT_TOKEN: &str = "akab-sandbox-client-token";
pub const DEFAULT_AKAMAI_CLIENT_SECRET: &str = "sandbox-akamai-client-secret";
pub const DEFAULT_AKAMAI_ACCESS_TOKEN: &str = "akab-sandbox-access-token";
/// IBM Verify's documented `expires_in` (seconds).
pub const DEFAULT_TOKEN_LIFETIME_S: u64 = 7199;

/// The vendor a request belongs to; the names are the keys used by the admin API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vendor {
    IbmVerify,
    OracleOam,
    Sailpoint,
    Akamai,
}

impl Vendor {
    pub const ALL: [Vendor; 4] = [
        Vendor::IbmVerify,
        Vendor::OracleOam,
        Vendor::Sailpoint,
        Vendor::Akamai,
    ];

    /// The admin-API key (`ibm_verify`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Vendor::IbmVerify => "ibm_verify",
            Vendor::OracleOam => "oracle_oam",
            Vendor::Sailpoint => "sailpoint",
            Vendor::Akamai => "akamai",
        }
    }

    pub fn from_key(key: &str) -> Option<Vendor> {
        Vendor::ALL.into_iter().find(|vendor| vendor.key() == key)
    }

    /// Which vendor API a path belongs to; the four APIs' paths do not overlap.
    pub fn of_path(path: &str) -> Option<Vendor> {
        let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
        if under("/v1.0") || path == "/oauth2/token" {
            Some(Vendor::IbmVerify)
        } else if under("/oam") || under("/oauth2/rest") {
            Some(Vendor::OracleOam)
        } else if path == "/oauth/token"
            || sailpoint::VERSION_PREFIXES
                .iter()
                .any(|prefix| under(prefix))
            || under("/oauth-clients")
        {
            Some(Vendor::Sailpoint)
        } else if under("/identity-management") {
            Some(Vendor::Akamai)
        } else {
            None
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Admin credentials of a vendor that uses an OAuth2 client_credentials grant.
#[derive(Clone, Serialize, Deserialize)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: String,
}

/// Admin credentials of a vendor that uses HTTP Basic.
#[derive(Clone, Serialize, Deserialize)]
pub struct BasicCredentials {
    pub username: String,
    pub password: String,
}

/// Akamai EdgeGrid credentials (the three tokens of an `.edgerc` section).
#[derive(Clone, Serialize, Deserialize)]
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

// Debug impls redact secrets: these structs end up in tracing output and test failure messages.
impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl fmt::Debug for EdgeGridCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdgeGridCredentials")
            .field("client_token", &self.client_token)
            .field("client_secret", &"<redacted>")
            .field("access_token", &"<redacted>")
            .finish()
    }
}

impl Default for Credentials {
    /// The fixed, documented sandbox defaults (docs/guides/sandbox.md).
    fn default() -> Self {
        Credentials {
            ibm_verify: ClientCredentials {
                client_id: DEFAULT_IBM_CLIENT_ID.into(),
                client_secret: DEFAULT_IBM_CLIENT_SECRET.into(),
            },
            sailpoint: ClientCredentials {
                client_id: DEFAULT_SAILPOINT_CLIENT_ID.into(),
                client_secret: DEFAULT_SAILPOINT_CLIENT_SECRET.into(),
            },
            oracle_oam: BasicCredentials {
                username: DEFAULT_OAM_USERNAME.into(),
                password: DEFAULT_OAM_PASSWORD.into(),
            },
            akamai: EdgeGridCredentials {
                client_token: DEFAULT_AKAMAI_CLIENT_TOKEN.into(),
                client_secret: DEFAULT_AKAMAI_CLIENT_SECRET.into(),
                access_token: DEFAULT_AKAMAI_ACCESS_TOKEN.into(),
            },
        }
    }
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
    /// IBM Verify and OAM creates ignore a supplied client ID and secret and make their own, as
    /// IBM's "Create API client" page describes the tenant doing ("with a random client ID and
    /// secret", read back from the `Location`); off by default, where they are kept as IBM's
    /// OpenAPI file (both optional inputs) and OAM's "Add a new OAuth client" example allow.
    pub ignore_supplied_client_ids: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            credentials: Credentials::default(),
            sailpoint_rate_limit: true,
            token_lifetime: std::time::Duration::from_secs(DEFAULT_TOKEN_LIFETIME_S),
            ignore_supplied_client_ids: false,
        }
    }
}

/// What every handler gets.
pub struct Shared {
    pub options: Options,
    pub state: parking_lot::Mutex<SandboxState>,
    /// The emulator's time (see [`clock`]): what every lifetime is measured against.
    pub clock: clock::Clock,
}

pub type AppState = Arc<Shared>;

impl Shared {
    pub fn new(options: Options, state: SandboxState) -> AppState {
        Arc::new(Shared {
            options,
            state: parking_lot::Mutex::new(state),
            clock: clock::Clock::default(),
        })
    }
}

/// The whole sandbox as one axum router: the four vendor APIs, the admin API under `/_sandbox/`
/// and the middleware that logs, injects faults and persists. Serve it with [`serve`] (not with
/// `axum::serve`) for injected connection drops to really drop the connection.
pub fn app(control: Arc<Control>) -> axum::Router {
    let shared = control.shared.clone();
    axum::Router::new()
        .merge(ibm_verify::router())
        .merge(oracle_oam::router())
        .merge(sailpoint::router())
        .merge(akamai::router())
        .merge(admin::router(control.clone()))
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            clock::date_header,
        ))
        .layer(axum::middleware::from_fn_with_state(
            control,
            control::traffic_middleware,
        ))
        .with_state(shared)
}
