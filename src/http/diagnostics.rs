//! The one place REST-core errors become Terraform diagnostics. The error's own text is written for a
//! Terraform user (vendor, status, method, path, the vendor's message); the summary says what kind of
//! failure it is and what to do next.

use super::HttpError;
use tfplugin::{Diagnostic, PluginError};

impl From<HttpError> for Diagnostic {
    fn from(err: HttpError) -> Diagnostic {
        let summary = match &err {
            HttpError::Api(api) if api.status == 401 => {
                format!("{} refused the provider's credentials", api.vendor)
            }
            HttpError::Api(api) if api.status == 403 => {
                format!(
                    "{} denied the operation: the provider's credentials lack a permission",
                    api.vendor
                )
            }
            HttpError::Api(api) if api.status == 429 => {
                format!("{} kept throttling the provider", api.vendor)
            }
            HttpError::Api(api) if api.status >= 500 => format!("{} failed", api.vendor),
            HttpError::Api(api) => format!("{} rejected the request", api.vendor),
            HttpError::Ambiguous { vendor, .. } => {
                format!("The outcome of a change on {vendor} is unknown")
            }
            HttpError::Transport { vendor, .. } => format!("Cannot reach {vendor}"),
            HttpError::Cancelled { .. } => return PluginError::Cancelled.into(),
            HttpError::CredentialsRejected { vendor, .. } => {
                format!("{vendor} rejected the provider's credentials")
            }
            HttpError::InvalidResponse { vendor, .. } => {
                format!("Unexpected response from {vendor}")
            }
            HttpError::Setup { .. } => "Cannot set up the HTTP client".to_string(),
        };
        let mut detail = err.to_string();
        if let HttpError::Transport { vendor, reason, .. } = &err
            && reason.contains("certificate")
        {
            // The usual cause is a server (or TLS-inspecting proxy) signed by a private CA.
            detail.push_str(&format!(
                ". The server's TLS certificate is not trusted: if it is signed by a private CA, \
                 set ca_cert_file in the provider's {} block to a PEM file of that CA.",
                vendor.config_block()
            ));
        }
        if let HttpError::Transport { vendor, reason, .. } = &err
            && let Some(hint) = transport_hint(*vendor, reason)
        {
            detail.push_str(&format!(". {hint}"));
        }
        if let HttpError::Api(api) = &err
            && api.status == 401
        {
            detail.push_str(&format!(". Check {}.", api.vendor.credential_settings()));
        }
        Diagnostic::error(summary, detail)
    }
}

/// What a transport failure's text says went wrong, where it names a cause a setting can fix
/// (rustls, hyper and the resolver name these cases in their messages, not in their types). The
/// retry rule ([`super::client`]) fails at once on the causes waiting cannot fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TransportCause {
    /// The address says https:// and the server answered the TLS handshake in plain HTTP.
    TlsToPlainServer,
    /// The address says http:// and the server did not answer in HTTP (it speaks TLS).
    PlainToTlsServer,
    /// The host name does not resolve.
    UnknownHost,
    /// Nothing accepts connections at the address (perhaps not yet: a server starting up).
    Refused,
}

impl TransportCause {
    pub(super) fn of(reason: &str) -> Option<TransportCause> {
        if reason.contains("InvalidContentType") || reason.contains("corrupt message") {
            Some(TransportCause::TlsToPlainServer)
        } else if reason.contains("invalid HTTP version") {
            Some(TransportCause::PlainToTlsServer)
        } else if reason.contains("dns error") {
            Some(TransportCause::UnknownHost)
        } else if reason.contains("onnection refused") {
            Some(TransportCause::Refused)
        } else {
            None
        }
    }

    /// Whether the same request would fail the same way however long one waits: a wrong scheme
    /// or a typo'd host. A refused connection may be a server still starting: retried.
    pub(super) fn is_permanent(self) -> bool {
        !matches!(self, TransportCause::Refused)
    }
}

/// The likely cause of a transport failure and the setting to check, from the failure's text.
fn transport_hint(vendor: super::Vendor, reason: &str) -> Option<String> {
    let (setting, env_var) = vendor.url_setting();
    let at = format!("{}.{setting} ({env_var})", vendor.config_block());
    Some(match TransportCause::of(reason)? {
        TransportCause::TlsToPlainServer => format!(
            "The server answered the TLS handshake in plain HTTP: the address says https:// but the server speaks http://. Use http:// in {at}, or serve TLS (the request was not retried)."
        ),
        TransportCause::PlainToTlsServer => format!(
            "The server did not answer in plain HTTP, most likely because it speaks TLS: the address says http://, use https:// in {at} (the request was not retried)."
        ),
        TransportCause::UnknownHost => format!(
            "The host name does not resolve: check {at} for a typo (the request was not retried)."
        ),
        TransportCause::Refused => format!(
            "Nothing accepts connections at that address: check the host and port in {at}, and that the server runs."
        ),
    })
}
