//! The vendor API clients of one provider instance, built on first use from the provider block and the
//! vendors' environment variables.
//!
//! Built lazily because a vendor block left out is fine until a resource of that vendor is used: only then
//! does a missing setting become an error, and it names the setting and its environment variable. Built
//! once because every resource of a vendor must share one HTTP client and one access token.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::http::{HttpSettings, Secret};
use crate::vendors::ConfigError;
use crate::vendors::akamai::{AkamaiClient, PartialAkamai};
use crate::vendors::ibm_verify::{IbmVerifyClient, PartialIbmVerify};
use crate::vendors::oracle_oam::{OracleOamClient, PartialOracleOam};
use crate::vendors::sailpoint::{PartialSailPoint, SailPointClient};
use tfplugin::logging::redact_secret;
use tfplugin::{AttributePath, Diagnostic, Diagnostics, Sensitive, Tf};

use super::config::{HttpBlock, ProviderConfig, parse_duration};
use crate::http::Vendor;

/// A vendor's client, or the diagnostic that explains why there is none.
type Built<C> = OnceLock<Result<C, Diagnostic>>;

/// The four vendors' clients, each built on first use.
#[derive(Debug, Default)]
pub struct VendorClients {
    ibm_verify: Built<IbmVerifyClient>,
    sailpoint: Built<SailPointClient>,
    oracle_oam: Built<OracleOamClient>,
    akamai: Built<AkamaiClient>,
}

fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn known(value: &Tf<String>) -> Option<String> {
    value.as_str().map(str::to_owned)
}

fn known_secret(value: &Tf<Sensitive<String>>) -> Option<Sensitive<String>> {
    value.known().cloned()
}

/// The settings every vendor block shares: `ca_cert_file`, `request_timeout`, `max_retries`; and
/// the provider's `duplicate_names`.
fn http_settings(
    config: &ProviderConfig,
    block: &'static str,
    http: HttpBlock<'_>,
) -> Result<HttpSettings, Diagnostic> {
    let HttpBlock {
        ca_cert_file,
        request_timeout,
        max_retries,
    } = http;
    let mut settings = HttpSettings {
        duplicate_names: config.duplicate_names(),
        ..HttpSettings::default()
    };
    if let Some(path) = ca_cert_file.as_str() {
        settings.ca_cert_file = Some(PathBuf::from(path));
    }
    if let Some(text) = request_timeout.as_str() {
        settings.request_timeout = parse_duration(text).ok_or_else(|| {
            Diagnostic::error(
                "Invalid request_timeout",
                format!("{block}.request_timeout \"{text}\" is not a duration: use a value such as \"30s\" or \"1m30s\"."),
            )
            .at(AttributePath::root(block).attr("request_timeout"))
        })?;
    }
    if let Tf::Known(retries) = max_retries {
        settings.max_retries = u32::try_from(*retries).map_err(|_| {
            Diagnostic::error(
                "Invalid max_retries",
                format!(
                    "{block}.max_retries must be between 0 and {}, got {retries}.",
                    u32::MAX
                ),
            )
            .at(AttributePath::root(block).attr("max_retries"))
        })?;
    }
    Ok(settings)
}

fn config_diagnostic(vendor: Vendor, err: ConfigError) -> Diagnostic {
    let block = vendor.config_block();
    let attribute = match &err {
        ConfigError::Missing { setting, .. }
        | ConfigError::InvalidUrl { setting, .. }
        | ConfigError::Invalid { setting, .. }
        | ConfigError::Conflict { setting, .. } => setting.split('.').nth(1),
        ConfigError::Edgerc(_) => None,
    };
    let diagnostic = Diagnostic::error(format!("{vendor} is not configured"), err.to_string());
    // Point at the provider block's attribute only when the block exists in the configuration;
    // otherwise Terraform would point into nothing. The text names the setting either way.
    match attribute {
        Some(name) => diagnostic.at(AttributePath::root(block).attr(name)),
        None => diagnostic,
    }
}

fn client_diagnostic(vendor: Vendor, err: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        format!("Cannot set up the {vendor} client"),
        err.to_string(),
    )
}

/// The steps every vendor's client takes after its own settings: the resolved settings (or the
/// diagnostic naming what is missing), their secrets redacted, the block's HTTP settings, the
/// client.
fn build<S, C, E: std::fmt::Display>(
    vendor: Vendor,
    config: &ProviderConfig,
    http: HttpBlock<'_>,
    resolved: Result<S, ConfigError>,
    secrets: impl FnOnce(&S) -> Vec<&Secret>,
    new: impl FnOnce(&S, &HttpSettings) -> Result<C, E>,
) -> Result<C, Diagnostic> {
    let settings = resolved.map_err(|e| config_diagnostic(vendor, e))?;
    for secret in secrets(&settings) {
        redact_secret(secret.expose());
    }
    let http = http_settings(config, vendor.config_block(), http)?;
    new(&settings, &http).map_err(|e| client_diagnostic(vendor, e))
}

impl VendorClients {
    pub(super) fn ibm_verify(
        &self,
        config: &ProviderConfig,
    ) -> Result<IbmVerifyClient, Diagnostic> {
        self.ibm_verify
            .get_or_init(|| {
                const VENDOR: Vendor = Vendor::IbmVerify;
                let block = config.ibm_verify.clone().unwrap_or_default();
                let partial = PartialIbmVerify {
                    tenant_url: known(&block.tenant_url),
                    client_id: known(&block.client_id),
                    client_secret: known_secret(&block.client_secret),
                    access_token: known_secret(&block.access_token),
                };
                build(
                    VENDOR,
                    config,
                    block.http(),
                    crate::vendors::ibm_verify::config::resolve(&partial, &process_env),
                    |settings| vec![settings.credentials.secret()],
                    IbmVerifyClient::new,
                )
            })
            .clone()
    }

    pub(super) fn sailpoint(&self, config: &ProviderConfig) -> Result<SailPointClient, Diagnostic> {
        self.sailpoint
            .get_or_init(|| {
                const VENDOR: Vendor = Vendor::SailPoint;
                let block = config.sailpoint.clone().unwrap_or_default();
                let partial = PartialSailPoint {
                    base_url: known(&block.base_url),
                    client_id: known(&block.client_id),
                    client_secret: known_secret(&block.client_secret),
                    access_token: known_secret(&block.access_token),
                    api_version: known(&block.api_version),
                    requests_per_10s: block.requests_per_10s.known().copied(),
                };
                build(
                    VENDOR,
                    config,
                    block.http(),
                    crate::vendors::sailpoint::config::resolve(&partial, &process_env),
                    |settings| vec![settings.credentials.secret()],
                    SailPointClient::new,
                )
            })
            .clone()
    }

    pub(super) fn oracle_oam(
        &self,
        config: &ProviderConfig,
    ) -> Result<OracleOamClient, Diagnostic> {
        self.oracle_oam
            .get_or_init(|| {
                const VENDOR: Vendor = Vendor::OracleOam;
                let block = config.oracle_oam.clone().unwrap_or_default();
                let partial = PartialOracleOam {
                    base_url: known(&block.base_url),
                    username: known(&block.username),
                    password: known_secret(&block.password),
                    identity_domain: known(&block.identity_domain),
                };
                build(
                    VENDOR,
                    config,
                    block.http(),
                    crate::vendors::oracle_oam::config::resolve(&partial, &process_env),
                    |settings| vec![&settings.password],
                    OracleOamClient::new,
                )
            })
            .clone()
    }

    pub(super) fn akamai(&self, config: &ProviderConfig) -> Result<AkamaiClient, Diagnostic> {
        self.akamai
            .get_or_init(|| {
                const VENDOR: Vendor = Vendor::Akamai;
                let block = config.akamai.clone().unwrap_or_default();
                let max_body = match block.max_body {
                    Tf::Known(n) => Some(u64::try_from(n).map_err(|_| {
                        Diagnostic::error(
                            "Invalid max_body",
                            format!(
                                "{}.max_body must not be negative, got {n}.",
                                VENDOR.config_block()
                            ),
                        )
                        .at(AttributePath::root(VENDOR.config_block()).attr("max_body"))
                    })?),
                    _ => None,
                };
                let partial = PartialAkamai {
                    edgerc: known(&block.edgerc),
                    config_section: known(&block.section),
                    host: known(&block.host),
                    client_token: known_secret(&block.client_token),
                    client_secret: known_secret(&block.client_secret),
                    access_token: known_secret(&block.access_token),
                    account_switch_key: known(&block.account_switch_key),
                    max_body,
                };
                // Secrets that came from the environment or .edgerc are redacted too.
                build(
                    VENDOR,
                    config,
                    block.http(),
                    crate::vendors::akamai::config::resolve(&partial, &process_env),
                    |settings| {
                        let credentials = &settings.credentials;
                        vec![
                            &credentials.client_secret,
                            &credentials.client_token,
                            &credentials.access_token,
                        ]
                    },
                    AkamaiClient::new,
                )
            })
            .clone()
    }
}

/// Why a vendor's client cannot be built yet: its block holds values known only after apply.
pub(super) fn unknown_settings(vendor: Vendor) -> Diagnostic {
    let (name, block) = (vendor.display_name(), vendor.config_block());
    Diagnostic::error(
        format!("{name} settings are not known yet"),
        format!(
            "The provider's {block} block uses values that Terraform knows only after apply, so {name} \
             cannot be called during plan. A data source read through this provider needs \
             depends_on on the resources those values come from (Terraform then reads it during \
             apply), or the values must be known at plan time (variables, locals)."
        ),
    )
}

/// Turns one diagnostic into the error type of resource methods.
pub(super) fn fail(diagnostic: Diagnostic) -> Diagnostics {
    Diagnostics::from(diagnostic)
}
