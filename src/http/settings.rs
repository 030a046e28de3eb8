//! Transport settings shared by every vendor, and the reqwest client built from them.

use std::path::PathBuf;
use std::time::Duration;

use crate::http::error::HttpError;
use crate::http::retry::RetryPolicy;

/// Settings of the HTTP transport of one vendor in one provider instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpSettings {
    /// A PEM file of CA certificates (one or many) trusted **in addition to** the system roots:
    /// a private CA in front of an on-premises OAM, or the sandbox's self-signed CA. Adding
    /// rather than replacing keeps public tenants (IBM, SailPoint, Akamai) reachable from the same
    /// provider configuration.
    pub ca_cert_file: Option<PathBuf>,
    /// Upper bound of one attempt, from connecting to the last byte of the response body.
    pub request_timeout: Duration,
    /// How many times one call is retried after its first attempt (0 disables retries).
    pub max_retries: u32,
    /// Ceiling of the first back-off; it doubles per retry up to `max_backoff` (full jitter).
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// The provider's `duplicate_names`: what a create does when a same-name object exists.
    pub duplicate_names: crate::http::recovery::DuplicateNames,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            ca_cert_file: None,
            request_timeout: Duration::from_secs(30),
            max_retries: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
            duplicate_names: crate::http::recovery::DuplicateNames::Warn,
        }
    }
}

impl HttpSettings {
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_retries: self.max_retries,
            initial_backoff: self.initial_backoff,
            max_backoff: self.max_backoff,
            ..RetryPolicy::default()
        }
    }

    /// Builds the reqwest client. Redirects are not followed: none of the four admin APIs
    /// documents one, and following a redirect would re-send credentials to another URL
    /// (and EdgeGrid signatures would not match the new URL anyway).
    pub fn build_client(&self) -> Result<reqwest::Client, HttpError> {
        let mut builder = reqwest::Client::builder()
            .timeout(self.request_timeout)
            .connect_timeout(self.request_timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!(
                "terraform-provider-apiclients/",
                env!("CARGO_PKG_VERSION")
            ));
        if let Some(path) = &self.ca_cert_file {
            let pem = std::fs::read(path).map_err(|err| HttpError::Setup {
                message: format!("cannot read ca_cert_file {}: {err}", path.display()),
            })?;
            let certs =
                reqwest::Certificate::from_pem_bundle(&pem).map_err(|err| HttpError::Setup {
                    message: format!(
                        "ca_cert_file {} is not a PEM certificate bundle: {err}",
                        path.display()
                    ),
                })?;
            if certs.is_empty() {
                return Err(HttpError::Setup {
                    message: format!("ca_cert_file {} contains no certificate", path.display()),
                });
            }
            builder = builder.tls_certs_merge(certs);
        }
        builder.build().map_err(|err| HttpError::Setup {
            message: format!("cannot build the HTTP client: {}", error_chain(&err)),
        })
    }
}

/// The message of an error and all its sources, so that "error sending request" also says
/// *why* (refused, certificate unknown, ...).
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_values() {
        let settings = HttpSettings::default();
        assert_eq!(settings.request_timeout, Duration::from_secs(30));
        assert_eq!(settings.max_retries, 5);
        assert!(settings.build_client().is_ok());
    }

    #[test]
    fn unreadable_or_empty_ca_files_are_setup_errors() {
        let missing = HttpSettings {
            ca_cert_file: Some(PathBuf::from("/nonexistent/ca.pem")),
            ..HttpSettings::default()
        };
        let err = missing.build_client().unwrap_err().to_string();
        assert!(
            err.contains("cannot read ca_cert_file /nonexistent/ca.pem"),
            "{err}"
        );

        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate").unwrap();
        let settings = HttpSettings {
            ca_cert_file: Some(empty),
            ..HttpSettings::default()
        };
        let err = settings.build_client().unwrap_err().to_string();
        assert!(
            err.contains("contains no certificate") || err.contains("not a PEM"),
            "{err}"
        );
    }
}
