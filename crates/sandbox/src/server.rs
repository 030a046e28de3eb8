//! The sandbox's accept loop and the in-process handle tests use.
//!
//! Connections are served with hyper-util directly rather than `axum::serve` for two reasons: an
//! injected `drop_connection` fault must close the TCP connection without any HTTP response
//! (hyper does exactly that when the service fails), and TLS handshakes run per connection task
//! so a slow client never blocks the accept loop.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use super::control::{Control, DropConnection, PersistError, RequestRecord, load_state};
use super::tls::{TlsError, self_signed};
use super::{Credentials, Options, SandboxState, Shared, app};

/// A TLS handshake that takes longer than this is abandoned.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// On shutdown, connections still busy after this are cut.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Errors starting or running the sandbox.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read the listening address: {0}")]
    LocalAddr(std::io::Error),
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error(transparent)]
    State(#[from] PersistError),
    #[error("the sandbox server task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// How to run the sandbox, beyond the vendor [`Options`].
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Where to listen; `127.0.0.1:0` (any free port) by default.
    pub listen: SocketAddr,
    /// Serve HTTPS with a fresh self-signed certificate (see [`SandboxHandle::certificate_pem`]).
    pub tls: bool,
    /// Load the state from this file at start and save it after every change.
    pub state_file: Option<PathBuf>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: false,
            state_file: None,
        }
    }
}

/// Starts sandboxes in-process.
pub struct Sandbox;

impl Sandbox {
    /// Plain HTTP on 127.0.0.1 with a free port and empty state.
    pub async fn start(options: Options) -> Result<SandboxHandle, SandboxError> {
        Sandbox::start_with(options, SandboxConfig::default()).await
    }

    pub async fn start_with(
        options: Options,
        config: SandboxConfig,
    ) -> Result<SandboxHandle, SandboxError> {
        let initial_state = match &config.state_file {
            Some(path) => load_state(path)?,
            None => SandboxState::default(),
        };
        let control = Arc::new(Control::new(
            Shared::new(options, initial_state),
            config.state_file.clone(),
        ));
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| SandboxError::Bind {
                    addr: config.listen,
                    source,
                })?;
        let addr = listener.local_addr().map_err(SandboxError::LocalAddr)?;
        let (tls, certificate_pem) = if config.tls {
            let generated = self_signed()?;
            (
                Some(generated.server_config),
                Some(generated.certificate_pem),
            )
        } else {
            (None, None)
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, control.clone(), tls, async move {
            // A dropped sender (handle dropped) stops the server as well.
            let _ = stopped.await;
        }));
        Ok(SandboxHandle {
            url: format!("{scheme}://{addr}"),
            addr,
            certificate_pem,
            control,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A running in-process sandbox. Dropping it stops the server too.
pub struct SandboxHandle {
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    pub addr: SocketAddr,
    /// The self-signed certificate in PEM when started with TLS.
    pub certificate_pem: Option<String>,
    pub control: Arc<Control>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), SandboxError>>>,
}

impl std::fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxHandle")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl SandboxHandle {
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn credentials(&self) -> &Credentials {
        &self.control.shared.options.credentials
    }

    /// A copy of every vendor's objects.
    pub fn state(&self) -> SandboxState {
        self.control.shared.state.lock().clone()
    }

    /// The request log, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.control.requests(None)
    }

    /// Stops accepting, lets open requests finish (for a few seconds at most) and saves the
    /// state file.
    pub async fn shutdown(mut self) -> Result<(), SandboxError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await??;
        }
        self.control.persist().await?;
        Ok(())
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The error that makes hyper close a connection without answering (an injected fault).
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by an injected fault")]
struct ConnectionDropped;

/// Serves the sandbox on `listener` until `shutdown` completes. With `tls`, every connection is
/// TLS. The state file (if any) is saved on each change by the middleware; callers save it once
/// more after this returns.
pub async fn serve(
    listener: TcpListener,
    control: Arc<Control>,
    tls: Option<Arc<rustls::ServerConfig>>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), SandboxError> {
    let router = app(control);
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (tcp, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Per-connection accept errors (e.g. the peer reset) must not stop the server.
                        tracing::debug!(%error, "accept failed");
                        continue;
                    }
                };
                let router = router.clone();
                let watcher = graceful.watcher();
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    match acceptor {
                        None => serve_connection(tcp, router, watcher).await,
                        Some(acceptor) => {
                            match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                                Ok(Ok(stream)) => serve_connection(stream, router, watcher).await,
                                Ok(Err(error)) => tracing::debug!(%error, %peer, "TLS handshake failed"),
                                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                            }
                        }
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::debug!("connections still open after the shutdown grace period");
    }
    Ok(())
}

async fn serve_connection<I>(io: I, router: axum::Router, watcher: Watcher)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |request: http::Request<Incoming>| {
        let router = router.clone();
        async move {
            let response = match router.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if response.extensions().get::<DropConnection>().is_some() {
                Err(ConnectionDropped)
            } else {
                Ok(response)
            }
        }
    });
    let builder = auto::Builder::new(TokioExecutor::new());
    let connection = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
    if let Err(error) = watcher.watch(connection.into_owned()).await {
        tracing::debug!(%error, "connection ended with an error");
    }
}
