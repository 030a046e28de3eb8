//! SailPoint settings: provider attributes, falling back to the `SAIL_*` environment variables
//! that SailPoint's own SDK and CLI read.

use url::Url;

use crate::http::Secret;
use crate::vendors::{ConfigError, Env, parse_base_url, require};

pub const ENV_BASE_URL: &str = "SAIL_BASE_URL";
pub const ENV_CLIENT_ID: &str = "SAIL_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "SAIL_CLIENT_SECRET";

const URL_HINT: &str =
    "use https://<tenant>.api.identitynow.com or http://127.0.0.1:PORT for the sandbox";

/// The `sailpoint` block as the user wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartialSailPoint {
    pub base_url: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
}

/// Resolved settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SailPointSettings {
    /// `https://<tenant>.api.identitynow.com` (API paths such as `/beta/...` are appended).
    pub base_url: Url,
    pub client_id: String,
    pub client_secret: Secret,
}

impl SailPointSettings {
    /// `{base}/oauth/token`, as SailPoint's SDK derives it.
    pub fn token_url(&self) -> Url {
        let mut url = self.base_url.clone();
        let path = format!("{}/oauth/token", url.path().trim_end_matches('/'));
        url.set_path(&path);
        url
    }
}

/// Resolves the settings; each attribute wins over its environment variable.
pub fn resolve(partial: &PartialSailPoint, env: Env<'_>) -> Result<SailPointSettings, ConfigError> {
    let base_url = require(
        partial.base_url.as_deref(),
        "sailpoint.base_url",
        ENV_BASE_URL,
        env,
    )?;
    let base_url = parse_base_url(&base_url, "sailpoint.base_url", URL_HINT)?;
    let client_id = require(
        partial.client_id.as_deref(),
        "sailpoint.client_id",
        ENV_CLIENT_ID,
        env,
    )?;
    let client_secret = require(
        partial.client_secret.as_ref().map(|s| s.expose().as_str()),
        "sailpoint.client_secret",
        ENV_CLIENT_SECRET,
        env,
    )?;
    Ok(SailPointSettings {
        base_url,
        client_id,
        client_secret: Secret::new(client_secret),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_from_env_with_attribute_precedence() {
        let env = |name: &str| match name {
            ENV_BASE_URL => Some("acme.api.identitynow.com".to_owned()),
            ENV_CLIENT_ID => Some("env-id".to_owned()),
            ENV_CLIENT_SECRET => Some("env-secret".to_owned()),
            _ => None,
        };
        let partial = PartialSailPoint {
            client_id: Some("attr-id".into()),
            ..Default::default()
        };
        let settings = resolve(&partial, &env).unwrap();
        assert_eq!(
            settings.base_url.as_str(),
            "https://acme.api.identitynow.com/"
        );
        assert_eq!(settings.client_id, "attr-id");
        assert_eq!(
            settings.token_url().as_str(),
            "https://acme.api.identitynow.com/oauth/token"
        );
        assert!(!format!("{settings:?}").contains("env-secret"));
    }

    #[test]
    fn missing_secret_names_its_variable() {
        let env = |name: &str| (name == ENV_BASE_URL).then(|| "http://127.0.0.1:1".to_owned());
        let partial = PartialSailPoint {
            client_id: Some("id".into()),
            ..Default::default()
        };
        assert_eq!(
            resolve(&partial, &env).unwrap_err().to_string(),
            "sailpoint.client_secret is not set: set it in the provider block or in the SAIL_CLIENT_SECRET environment variable"
        );
    }
}
