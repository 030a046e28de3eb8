//! Akamai Identity and Access Management (IAM) v3.
//!
//! Authentication for every admin-API call is Akamai's EdgeGrid `EG1-HMAC-SHA256` request
//! signature ([`edgegrid`]), computed from credentials usually kept in an INI-style `.edgerc`
//! file ([`edgerc`]). Both modules are pure functions with no HTTP, so the HTTP core and the
//! tests can call them directly.

pub mod edgegrid;
pub mod edgerc;
pub mod edgerc_functions;

pub mod api;
pub mod api_client;
pub mod api_client_credential;
pub mod api_client_list;
pub mod api_clients_data_source;
pub mod client;
pub mod config;
pub mod ephemeral_credential;

pub use api_client::AkamaiApiClientResource;
pub use api_client_credential::AkamaiApiClientCredentialResource;
pub use client::AkamaiClient;
pub use config::{AkamaiSettings, PartialAkamai};
pub use ephemeral_credential::EphemeralCredential;
