//! IBM Security Verify: privileged API clients (`/v1.0/apiclients`).
//!
//! Admin calls authenticate with an OAuth2 client_credentials token from
//! `{tenant}/v1.0/endpoint/default/token`, shared by every resource of a provider instance.

pub mod access_token;
pub mod api;
pub mod api_client;
pub mod api_client_list;
pub mod config;
pub mod entitlements;
pub mod entitlements_data_source;

pub use access_token::IbmVerifyAccessToken;
pub use api::IbmVerifyClient;
pub use api_client::IbmVerifyApiClientResource;
pub use config::{IbmVerifySettings, PartialIbmVerify};
pub use entitlements_data_source::IbmVerifyEntitlementsDataSource;
