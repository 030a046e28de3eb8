//! apiclients-sandbox: runs the local emulator of the IBM Security Verify, Oracle Access Manager,
//! SailPoint ISC and Akamai IAM APIs (see docs/guides/sandbox.md).
//!
//! When it is ready it prints exactly one line to stdout, `listening on <url>`, so that scripts and
//! tests can start it on port 0 and read the URL; everything else goes to stderr.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use apiclients_sandbox::{
    BasicCredentials, ClientCredentials, Credentials, DEFAULT_AKAMAI_ACCESS_TOKEN,
    DEFAULT_AKAMAI_CLIENT_SECRET, DEFAULT_AKAMAI_CLIENT_TOKEN, DEFAULT_IBM_CLIENT_ID,
    DEFAULT_IBM_CLIENT_SECRET, DEFAULT_OAM_PASSWORD, DEFAULT_OAM_USERNAME,
    DEFAULT_SAILPOINT_CLIENT_ID, DEFAULT_SAILPOINT_CLIENT_SECRET, DEFAULT_TOKEN_LIFETIME_S,
    EdgeGridCredentials, Options, Sandbox, SandboxConfig, SandboxError,
};
use clap::Parser;

/// Local emulator of the IBM Security Verify, Oracle Access Manager, SailPoint ISC and Akamai IAM
/// APIs, with an admin API under /_sandbox/.
#[derive(Parser)]
#[command(name = "apiclients-sandbox", version)]
struct Args {
    /// Address to listen on; port 0 picks a free port (the URL is printed).
    #[arg(
        long,
        default_value = "127.0.0.1:8787",
        env = "APICLIENTS_SANDBOX_LISTEN"
    )]
    listen: SocketAddr,
    /// Serve HTTPS with a fresh self-signed certificate for localhost and 127.0.0.1.
    #[arg(long)]
    tls: bool,
    /// Write the self-signed certificate (PEM) here, for clients to trust.
    #[arg(long, requires = "tls")]
    tls_cert_out: Option<PathBuf>,
    /// Load the objects from this file at start and save them after every change.
    #[arg(long, env = "APICLIENTS_SANDBOX_STATE_FILE")]
    state_file: Option<PathBuf>,
    #[arg(long, default_value = DEFAULT_IBM_CLIENT_ID, env = "APICLIENTS_SANDBOX_IBM_CLIENT_ID")]
    ibm_client_id: String,
    #[arg(long, default_value = DEFAULT_IBM_CLIENT_SECRET, env = "APICLIENTS_SANDBOX_IBM_CLIENT_SECRET", hide_default_value = true)]
    ibm_client_secret: String,
    #[arg(long, default_value = DEFAULT_SAILPOINT_CLIENT_ID, env = "APICLIENTS_SANDBOX_SAILPOINT_CLIENT_ID")]
    sailpoint_client_id: String,
    #[arg(long, default_value = DEFAULT_SAILPOINT_CLIENT_SECRET, env = "APICLIENTS_SANDBOX_SAILPOINT_CLIENT_SECRET", hide_default_value = true)]
    sailpoint_client_secret: String,
    #[arg(long, default_value = DEFAULT_OAM_USERNAME, env = "APICLIENTS_SANDBOX_OAM_USERNAME")]
    oam_username: String,
    #[arg(long, default_value = DEFAULT_OAM_PASSWORD, env = "APICLIENTS_SANDBOX_OAM_PASSWORD", hide_default_value = true)]
    oam_password: String,
    #[arg(long, default_value = DEFAULT_AKAMAI_CLIENT_TOKEN, env = "APICLIENTS_SANDBOX_AKAMAI_CLIENT_TOKEN")]
    akamai_client_token: String,
    #[arg(long, default_value = DEFAULT_AKAMAI_CLIENT_SECRET, env = "APICLIENTS_SANDBOX_AKAMAI_CLIENT_SECRET", hide_default_value = true)]
    akamai_client_secret: String,
    #[arg(long, default_value = DEFAULT_AKAMAI_ACCESS_TOKEN, env = "APICLIENTS_SANDBOX_AKAMAI_ACCESS_TOKEN", hide_default_value = true)]
    akamai_access_token: String,
    /// Turn off SailPoint's 100 requests per token per 10 s limit.
    #[arg(long)]
    no_sailpoint_rate_limit: bool,
    /// Lifetime of issued bearer tokens, in seconds.
    #[arg(long, default_value_t = DEFAULT_TOKEN_LIFETIME_S)]
    token_lifetime_s: u64,
    /// IBM Verify and OAM creates ignore a supplied client ID and secret and make their own.
    #[arg(long)]
    ignore_supplied_client_ids: bool,
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    #[error("cannot write the certificate to {path}: {source}")]
    WriteCertificate {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write to stdout: {0}")]
    Stdout(std::io::Error),
    #[error("cannot listen for signals: {0}")]
    Signal(std::io::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

impl Args {
    fn options(&self) -> Options {
        Options {
            credentials: Credentials {
                ibm_verify: ClientCredentials {
                    client_id: self.ibm_client_id.clone(),
                    client_secret: self.ibm_client_secret.clone(),
                },
                sailpoint: ClientCredentials {
                    client_id: self.sailpoint_client_id.clone(),
                    client_secret: self.sailpoint_client_secret.clone(),
                },
                oracle_oam: BasicCredentials {
                    username: self.oam_username.clone(),
                    password: self.oam_password.clone(),
                },
                akamai: EdgeGridCredentials {
                    client_token: self.akamai_client_token.clone(),
                    client_secret: self.akamai_client_secret.clone(),
                    access_token: self.akamai_access_token.clone(),
                },
            },
            sailpoint_rate_limit: !self.no_sailpoint_rate_limit,
            token_lifetime: Duration::from_secs(self.token_lifetime_s),
            ignore_supplied_client_ids: self.ignore_supplied_client_ids,
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let result = tokio::runtime::Runtime::new()
        .map_err(CliError::Runtime)
        .and_then(|runtime| runtime.block_on(run(args)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("apiclients-sandbox: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), CliError> {
    let config = SandboxConfig {
        listen: args.listen,
        tls: args.tls,
        state_file: args.state_file.clone(),
    };
    let sandbox = Sandbox::start_with(args.options(), config).await?;
    if let (Some(path), Some(pem)) = (&args.tls_cert_out, &sandbox.certificate_pem) {
        std::fs::write(path, pem).map_err(|source| CliError::WriteCertificate {
            path: path.clone(),
            source,
        })?;
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on {}", sandbox.url).map_err(CliError::Stdout)?;
    stdout.flush().map_err(CliError::Stdout)?;
    drop(stdout);
    shutdown_signal().await?;
    sandbox.shutdown().await?;
    Ok(())
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() -> Result<(), CliError> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate()).map_err(CliError::Signal)?;
        let mut interrupt = signal(SignalKind::interrupt()).map_err(CliError::Signal)?;
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.map_err(CliError::Signal)
    }
}
