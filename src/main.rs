//! The provider binary: Terraform starts it and talks to it over gRPC (see `apiclients::plugin`).

use std::process::ExitCode;
use std::sync::Arc;

use apiclients::plugin::{logging, serve};
use clap::Parser;

/// Terraform provider for machine credentials on IBM Security Verify, Oracle Access Manager,
/// SailPoint ISC and Akamai IAM. Terraform runs this binary itself.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Serve without Terraform and print a TF_REATTACH_PROVIDERS value to attach Terraform to
    /// this process (for debuggers); runs until Ctrl-C.
    #[arg(long)]
    debug: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("terraform-provider-apiclients: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let provider = Arc::new(apiclients::provider::ApiClientsProvider::new());
    let result = runtime.block_on(async {
        if args.debug {
            serve::serve_debug(provider).await
        } else {
            serve::serve(provider).await
        }
    });
    // Background tasks (idle streams, signal listeners) must not delay the exit go-plugin waits for.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
