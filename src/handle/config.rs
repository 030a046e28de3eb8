//! The provider block, typed: one optional block per vendor. Secrets are `Sensitive`, so the
//! derived `Debug` never shows them, and the framework registers them for redaction from the
//! schema when it decodes the configuration.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use tfplugin::logging::redact_secret;
use tfplugin::{Sensitive, Tf, Value};

use crate::http::Vendor;

/// The syntax of `request_timeout` is the framework's duration syntax (the `timeouts` block's).
pub(crate) use tfplugin::timeouts::parse_duration;

/// `ibm_verify { ... }`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct IbmVerifyConfig {
    pub tenant_url: Tf<String>,
    pub client_id: Tf<String>,
    pub client_secret: Tf<Sensitive<String>>,
    pub access_token: Tf<Sensitive<String>>,
    pub ca_cert_file: Tf<String>,
    pub request_timeout: Tf<String>,
    pub max_retries: Tf<i64>,
}

/// `sailpoint { ... }`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SailPointConfig {
    pub base_url: Tf<String>,
    pub client_id: Tf<String>,
    pub client_secret: Tf<Sensitive<String>>,
    pub access_token: Tf<Sensitive<String>>,
    pub api_version: Tf<String>,
    pub requests_per_10s: Tf<i64>,
    pub ca_cert_file: Tf<String>,
    pub request_timeout: Tf<String>,
    pub max_retries: Tf<i64>,
}

/// `oracle_oam { ... }`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OracleOamConfig {
    pub base_url: Tf<String>,
    pub username: Tf<String>,
    pub password: Tf<Sensitive<String>>,
    pub identity_domain: Tf<String>,
    pub ca_cert_file: Tf<String>,
    pub request_timeout: Tf<String>,
    pub max_retries: Tf<i64>,
}

/// `akamai { ... }`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AkamaiConfig {
    pub edgerc: Tf<String>,
    pub section: Tf<String>,
    pub host: Tf<String>,
    pub client_token: Tf<Sensitive<String>>,
    pub client_secret: Tf<Sensitive<String>>,
    pub access_token: Tf<Sensitive<String>>,
    pub account_switch_key: Tf<String>,
    pub max_body: Tf<i64>,
    pub ca_cert_file: Tf<String>,
    pub request_timeout: Tf<String>,
    pub max_retries: Tf<i64>,
}

/// The settings of the HTTP core that every vendor block has.
#[derive(Clone, Copy, Debug)]
pub struct HttpBlock<'a> {
    pub ca_cert_file: &'a Tf<String>,
    pub request_timeout: &'a Tf<String>,
    pub max_retries: &'a Tf<i64>,
}

macro_rules! http_blocks {
    ($($block:ty),+) => {$(
        impl $block {
            /// The block's [`HttpBlock`] settings.
            pub fn http(&self) -> HttpBlock<'_> {
                HttpBlock {
                    ca_cert_file: &self.ca_cert_file,
                    request_timeout: &self.request_timeout,
                    max_retries: &self.max_retries,
                }
            }
        }
    )+};
}
http_blocks!(
    IbmVerifyConfig,
    SailPointConfig,
    OracleOamConfig,
    AkamaiConfig
);

/// Environment variables that hold secrets, whatever the provider block says. They are not in
/// the schema, so the framework cannot know them.
const SECRET_ENV_VARS: [&str; 8] = [
    "IBM_VERIFY_CLIENT_SECRET",
    "IBM_VERIFY_ACCESS_TOKEN",
    "SAIL_CLIENT_SECRET",
    "SAIL_ACCESS_TOKEN",
    "OAM_PASSWORD",
    "AKAMAI_CLIENT_SECRET",
    "AKAMAI_CLIENT_TOKEN",
    "AKAMAI_ACCESS_TOKEN",
];

/// The environment variable behind `skip_credentials_validation`.
pub const SKIP_CREDENTIALS_VALIDATION_ENV: &str = "APICLIENTS_SKIP_CREDENTIALS_VALIDATION";

/// The provider block, typed. A vendor block that is absent is `None`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ProviderConfig {
    pub ibm_verify: Option<IbmVerifyConfig>,
    pub sailpoint: Option<SailPointConfig>,
    pub oracle_oam: Option<OracleOamConfig>,
    pub akamai: Option<AkamaiConfig>,
    /// `skip_credentials_validation`: no proof of the credentials at plan time.
    pub skip_credentials_validation: Tf<bool>,
    /// `duplicate_names`: "warn" (the default) or "refuse".
    pub duplicate_names: Tf<String>,
    /// The vendors whose block holds a value Terraform does not know yet, derived from the
    /// decoded block (so a new setting is covered without naming it here).
    #[serde(skip)]
    pub unknown_blocks: BTreeSet<Vendor>,
}

impl ProviderConfig {
    /// The vendors whose block in the decoded provider configuration holds unknown values.
    pub fn unknown_blocks(config: &Value) -> BTreeSet<Vendor> {
        Vendor::ALL
            .into_iter()
            .filter(|vendor| {
                config
                    .get(vendor.config_block())
                    .is_some_and(Value::contains_unknown)
            })
            .collect()
    }

    /// Whether the plan-time proof of credentials is off: the attribute, else
    /// `APICLIENTS_SKIP_CREDENTIALS_VALIDATION` (`true`/`1`).
    pub fn skip_credentials_validation(&self, env: crate::vendors::Env<'_>) -> bool {
        match self.skip_credentials_validation {
            Tf::Known(skip) => skip,
            _ => env(SKIP_CREDENTIALS_VALIDATION_ENV)
                .is_some_and(|value| matches!(value.trim(), "true" | "1")),
        }
    }

    /// What a create does when a same-name client exists: `duplicate_names` (the schema allows
    /// only "warn" and "refuse"), default warn.
    pub fn duplicate_names(&self) -> crate::http::recovery::DuplicateNames {
        match self.duplicate_names.as_str() {
            Some("refuse") => crate::http::recovery::DuplicateNames::Refuse,
            _ => crate::http::recovery::DuplicateNames::Warn,
        }
    }

    /// Whether `vendor`'s block holds a value Terraform does not know yet.
    pub fn has_unknown_values(&self, vendor: Vendor) -> bool {
        self.unknown_blocks.contains(&vendor)
    }
}

/// Registers the secrets of the usual environment variables with the log redactor. Clients
/// register what they resolve again when built (with the section-specific AKAMAI_<SECTION>_*
/// names and .edgerc values); registering these now also covers anything logged before that.
pub fn register_env_secrets() {
    for name in SECRET_ENV_VARS {
        if let Ok(value) = std::env::var(name) {
            redact_secret(value.trim());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
