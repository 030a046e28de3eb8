//! The REST core every vendor module uses.
//!
//! One [`RestClient`] per vendor per provider instance: a reqwest client (rustls on aws-lc-rs)
//! built from [`HttpSettings`], a base URL, and an [`Authenticator`] that adds credentials to
//! every attempt. The client retries what is safe to retry (see [`client`] for the exact rule),
//! honours `Retry-After`, refuses to blindly repeat a create whose outcome is unknown
//! ([`HttpError::Ambiguous`]), stops waiting when Terraform cancels, and turns vendor error
//! bodies into [`ApiError`]s a Terraform user can act on. Secrets never reach logs or errors.
//! Refreshes of one vendor share list calls through a [`Coalescer`] (see [`coalesce`] for the
//! policy), which every write through the client invalidates. A create knows what existed before
//! it from the run's [`ExistingRecord`] where the vendor keeps one, and a client whose vendor
//! documents a rate limit paces its requests to it ([`Pacer`]).

pub mod auth;
pub mod authenticator;
pub mod client;
pub mod coalesce;
mod diagnostics;
pub mod error;
pub mod existing;
pub mod pacing;
pub mod recovery;
pub mod redact;
pub mod retry;
pub mod settings;
pub mod unfinished;
pub mod vendor_clock;

pub use auth::{
    BasicAuth, ClientAuthentication, GrantedToken, OAuth2ClientCredentials, StaticBearer,
};
pub use authenticator::{Authenticator, NoAuth};
pub use client::{RequestBody, RestClient, RestRequest, RestResponse, Transport};
pub use coalesce::{Coalescer, Page};
pub use error::{ApiError, Forbidden, HttpError, Vendor, found};
pub use existing::{ExistingRecord, Listing, RunRecord};
pub use pacing::Pacer;
pub use retry::RetryPolicy;
/// A secret the HTTP layer sends (a client secret, a password, a token): the framework's
/// `Sensitive`, whose `Debug` prints `***`.
pub type Secret = tfplugin::Sensitive<String>;
pub use settings::HttpSettings;
pub use tokio_util::sync::CancellationToken;
pub use vendor_clock::{ServerClock, VendorClock};

/// Percent-encodes one path segment (an object id) so that ids containing `/`, `?`, `#` or
/// spaces cannot change which resource a request addresses.
pub fn encode_path_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::encode_path_segment;

    #[test]
    fn path_segments_cannot_escape_their_segment() {
        assert_eq!(encode_path_segment("abc-123_x.y~z"), "abc-123_x.y~z");
        assert_eq!(encode_path_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_path_segment(".."), "..");
    }
}
