//! Oracle Access Manager settings: provider attributes, falling back to `OAM_*` variables.

use url::Url;

use crate::http::Secret;
use crate::vendors::{ConfigError, Env, pick, require, require_base_url};
use tfplugin::{AttributePath, Diagnostic};

pub const ENV_BASE_URL: &str = "OAM_BASE_URL";
pub const ENV_USERNAME: &str = "OAM_USERNAME";
pub const ENV_PASSWORD: &str = "OAM_PASSWORD";
pub const ENV_IDENTITY_DOMAIN: &str = "OAM_IDENTITY_DOMAIN";

const URL_HINT: &str =
    "use https://<oam-admin-host>:<port> or http://127.0.0.1:PORT for the sandbox";

/// The `oracle_oam` block as the user wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartialOracleOam {
    pub base_url: Option<String>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub identity_domain: Option<String>,
}

/// Resolved settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OracleOamSettings {
    /// The OAM admin server, e.g. `https://oam.example.com:7002`.
    pub base_url: Url,
    pub username: String,
    pub password: Secret,
    /// Default identity domain for resources that do not name one (optional).
    pub identity_domain: Option<String>,
}

/// Resolves the settings; each attribute wins over its environment variable.
pub fn resolve(partial: &PartialOracleOam, env: Env<'_>) -> Result<OracleOamSettings, ConfigError> {
    let base_url = require_base_url(
        partial.base_url.as_deref(),
        "oracle_oam.base_url",
        ENV_BASE_URL,
        URL_HINT,
        env,
    )?;
    let username = require(
        partial.username.as_deref(),
        "oracle_oam.username",
        ENV_USERNAME,
        env,
    )?;
    let password = require(
        partial.password.as_ref().map(|s| s.expose().as_str()),
        "oracle_oam.password",
        ENV_PASSWORD,
        env,
    )?;
    let identity_domain = pick(partial.identity_domain.as_deref(), ENV_IDENTITY_DOMAIN, env);
    Ok(OracleOamSettings {
        base_url,
        username,
        password: Secret::new(password),
        identity_domain,
    })
}

/// The identity domain a resource, data source or list works in: the one it names, else the
/// provider's default (`oracle_oam.identity_domain`, environment variable `OAM_IDENTITY_DOMAIN`).
/// Neither is the one error every caller reports, at `identity_domain`.
pub fn identity_domain_or_default(
    explicit: Option<&str>,
    default: Option<&str>,
) -> Result<String, Diagnostic> {
    explicit.or(default).map(str::to_owned).ok_or_else(|| {
        Diagnostic::error(
            "No identity domain",
            format!(
                "Set identity_domain here, or oracle_oam.identity_domain in the provider block (environment variable {ENV_IDENTITY_DOMAIN})."
            ),
        )
        .at(AttributePath::root("identity_domain"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_missing_names_oam_password() {
        let env = |name: &str| match name {
            ENV_BASE_URL => Some("http://127.0.0.1:7001".to_owned()),
            ENV_USERNAME => Some("oamadmin".to_owned()),
            _ => None,
        };
        assert_eq!(
            resolve(&PartialOracleOam::default(), &env)
                .unwrap_err()
                .to_string(),
            "oracle_oam.password is not set: set it in the provider block or in the OAM_PASSWORD environment variable"
        );
        let partial = PartialOracleOam {
            password: Some("Oracle123".into()),
            ..Default::default()
        };
        let settings = resolve(&partial, &env).unwrap();
        assert_eq!(settings.identity_domain, None);
        assert!(!format!("{settings:?}{partial:?}").contains("Oracle123"));
    }
}
