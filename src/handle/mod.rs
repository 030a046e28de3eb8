//! What `configure` produced, and the handle every resource and data source holds to reach it:
//! the typed provider block and the vendor clients built from it.
//!
//! A leaf of the provider crate: it imports the vendor API clients (`vendors::<vendor>::api`),
//! never a resource or the provider; resources import it. That keeps the dependency graph one
//! way: provider → resources → handle → vendor clients → http.

use std::sync::Arc;

use parking_lot::RwLock;
use tfplugin::{Context, Diagnostic, Diagnostics, PluginError};
use tokio::sync::OnceCell;

use crate::http::Vendor;
use crate::vendors::akamai::AkamaiClient;
use crate::vendors::ibm_verify::IbmVerifyClient;
use crate::vendors::oracle_oam::OracleOamClient;
use crate::vendors::sailpoint::SailPointClient;

mod clients;
pub mod config;

use clients::VendorClients;
pub use config::ProviderConfig;

/// What `configure` produced.
#[derive(Debug)]
pub struct ProviderData {
    pub config: ProviderConfig,
    pub terraform_version: String,
    /// True when some configuration values were unknown (plan time, values coming from other
    /// resources); resources should not call the vendor APIs with such a configuration.
    pub has_unknown_values: bool,
    clients: VendorClients,
    proofs: CredentialProofs,
}

/// The outcome of each platform's plan-time proof of credentials, taken once per provider run
/// (concurrent plans of one platform wait for the same proof) and kept, failure included, so
/// that a wrong secret costs one request and every resource of that platform reports it.
#[derive(Debug, Default)]
struct CredentialProofs {
    ibm_verify: OnceCell<Result<(), Diagnostic>>,
    sailpoint: OnceCell<Result<(), Diagnostic>>,
    oracle_oam: OnceCell<Result<(), Diagnostic>>,
    akamai: OnceCell<Result<(), Diagnostic>>,
}

impl CredentialProofs {
    fn of(&self, vendor: Vendor) -> &OnceCell<Result<(), Diagnostic>> {
        match vendor {
            Vendor::IbmVerify => &self.ibm_verify,
            Vendor::SailPoint => &self.sailpoint,
            Vendor::OracleOam => &self.oracle_oam,
            Vendor::Akamai => &self.akamai,
        }
    }
}

impl ProviderData {
    pub fn new(
        config: ProviderConfig,
        terraform_version: String,
        has_unknown_values: bool,
    ) -> Self {
        Self {
            config,
            terraform_version,
            has_unknown_values,
            clients: VendorClients::default(),
            proofs: CredentialProofs::default(),
        }
    }
}

/// Shared access to the configured provider, handed to every resource at registration.
#[derive(Debug, Clone, Default)]
pub struct ProviderHandle(Arc<RwLock<Option<Arc<ProviderData>>>>);

impl ProviderHandle {
    /// The configured data, or `PluginError::NotConfigured` before ConfigureProvider.
    pub fn get(&self) -> Result<Arc<ProviderData>, PluginError> {
        self.0.read().clone().ok_or(PluginError::NotConfigured)
    }

    /// The IBM Security Verify client, for read and apply.
    pub fn ibm_verify(&self) -> Result<IbmVerifyClient, Diagnostics> {
        let data = self.known(Vendor::IbmVerify)?;
        data.clients.ibm_verify(&data.config).map_err(clients::fail)
    }

    /// The SailPoint client, for read and apply.
    pub fn sailpoint(&self) -> Result<SailPointClient, Diagnostics> {
        let data = self.known(Vendor::SailPoint)?;
        data.clients.sailpoint(&data.config).map_err(clients::fail)
    }

    /// The Oracle Access Manager client, for read and apply.
    pub fn oracle_oam(&self) -> Result<OracleOamClient, Diagnostics> {
        let data = self.known(Vendor::OracleOam)?;
        data.clients.oracle_oam(&data.config).map_err(clients::fail)
    }

    /// The Akamai IAM client, for read and apply.
    pub fn akamai(&self) -> Result<AkamaiClient, Diagnostics> {
        let data = self.known(Vendor::Akamai)?;
        data.clients.akamai(&data.config).map_err(clients::fail)
    }

    /// The configured data, or a diagnostic when `vendor`'s block holds values Terraform does not
    /// know yet. Building a client from such a block would report a set-but-unknown setting as
    /// missing; this happens when a data source is read at plan time through a provider
    /// configured from resources not created yet.
    fn known(&self, vendor: Vendor) -> Result<Arc<ProviderData>, Diagnostics> {
        let data = self.get()?;
        if data.config.has_unknown_values(vendor) {
            return Err(clients::fail(clients::unknown_settings(vendor)));
        }
        Ok(data)
    }

    /// Plan-time check that `vendor`'s settings are complete and its credentials work, so that a
    /// missing setting or a wrong secret fails `terraform plan` (naming the settings) instead of
    /// the apply. The credentials are proven once per run and platform with the cheapest call
    /// that can (each vendor client's `prove_credentials`), only for a platform a planned
    /// resource uses, and not at all with `skip_credentials_validation`. Skipped while that
    /// vendor's block has unknown values (they come from resources not created yet); apply
    /// checks again.
    pub async fn check_configured(&self, vendor: Vendor, ctx: &Context) -> Result<(), Diagnostics> {
        let data = self.get()?;
        if data.config.has_unknown_values(vendor) {
            return Ok(());
        }
        let cancel = ctx.cancellation();
        let prove = async {
            let proof = match vendor {
                Vendor::IbmVerify => {
                    let client = data.clients.ibm_verify(&data.config)?;
                    client.prove_credentials(cancel).await
                }
                Vendor::SailPoint => {
                    let client = data.clients.sailpoint(&data.config)?;
                    client.prove_credentials(cancel).await
                }
                Vendor::OracleOam => {
                    let client = data.clients.oracle_oam(&data.config)?;
                    client.prove_credentials(cancel).await
                }
                Vendor::Akamai => {
                    let client = data.clients.akamai(&data.config)?;
                    client.prove_credentials(cancel).await
                }
            };
            proof.map_err(|err| {
                let mut diagnostic = Diagnostic::from(err);
                diagnostic.detail.push_str(&format!(
                    " (This is the provider's plan-time check of its {vendor} credentials; set skip_credentials_validation = true in the provider block, or {}=true, to skip it.)",
                    config::SKIP_CREDENTIALS_VALIDATION_ENV
                ));
                diagnostic
            })
        };
        if data
            .config
            .skip_credentials_validation(&|name| std::env::var(name).ok())
        {
            // Settings are still checked: building the client needs no request.
            return check_built(&data, vendor).map_err(clients::fail);
        }
        let outcome = data.proofs.of(vendor).get_or_init(|| prove).await;
        match outcome {
            Ok(()) => Ok(()),
            // A cancelled proof is not an answer about the credentials: forget it.
            Err(_) if cancel.is_cancelled() => Err(PluginError::Cancelled.into()),
            Err(diagnostic) => Err(clients::fail(diagnostic.clone())),
        }
    }

    pub(crate) fn set(&self, data: ProviderData) {
        *self.0.write() = Some(Arc::new(data));
    }
}

/// Builds `vendor`'s client (no request): a missing or malformed setting is a diagnostic naming it.
fn check_built(data: &ProviderData, vendor: Vendor) -> Result<(), Diagnostic> {
    match vendor {
        Vendor::IbmVerify => data.clients.ibm_verify(&data.config).map(drop),
        Vendor::SailPoint => data.clients.sailpoint(&data.config).map(drop),
        Vendor::OracleOam => data.clients.oracle_oam(&data.config).map(drop),
        Vendor::Akamai => data.clients.akamai(&data.config).map(drop),
    }
}
