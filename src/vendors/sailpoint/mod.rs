//! SailPoint Identity Security Cloud: OAuth clients (`/beta/oauth-clients`).
//!
//! Admin calls authenticate with a token from `{base}/oauth/token` (client_credentials grant;
//! create, patch and delete need a personal access token's id and secret, whose tokens carry a
//! user context), shared by every resource of a provider instance.

pub mod access_token;
pub mod api;
pub mod config;
pub mod oauth_client;
pub mod oauth_client_list;
pub mod oauth_clients_data_source;

pub use access_token::SailPointAccessToken;
pub use api::SailPointClient;
pub use config::{PartialSailPoint, SailPointSettings};
pub use oauth_client::SailPointOAuthClientResource;
pub use oauth_clients_data_source::OAuthClientsDataSource;
