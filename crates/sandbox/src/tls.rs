//! HTTPS for the sandbox: a fresh self-signed certificate for `localhost` and `127.0.0.1` per
//! start, whose PEM is handed to clients so they can trust exactly this server (no CA, no files
//! to manage, nothing reused between runs).

use std::sync::Arc;

/// Errors building the TLS configuration.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot generate the self-signed certificate: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("cannot build the TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
}

/// A generated certificate with its server configuration.
pub struct SelfSignedTls {
    /// The certificate in PEM, for clients to trust.
    pub certificate_pem: String,
    pub server_config: Arc<rustls::ServerConfig>,
}

impl std::fmt::Debug for SelfSignedTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SelfSignedTls")
            .field("certificate_pem", &self.certificate_pem)
            .finish_non_exhaustive()
    }
}

/// Generates a certificate valid for `localhost` and `127.0.0.1` and a server configuration
/// offering HTTP/2 and HTTP/1.1 over it.
pub fn self_signed() -> Result<SelfSignedTls, TlsError> {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])?;
    let certificate_pem = certified.cert.pem();
    let certificate_der = certified.cert.der().clone();
    let key_der = rustls_pki_types::PrivateKeyDer::Pkcs8(
        rustls_pki_types::PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der()),
    );
    let mut server_config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_no_client_auth()
    .with_single_cert(vec![certificate_der], key_der)?;
    server_config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(SelfSignedTls {
        certificate_pem,
        server_config: Arc::new(server_config),
    })
}
