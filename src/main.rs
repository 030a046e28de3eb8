//! The provider binary: Terraform starts it and talks to it over gRPC (see `tfplugin`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use tfplugin::{logging, serve};

/// Terraform provider for machine credentials on IBM Security Verify, Oracle Access Manager,
/// SailPoint ISC and Akamai IAM. Terraform runs this binary itself.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Serve without Terraform and print a TF_REATTACH_PROVIDERS value to attach Terraform to
    /// this process (for debuggers); runs until Ctrl-C.
    #[arg(long)]
    debug: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Writes the documentation pages (index, resources, data sources) from the provider schema
    /// and the examples folder. `make docs` runs it; CI checks that docs/ is up to date.
    GenerateDocs {
        /// Folder to write the pages into.
        #[arg(long, default_value = "docs")]
        out: PathBuf,
        /// Folder with provider/, resources/<type>/ and data-sources/<type>/ examples.
        #[arg(long, default_value = "examples")]
        examples: PathBuf,
    },
}

/// Type names compiled in only for the plugin layer's own tests; they have no page.
const TEST_ONLY_PREFIX: &str = "apiclients_test_";

fn generate_docs(out: &std::path::Path, examples: &std::path::Path) -> ExitCode {
    let provider = Arc::new(apiclients::provider::ApiClientsProvider::new());
    let options = tfplugin::docs::DocsOptions {
        examples,
        out,
        skip_type_prefix: Some(TEST_ONLY_PREFIX),
    };
    match tfplugin::docs::generate(provider, &options) {
        Ok(pages) => {
            println!("wrote {pages} pages into {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("generate-docs: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(Command::GenerateDocs { out, examples }) = &args.command {
        return generate_docs(out, examples);
    }
    // Our crates log at TF_LOG's level; the framework's too, since it logs the RPCs.
    logging::init(
        "terraform-provider-apiclients",
        &["apiclients", "terraform_provider_apiclients", "tfplugin"],
    );
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
    let options = serve::ServeOptions { debug: args.debug };
    let result = runtime.block_on(serve::run(provider, options));
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
