//! Serving the provider the way go-plugin expects: magic cookie, protocol negotiation, AutoMTLS,
//! a Unix socket, the one-line handshake on stdout, and go-plugin's companion services
//! (controller, stdio, broker, health).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use futures::Stream;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use thiserror::Error;
use tokio::net::{UnixListener, UnixStream};
use tokio_util::sync::CancellationToken;
use tonic::transport::Server;

use crate::grpc;
use crate::provider::Provider;

/// Terraform's handshake cookie (hashicorp/terraform internal/plugin6/serve.go).
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
/// The value Terraform sets [`MAGIC_COOKIE_KEY`] to.
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// How long a graceful stop may wait for open calls before the process exits anyway
/// (go-plugin kills the process 2 s after Shutdown).
const SHUTDOWN_GRACE: Duration = Duration::from_millis(800);
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(20);

/// Why the provider could not serve.
#[derive(Debug, Error)]
pub enum ServeError {
    /// Started without Terraform's handshake cookie.
    #[error(
        "This binary is a Terraform plugin. These are not meant to be executed directly: run it through terraform, or with --debug to serve it for TF_REATTACH_PROVIDERS."
    )]
    NotUnderTerraform,
    /// Terraform offered only protocols other than 6.
    #[error(
        "Terraform offers plugin protocol versions {0:?}, but this provider only speaks protocol 6 (Terraform 1.0 or later)"
    )]
    UnsupportedProtocol(String),
    /// Terraform's client certificate could not be read.
    #[error("PLUGIN_CLIENT_CERT does not hold a PEM certificate: {0}")]
    BadClientCert(String),
    /// The server's own certificate could not be made.
    #[error("could not create the server certificate: {0}")]
    Certificate(#[from] rcgen::Error),
    /// The TLS configuration was refused.
    #[error("TLS setup failed: {0}")]
    Tls(#[from] rustls::Error),
    /// The socket or stdout failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The gRPC server failed.
    #[error("gRPC server error: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// Checks the environment Terraform sets and serves until Terraform shuts the plugin down.
/// Stops serving when the Terraform process that started the provider is gone (a crash, a
/// SIGKILL): it can no longer send Shutdown, and an orphaned provider would otherwise live on,
/// holding its socket and any output pipe it inherited.
fn watch_parent(shutdown: CancellationToken) {
    let parent = std::os::unix::process::parent_id();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tick.tick().await;
            if std::os::unix::process::parent_id() != parent {
                tracing::warn!("Terraform exited without stopping the provider; shutting down");
                shutdown.cancel();
                return;
            }
        }
    });
}

/// How to serve.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServeOptions {
    /// Serve without Terraform (no cookie, no TLS) and print a TF_REATTACH_PROVIDERS value to
    /// attach Terraform to this process; runs until Ctrl-C. For debuggers.
    pub debug: bool,
}

/// Serves `provider` until Terraform shuts it down (or, with `debug`, until Ctrl-C): what a
/// provider's `main` calls.
pub async fn run(provider: Arc<dyn Provider>, options: ServeOptions) -> Result<(), ServeError> {
    if options.debug {
        serve_debug(provider).await
    } else {
        serve(provider).await
    }
}

async fn serve(provider: Arc<dyn Provider>) -> Result<(), ServeError> {
    if std::env::var(MAGIC_COOKIE_KEY).ok().as_deref() != Some(MAGIC_COOKIE_VALUE) {
        return Err(ServeError::NotUnderTerraform);
    }
    negotiate_protocol(std::env::var("PLUGIN_PROTOCOL_VERSIONS").ok().as_deref())?;
    let client_cert = match std::env::var("PLUGIN_CLIENT_CERT") {
        Ok(pem) if !pem.trim().is_empty() => Some(
            CertificateDer::from_pem_slice(pem.as_bytes())
                .map_err(|e| ServeError::BadClientCert(e.to_string()))?,
        ),
        _ => None,
    };
    let socket_dir =
        SocketDir::create(std::env::var_os("PLUGIN_UNIX_SOCKET_DIR").map(PathBuf::from))?;
    let listener = UnixListener::bind(socket_dir.socket())?;
    let shutdown = CancellationToken::new();
    // Terraform forwards Ctrl-C to the whole process group but drives the plugin's lifecycle
    // itself (StopProvider, then Shutdown), so an interrupt must not kill the plugin.
    tokio::spawn(async {
        while tokio::signal::ctrl_c().await.is_ok() {
            tracing::debug!("interrupt received; waiting for Terraform to stop the provider");
        }
    });

    watch_parent(shutdown.clone());

    let socket = socket_dir.socket().display().to_string();
    match client_cert {
        Some(client_cert) => {
            let (config, server_der) = tls_config(client_cert)?;
            let cert_field =
                base64::engine::general_purpose::STANDARD_NO_PAD.encode(server_der.as_ref());
            let incoming = tls_incoming(listener, config, shutdown.clone());
            handshake_line(&format!("1|6|unix|{socket}|grpc|{cert_field}"))?;
            run_server(provider, incoming, shutdown).await
        }
        None => {
            handshake_line(&format!("1|6|unix|{socket}|grpc|"))?;
            run_server(provider, plain_incoming(listener), shutdown).await
        }
    }
}

/// Debug mode: serves without Terraform (no cookie, no TLS) and prints the TF_REATTACH_PROVIDERS
/// line; runs until Ctrl-C.
async fn serve_debug(provider: Arc<dyn Provider>) -> Result<(), ServeError> {
    let socket_dir =
        SocketDir::create(std::env::var_os("PLUGIN_UNIX_SOCKET_DIR").map(PathBuf::from))?;
    let listener = UnixListener::bind(socket_dir.socket())?;
    let shutdown = CancellationToken::new();
    let on_interrupt = shutdown.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });
    let reattach = serde_json::json!({
        provider.address(): {
            "Protocol": "grpc",
            "ProtocolVersion": 6,
            "Pid": std::process::id(),
            "Test": true,
            "Addr": {"Network": "unix", "String": socket_dir.socket().display().to_string()},
        }
    });
    {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:\n"
        )?;
        writeln!(out, "\tTF_REATTACH_PROVIDERS='{reattach}'\n")?;
        writeln!(out, "Press Ctrl-C to stop the provider.")?;
        out.flush()?;
    }
    run_server(provider, plain_incoming(listener), shutdown).await
}

/// Picks protocol 6 from Terraform's comma list; an absent list means the client accepts our
/// default, as go-plugin does.
pub fn negotiate_protocol(offered: Option<&str>) -> Result<u32, ServeError> {
    match offered {
        None => Ok(6),
        Some(list) if list.trim().is_empty() => Ok(6),
        Some(list) => {
            if list.split(',').any(|v| v.trim() == "6") {
                Ok(6)
            } else {
                Err(ServeError::UnsupportedProtocol(list.to_owned()))
            }
        }
    }
}

fn handshake_line(line: &str) -> Result<(), ServeError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(())
}

type Incoming<IO> = Pin<Box<dyn Stream<Item = Result<IO, std::io::Error>> + Send>>;

fn plain_incoming(listener: UnixListener) -> Incoming<UnixStream> {
    Box::pin(tokio_stream::wrappers::UnixListenerStream::new(listener))
}

fn tls_incoming(
    listener: UnixListener,
    config: rustls::ServerConfig,
    shutdown: CancellationToken,
) -> Incoming<tokio_rustls::server::TlsStream<UnixStream>> {
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                () = shutdown.cancelled() => break,
                a = listener.accept() => a,
            };
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!(error = %e, "accepting a connection failed");
                    continue;
                }
            };
            // Handshakes run apart from the accept loop so one stalled client cannot block others.
            let acceptor = acceptor.clone();
            let tx = tx.clone();
            tokio::spawn(async move {
                match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                    Ok(Ok(tls)) => {
                        let _ = tx.send(Ok(tls)).await;
                    }
                    Ok(Err(e)) => tracing::warn!(error = %e, "refused a TLS connection"),
                    Err(_) => tracing::warn!("TLS handshake timed out"),
                }
            });
        }
    });
    Box::pin(tokio_stream::wrappers::ReceiverStream::new(rx))
}

async fn run_server<IO>(
    provider: Arc<dyn Provider>,
    incoming: Incoming<IO>,
    shutdown: CancellationToken,
) -> Result<(), ServeError>
where
    IO: tonic::transport::server::Connected
        + tokio::io::AsyncRead
        + tokio::io::AsyncWrite
        + Unpin
        + Send
        + 'static,
{
    let server = Server::builder()
        .add_routes(grpc::routes(provider, shutdown.clone()).await)
        .serve_with_incoming_shutdown(incoming, shutdown.clone().cancelled_owned());
    tokio::pin!(server);
    tokio::select! {
        r = &mut server => r?,
        () = async { shutdown.cancelled().await; tokio::time::sleep(SHUTDOWN_GRACE).await } => {
            tracing::debug!("open calls did not finish in time; exiting anyway");
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- TLS

/// A fresh self-signed CA certificate for "localhost" (go-plugin adds it as the only root) and
/// a server config that requires exactly Terraform's client certificate.
fn tls_config(
    client_cert: CertificateDer<'static>,
) -> Result<(rustls::ServerConfig, CertificateDer<'static>), ServeError> {
    let key = rcgen::KeyPair::generate()?;
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()])?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "tfplugin");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::KeyEncipherment,
        rcgen::KeyUsagePurpose::KeyCertSign,
    ];
    params.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
    ];
    let cert = params.self_signed(&key)?;
    let server_der = cert.der().clone();
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = PinnedClientCert {
        expected: client_cert,
        algorithms: provider.signature_verification_algorithms,
    };
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(Arc::new(verifier))
        .with_single_cert(vec![server_der.clone()], key_der)?;
    // grpc-go enforces ALPN "h2" on TLS connections.
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok((config, server_der))
}

/// Accepts only the exact certificate Terraform put in PLUGIN_CLIENT_CERT, and checks the
/// handshake signature with aws-lc-rs, which (unlike ring) verifies the P-521 keys go-plugin
/// generates. Pinning the bytes is stricter than webpki path building, which would also refuse
/// go-plugin's certificate for being a CA used as an end entity.
#[derive(Debug)]
struct PinnedClientCert {
    expected: CertificateDer<'static>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for PinnedClientCert {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.expected.as_ref() {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }

    fn client_auth_mandatory(&self) -> bool {
        true
    }
}

// ---------------------------------------------------------------- socket directory

/// A private temporary directory holding the socket, removed when the server ends.
struct SocketDir(PathBuf);

impl SocketDir {
    fn create(base: Option<PathBuf>) -> Result<Self, std::io::Error> {
        let base = base.unwrap_or_else(std::env::temp_dir);
        let dir = base.join(format!(
            "tfplugin-{}-{:08x}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir_all(&dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(SocketDir(dir))
    }

    fn socket(&self) -> PathBuf {
        self.0.join("plugin.sock")
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for SocketDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.path());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_negotiation() {
        assert_eq!(negotiate_protocol(Some("5,6")).unwrap(), 6);
        assert_eq!(negotiate_protocol(Some("6,5")).unwrap(), 6);
        assert_eq!(negotiate_protocol(None).unwrap(), 6);
        let err = negotiate_protocol(Some("4,5")).unwrap_err();
        assert!(err.to_string().contains("protocol 6"));
    }
}
