//! Oracle Access Manager: OAuth clients of the OAuth Policy Admin REST API
//! (`/oam/services/rest/ssa/api/v1/oauthpolicyadmin/client`), authenticated with HTTP Basic.

pub mod access_token;
pub mod api;
pub mod config;
pub mod oauth_client;
pub mod oauth_client_list;
pub mod oauth_clients_data_source;

pub use access_token::OracleOamAccessToken;
pub use api::OracleOamClient;
pub use config::{OracleOamSettings, PartialOracleOam};
pub use oauth_client::OracleOamOAuthClientResource;
