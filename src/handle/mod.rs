//! What `configure` produced, and the handle every resource and data source holds to reach it:
//! the typed provider block and the vendor clients built from it.
//!
//! A leaf of the provider crate: it imports the vendor API clients (`vendors::<vendor>::api`),
//! never a resource or the provider; resources import it. That keeps the dependency graph one
//! way: provider → resources → handle → vendor clients → http.

use std::sync::Arc;

use parking_lot::RwLock;
use tfplugin::{Diagnostics, PluginError};

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

    /// Plan-time check that `vendor`'s settings are complete, so that a missing setting fails
    /// `terraform plan` (naming the setting and its environment variable) instead of the apply.
    /// Skipped while that vendor's block has unknown values (they come from resources not
    /// created yet); apply checks again.
    pub fn check_configured(&self, vendor: Vendor) -> Result<(), Diagnostics> {
        let data = self.get()?;
        if data.config.has_unknown_values(vendor) {
            return Ok(());
        }
        let result = match vendor {
            Vendor::IbmVerify => data.clients.ibm_verify(&data.config).map(drop),
            Vendor::SailPoint => data.clients.sailpoint(&data.config).map(drop),
            Vendor::OracleOam => data.clients.oracle_oam(&data.config).map(drop),
            Vendor::Akamai => data.clients.akamai(&data.config).map(drop),
        };
        result.map_err(clients::fail)
    }

    pub(crate) fn set(&self, data: ProviderData) {
        *self.0.write() = Some(Arc::new(data));
    }
}
