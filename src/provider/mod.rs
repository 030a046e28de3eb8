//! The `apiclients` provider: its schema (one optional block per vendor), the typed
//! configuration, and the configured state resources reach through a [`ProviderHandle`].
//!
//! Every setting may also come from an environment variable, named in each description; the
//! vendor modules resolve those fallbacks when they build their clients.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use parking_lot::RwLock;
use serde::{Deserialize, Serialize};

use crate::vendors::akamai::AkamaiClient;
use crate::vendors::akamai::api_clients_data_source::AkamaiApiClientsDataSource;
use crate::vendors::ibm_verify::IbmVerifyClient;
use crate::vendors::oracle_oam::OracleOamClient;
use crate::vendors::oracle_oam::oauth_clients_data_source::OracleOamOAuthClientsDataSource;
use crate::vendors::sailpoint::SailPointClient;
use tfplugin::logging::redact_secret;

mod clients;
mod diagnostics;

use clients::VendorClients;

/// The four platforms, for [`ProviderHandle::check_configured`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorKind {
    IbmVerify,
    SailPoint,
    OracleOam,
    Akamai,
}
use tfplugin::{
    Attribute, Block, Context, Diagnostics, DynDataSource, DynResource, NestedBlock, PluginError,
    Provider, Schema, Tf, Validator, Value, from_value,
};

/// Prefix of every resource and data source type name.
pub const TYPE_NAME_PREFIX: &str = "apiclients";

const DURATION_PATTERN: &str = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$";
const DURATION_HINT: &str = "a duration such as \"30s\", \"2m\" or \"1m30s\"";

/// `ibm_verify { ... }`.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct IbmVerifyConfig {
    pub tenant_url: Tf<String>,
    pub client_id: Tf<String>,
    pub client_secret: Tf<String>,
    pub ca_cert_file: Tf<String>,
    pub request_timeout: Tf<String>,
    pub max_retries: Tf<i64>,
}

impl fmt::Debug for IbmVerifyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IbmVerifyConfig")
            .field("tenant_url", &self.tenant_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.redacted())
            .field("ca_cert_file", &self.ca_cert_file)
            .field("request_timeout", &self.request_timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

/// `sailpoint { ... }`.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SailPointConfig {
    pub base_url: Tf<String>,
    pub client_id: Tf<String>,
    pub client_secret: Tf<String>,
    pub ca_cert_file: Tf<String>,
    pub request_timeout: Tf<String>,
    pub max_retries: Tf<i64>,
}

impl fmt::Debug for SailPointConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SailPointConfig")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.redacted())
            .field("ca_cert_file", &self.ca_cert_file)
            .field("request_timeout", &self.request_timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

/// `oracle_oam { ... }`.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OracleOamConfig {
    pub base_url: Tf<String>,
    pub username: Tf<String>,
    pub password: Tf<String>,
    pub identity_domain: Tf<String>,
    pub ca_cert_file: Tf<String>,
    pub request_timeout: Tf<String>,
    pub max_retries: Tf<i64>,
}

impl fmt::Debug for OracleOamConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OracleOamConfig")
            .field("base_url", &self.base_url)
            .field("username", &self.username)
            .field("password", &self.password.redacted())
            .field("identity_domain", &self.identity_domain)
            .field("ca_cert_file", &self.ca_cert_file)
            .field("request_timeout", &self.request_timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

/// `akamai { ... }`.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AkamaiConfig {
    pub edgerc: Tf<String>,
    pub section: Tf<String>,
    pub host: Tf<String>,
    pub client_token: Tf<String>,
    pub client_secret: Tf<String>,
    pub access_token: Tf<String>,
    pub account_switch_key: Tf<String>,
    pub max_body: Tf<i64>,
    pub ca_cert_file: Tf<String>,
    pub request_timeout: Tf<String>,
    pub max_retries: Tf<i64>,
}

impl fmt::Debug for AkamaiConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkamaiConfig")
            .field("edgerc", &self.edgerc)
            .field("section", &self.section)
            .field("host", &self.host)
            .field("client_token", &self.client_token.redacted())
            .field("client_secret", &self.client_secret.redacted())
            .field("access_token", &self.access_token.redacted())
            .field("account_switch_key", &self.account_switch_key)
            .field("max_body", &self.max_body)
            .field("ca_cert_file", &self.ca_cert_file)
            .field("request_timeout", &self.request_timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

/// Environment variables that hold secrets, whatever the provider block says.
const SECRET_ENV_VARS: [&str; 6] = [
    "IBM_VERIFY_CLIENT_SECRET",
    "SAIL_CLIENT_SECRET",
    "OAM_PASSWORD",
    "AKAMAI_CLIENT_SECRET",
    "AKAMAI_CLIENT_TOKEN",
    "AKAMAI_ACCESS_TOKEN",
];

/// The provider block, typed. A vendor block that is absent is `None`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ProviderConfig {
    pub ibm_verify: Option<IbmVerifyConfig>,
    pub sailpoint: Option<SailPointConfig>,
    pub oracle_oam: Option<OracleOamConfig>,
    pub akamai: Option<AkamaiConfig>,
}

impl ProviderConfig {
    /// Whether `vendor`'s block holds a value Terraform does not know yet.
    pub fn has_unknown_values(&self, vendor: VendorKind) -> bool {
        fn any_unknown(strings: &[&Tf<String>], numbers: &[&Tf<i64>]) -> bool {
            strings.iter().any(|v| v.is_unknown()) || numbers.iter().any(|v| v.is_unknown())
        }
        match vendor {
            VendorKind::IbmVerify => self.ibm_verify.as_ref().is_some_and(|c| {
                any_unknown(
                    &[
                        &c.tenant_url,
                        &c.client_id,
                        &c.client_secret,
                        &c.ca_cert_file,
                        &c.request_timeout,
                    ],
                    &[&c.max_retries],
                )
            }),
            VendorKind::SailPoint => self.sailpoint.as_ref().is_some_and(|c| {
                any_unknown(
                    &[
                        &c.base_url,
                        &c.client_id,
                        &c.client_secret,
                        &c.ca_cert_file,
                        &c.request_timeout,
                    ],
                    &[&c.max_retries],
                )
            }),
            VendorKind::OracleOam => self.oracle_oam.as_ref().is_some_and(|c| {
                any_unknown(
                    &[
                        &c.base_url,
                        &c.username,
                        &c.password,
                        &c.identity_domain,
                        &c.ca_cert_file,
                        &c.request_timeout,
                    ],
                    &[&c.max_retries],
                )
            }),
            VendorKind::Akamai => self.akamai.as_ref().is_some_and(|c| {
                any_unknown(
                    &[
                        &c.edgerc,
                        &c.section,
                        &c.host,
                        &c.client_token,
                        &c.client_secret,
                        &c.access_token,
                        &c.account_switch_key,
                        &c.ca_cert_file,
                        &c.request_timeout,
                    ],
                    &[&c.max_body, &c.max_retries],
                )
            }),
        }
    }

    /// Registers every known secret with the log redactor.
    fn register_secrets(&self) {
        let secrets = [
            self.ibm_verify.as_ref().map(|c| &c.client_secret),
            self.sailpoint.as_ref().map(|c| &c.client_secret),
            self.oracle_oam.as_ref().map(|c| &c.password),
            self.akamai.as_ref().map(|c| &c.client_secret),
            self.akamai.as_ref().map(|c| &c.client_token),
            self.akamai.as_ref().map(|c| &c.access_token),
        ];
        for s in secrets.into_iter().flatten() {
            if let Some(v) = s.as_str() {
                redact_secret(v);
            }
        }
        // Secrets from the environment are registered again when a client is built (with the
        // section-specific AKAMAI_<SECTION>_* names and .edgerc values); registering the usual
        // variables now also covers anything logged before that.
        for name in SECRET_ENV_VARS {
            if let Ok(value) = std::env::var(name) {
                redact_secret(value.trim());
            }
        }
    }
}

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
        let data = self.known(VendorKind::IbmVerify)?;
        data.clients.ibm_verify(&data.config).map_err(clients::fail)
    }

    /// The SailPoint client, for read and apply.
    pub fn sailpoint(&self) -> Result<SailPointClient, Diagnostics> {
        let data = self.known(VendorKind::SailPoint)?;
        data.clients.sailpoint(&data.config).map_err(clients::fail)
    }

    /// The Oracle Access Manager client, for read and apply.
    pub fn oracle_oam(&self) -> Result<OracleOamClient, Diagnostics> {
        let data = self.known(VendorKind::OracleOam)?;
        data.clients.oracle_oam(&data.config).map_err(clients::fail)
    }

    /// The Akamai IAM client, for read and apply.
    pub fn akamai(&self) -> Result<AkamaiClient, Diagnostics> {
        let data = self.known(VendorKind::Akamai)?;
        data.clients.akamai(&data.config).map_err(clients::fail)
    }

    /// The configured data, or a diagnostic when `vendor`'s block holds values Terraform does not
    /// know yet. Building a client from such a block would report a set-but-unknown setting as
    /// missing; this happens when a data source is read at plan time through a provider
    /// configured from resources not created yet.
    fn known(&self, vendor: VendorKind) -> Result<Arc<ProviderData>, Diagnostics> {
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
    pub fn check_configured(&self, vendor: VendorKind) -> Result<(), Diagnostics> {
        let data = self.get()?;
        if data.config.has_unknown_values(vendor) {
            return Ok(());
        }
        let result = match vendor {
            VendorKind::IbmVerify => data.clients.ibm_verify(&data.config).map(drop),
            VendorKind::SailPoint => data.clients.sailpoint(&data.config).map(drop),
            VendorKind::OracleOam => data.clients.oracle_oam(&data.config).map(drop),
            VendorKind::Akamai => data.clients.akamai(&data.config).map(drop),
        };
        result.map_err(clients::fail)
    }

    fn set(&self, data: ProviderData) {
        *self.0.write() = Some(Arc::new(data));
    }
}

/// Parses a Go-style duration ("30s", "1m30s", "250ms", "1.5h").
pub fn parse_duration(text: &str) -> Option<Duration> {
    let re = regex::Regex::new(r"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)").ok()?;
    if !regex::Regex::new(DURATION_PATTERN).ok()?.is_match(text) {
        return None;
    }
    let mut total = 0f64;
    for cap in re.captures_iter(text) {
        let n: f64 = cap.get(1)?.as_str().parse().ok()?;
        let unit = match cap.get(2)?.as_str() {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            _ => 3600.0,
        };
        total += n * unit;
    }
    Duration::try_from_secs_f64(total).ok()
}

/// The provider.
#[derive(Debug, Default)]
pub struct ApiClientsProvider {
    handle: ProviderHandle,
}

impl ApiClientsProvider {
    pub fn new() -> Self {
        Self::default()
    }

    /// The handle resources use to reach the configured state.
    pub fn handle(&self) -> ProviderHandle {
        self.handle.clone()
    }
}

/// Settings every vendor block shares.
fn common(block: Block) -> Block {
    block
        .attribute(
            Attribute::string("ca_cert_file")
                .optional()
                .description("Path of a PEM file with extra CA certificates to trust for this API, for servers (or TLS-inspecting proxies) signed by a private CA. The system's trusted roots stay trusted. No environment variable."),
        )
        .attribute(
            Attribute::string("request_timeout")
                .optional()
                .description("Timeout of one HTTP request (each retry gets its own), as a duration such as \"30s\" or \"1m30s\". Default \"30s\".")
                .validate(Validator::regex(DURATION_PATTERN, DURATION_HINT)),
        )
        .attribute(
            Attribute::number("max_retries")
                .optional()
                .description("How many times a failed request (429, 5xx, connection error) is retried, with exponential backoff that honours Retry-After. Default 5; 0 turns retries off. A create is never repeated when its outcome is unknown."),
        )
}

/// The provider schema.
pub fn provider_schema() -> Schema {
    let ibm = Block::new()
        .description("IBM Security Verify tenant and the API client credentials the provider uses.")
        .attribute(
            Attribute::string("tenant_url")
                .optional()
                .description("Base URL of the tenant, such as https://example.verify.ibm.com. Environment variable: IBM_VERIFY_TENANT_URL.")
                .validate(Validator::url()),
        )
        .attribute(Attribute::string("client_id").optional().description(
            "Client ID of an API client allowed to manage API clients. Environment variable: IBM_VERIFY_CLIENT_ID.",
        ))
        .attribute(
            Attribute::string("client_secret")
                .optional()
                .sensitive()
                .description("Client secret of that API client. Environment variable: IBM_VERIFY_CLIENT_SECRET."),
        );
    let sailpoint = Block::new()
        .description("SailPoint Identity Security Cloud tenant and the personal access token (or OAuth client) the provider uses.")
        .attribute(
            Attribute::string("base_url")
                .optional()
                .description("API base URL, such as https://acme.api.identitynow.com. Environment variable: SAIL_BASE_URL.")
                .validate(Validator::url()),
        )
        .attribute(
            Attribute::string("client_id")
                .optional()
                .description("Client ID used for the client_credentials grant. Environment variable: SAIL_CLIENT_ID."),
        )
        .attribute(
            Attribute::string("client_secret")
                .optional()
                .sensitive()
                .description("Client secret used for the client_credentials grant. Environment variable: SAIL_CLIENT_SECRET."),
        );
    let oam = Block::new()
        .description("Oracle Access Manager OAuth Policy Admin REST API and the administrator credentials the provider uses.")
        .attribute(
            Attribute::string("base_url")
                .optional()
                .description("Base URL of the OAM admin server, such as https://oam.example.com:7002. Environment variable: OAM_BASE_URL.")
                .validate(Validator::url()),
        )
        .attribute(
            Attribute::string("username")
                .optional()
                .description("Administrator user name (HTTP Basic authentication). Environment variable: OAM_USERNAME."),
        )
        .attribute(
            Attribute::string("password")
                .optional()
                .sensitive()
                .description("Administrator password. Environment variable: OAM_PASSWORD."),
        )
        .attribute(
            Attribute::string("identity_domain")
                .optional()
                .description("Default OAuth identity domain for clients and data sources that do not name one. Environment variable: OAM_IDENTITY_DOMAIN."),
        );
    let akamai = Block::new()
        .description("Akamai EdgeGrid credentials. Each of host, client_token, client_secret and access_token is taken from, highest first: the attribute here; the environment variable AKAMAI_HOST, AKAMAI_CLIENT_TOKEN, AKAMAI_CLIENT_SECRET, AKAMAI_ACCESS_TOKEN (AKAMAI_<SECTION>_HOST etc. when the section is not \"default\"); the section of the .edgerc file. The file is read only when one of the four is still missing.")
        .attribute(
            Attribute::string("edgerc")
                .optional()
                .description("Path of the .edgerc file. Environment variable: AKAMAI_EDGERC; default ~/.edgerc (a missing default file is not an error, a missing named file is)."),
        )
        .attribute(
            Attribute::string("section")
                .optional()
                .description("Section of the .edgerc file, and the SECTION in AKAMAI_<SECTION>_* variable names. Environment variable: AKAMAI_EDGERC_SECTION; default \"default\"."),
        )
        .attribute(
            Attribute::string("host")
                .optional()
                .description("EdgeGrid API host, such as akab-xxxx.luna.akamaiapis.net (https is implied). Here or in AKAMAI_HOST a full URL is also accepted, such as http://127.0.0.1:PORT for apiclients-sandbox; in .edgerc it must be a bare host name. Environment variable: AKAMAI_HOST."),
        )
        .attribute(
            Attribute::string("client_token")
                .optional()
                .sensitive()
                .description("EdgeGrid client token. Environment variable: AKAMAI_CLIENT_TOKEN."),
        )
        .attribute(
            Attribute::string("client_secret")
                .optional()
                .sensitive()
                .description("EdgeGrid client secret. Environment variable: AKAMAI_CLIENT_SECRET."),
        )
        .attribute(
            Attribute::string("access_token")
                .optional()
                .sensitive()
                .description("EdgeGrid access token. Environment variable: AKAMAI_ACCESS_TOKEN."),
        )
        .attribute(
            Attribute::string("account_switch_key")
                .optional()
                .description("Account switch key, to act on another account your API client can access; sent with every call. Environment variable: AKAMAI_ACCOUNT_KEY, else account_key in .edgerc."),
        )
        .attribute(
            Attribute::number("max_body")
                .optional()
                .description("Maximum number of request body bytes included in the EdgeGrid signature. Environment variable: AKAMAI_MAX_BODY, else max_body in .edgerc; default 131072."),
        );
    Schema::new(
        Block::new()
            .description("Manages machine credentials (API clients, OAuth clients) on IBM Security Verify, SailPoint Identity Security Cloud, Oracle Access Manager and Akamai IAM. Configure only the blocks of the platforms you use; each setting falls back to the environment variable named in its description.")
            .block(NestedBlock::single("ibm_verify", common(ibm)))
            .block(NestedBlock::single("sailpoint", common(sailpoint)))
            .block(NestedBlock::single("oracle_oam", common(oam)))
            .block(NestedBlock::single("akamai", common(akamai))),
    )
}

#[async_trait]
impl Provider for ApiClientsProvider {
    fn type_name_prefix(&self) -> &'static str {
        TYPE_NAME_PREFIX
    }

    fn address(&self) -> &'static str {
        "registry.terraform.io/apiclients/apiclients"
    }

    fn schema(&self) -> Schema {
        provider_schema()
    }

    async fn configure(
        &self,
        _ctx: &Context,
        config: Value,
        terraform_version: &str,
    ) -> Result<(), Diagnostics> {
        let has_unknown_values = config.contains_unknown();
        let parsed: ProviderConfig = if config.is_null() {
            ProviderConfig::default()
        } else {
            from_value(config).map_err(|e| {
                Diagnostics::from(PluginError::Typed {
                    what: "provider configuration",
                    type_name: TYPE_NAME_PREFIX.to_owned(),
                    message: e.0,
                })
            })?
        };
        parsed.register_secrets();
        tracing::debug!(
            terraform_version,
            ibm_verify = parsed.ibm_verify.is_some(),
            sailpoint = parsed.sailpoint.is_some(),
            oracle_oam = parsed.oracle_oam.is_some(),
            akamai = parsed.akamai.is_some(),
            has_unknown_values,
            "provider configured"
        );
        self.handle.set(ProviderData {
            config: parsed,
            terraform_version: terraform_version.to_owned(),
            has_unknown_values,
            clients: VendorClients::default(),
        });
        Ok(())
    }

    fn resources(&self) -> Vec<Arc<dyn DynResource>> {
        let resources: Vec<Arc<dyn DynResource>> = vec![
            Arc::new(crate::vendors::ibm_verify::IbmVerifyApiClientResource::new(
                self.handle(),
            )),
            Arc::new(crate::vendors::sailpoint::OAuthClientResource::new(
                self.handle(),
            )),
            Arc::new(crate::vendors::oracle_oam::OAuthClientResource::new(
                self.handle(),
            )),
            Arc::new(crate::vendors::akamai::ApiClientResource::new(
                self.handle(),
            )),
            Arc::new(crate::vendors::akamai::ApiClientCredentialResource::new(
                self.handle(),
            )),
            #[cfg(feature = "test-resources")]
            Arc::new(crate::test_resource::TestWidget::new()),
        ];
        resources
    }

    fn data_sources(&self) -> Vec<Arc<dyn DynDataSource>> {
        vec![
            Arc::new(crate::vendors::ibm_verify::IbmVerifyEntitlementsDataSource::new()),
            Arc::new(crate::vendors::sailpoint::OAuthClientsDataSource::new(
                self.handle(),
            )),
            Arc::new(OracleOamOAuthClientsDataSource::new(self.handle())),
            Arc::new(AkamaiApiClientsDataSource::new(self.handle())),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use tfplugin::value::{decode_msgpack, encode_msgpack};

    #[test]
    fn schema_has_four_vendor_blocks() {
        let p = provider_schema().to_proto();
        let names: Vec<_> = p
            .block
            .unwrap()
            .block_types
            .into_iter()
            .map(|b| b.type_name)
            .collect();
        assert_eq!(names, ["ibm_verify", "sailpoint", "oracle_oam", "akamai"]);
    }

    #[tokio::test]
    async fn configure_accepts_unknowns_and_keeps_typed_config() {
        let provider = ApiClientsProvider::new();
        assert!(matches!(
            provider.handle().get(),
            Err(PluginError::NotConfigured)
        ));
        let ty = provider_schema().value_type();
        let config = Value::Object(BTreeMap::from([(
            "sailpoint".to_owned(),
            Value::Object(BTreeMap::from([
                ("base_url".to_owned(), Value::from("https://x.example")),
                ("client_secret".to_owned(), Value::Unknown),
                ("max_retries".to_owned(), Value::from(3)),
            ])),
        )]));
        // through the wire, so absent attributes are filled as Terraform sends them
        let config = decode_msgpack(&encode_msgpack(&config, &ty).unwrap(), &ty).unwrap();
        let ctx = Context::new(Default::default());
        provider.configure(&ctx, config, "1.15.5").await.unwrap();
        let data = provider.handle().get().unwrap();
        assert!(data.has_unknown_values);
        let sp = data.config.sailpoint.as_ref().unwrap();
        assert_eq!(sp.max_retries, Tf::Known(3));
        assert!(sp.client_secret.is_unknown());
        assert!(data.config.akamai.is_none());
        // Only the vendor whose block holds the unknown waits; the others are checked at plan.
        assert!(data.config.has_unknown_values(VendorKind::SailPoint));
        assert!(!data.config.has_unknown_values(VendorKind::Akamai));
        let handle = provider.handle();
        assert!(handle.check_configured(VendorKind::SailPoint).is_ok());
        let err = format!("{:?}", handle.sailpoint().unwrap_err());
        assert!(err.contains("not known yet"), "{err}");
    }

    #[test]
    fn debug_redacts_secrets() {
        let c = OracleOamConfig {
            password: Tf::Known("pa55word-xyz".into()),
            ..Default::default()
        };
        assert!(!format!("{c:?}").contains("pa55word-xyz"));
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("1m30s"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("30"), None);
        assert_eq!(parse_duration("abc"), None);
    }
}
