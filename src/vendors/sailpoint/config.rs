//! SailPoint settings: provider attributes, falling back to the `SAIL_*` environment variables
//! that SailPoint's own SDK and CLI read.

use url::Url;

use crate::http::Secret;
use crate::vendors::credentials::{ApiCredentials, CredentialNames, resolve_credentials};
use crate::vendors::{ConfigError, Env, join_path, require_base_url};

pub const ENV_BASE_URL: &str = "SAIL_BASE_URL";
pub const ENV_CLIENT_ID: &str = "SAIL_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "SAIL_CLIENT_SECRET";
/// Named like SailPoint's `SAIL_*` variables (its SDKs take an access token as a
/// configuration value, `access_token`, but read no variable for it).
pub const ENV_ACCESS_TOKEN: &str = "SAIL_ACCESS_TOKEN";

const CREDENTIAL_NAMES: CredentialNames = CredentialNames {
    client_id: "sailpoint.client_id",
    client_secret: "sailpoint.client_secret",
    access_token: "sailpoint.access_token",
    env_client_id: ENV_CLIENT_ID,
    env_client_secret: ENV_CLIENT_SECRET,
    env_access_token: ENV_ACCESS_TOKEN,
};
/// The provider's own variable (SailPoint's tools pick a version per call, not from the
/// environment), named like the others.
pub const ENV_API_VERSION: &str = "SAIL_API_VERSION";

/// The API versions that serve the OAuth-client API under `/{version}/oauth-clients`
/// (sailpoint-oss/api-specs: `idn/v3`, `idn/beta`, `idn/v2024`, `idn/v2025`, `idn/v2026`).
pub const API_VERSIONS: [&str; 5] = ["v3", "beta", "v2024", "v2025", "v2026"];
/// `v3` is SailPoint's generally available, stable API; `beta` may change without notice and the
/// dated versions are newer releases of the same contract.
pub const DEFAULT_API_VERSION: &str = "v3";

const URL_HINT: &str =
    "use https://<tenant>.api.identitynow.com or http://127.0.0.1:PORT for the sandbox";

/// The `sailpoint` block as the user wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartialSailPoint {
    pub base_url: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub access_token: Option<Secret>,
    pub api_version: Option<String>,
    pub requests_per_10s: Option<i64>,
}

/// SailPoint's documented default rate limit: "100 requests per access token per 10 seconds"
/// (developer.sailpoint.com, rate limits); tenants may negotiate a higher one.
pub const DEFAULT_REQUESTS_PER_10S: u32 = 100;
/// The highest `requests_per_10s` accepted: a hundred times the documented default, so that a
/// mistyped value cannot turn the pacing off altogether.
pub const MAX_REQUESTS_PER_10S: u32 = 10_000;

/// Resolved settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SailPointSettings {
    /// `https://<tenant>.api.identitynow.com` (API paths such as `/beta/...` are appended).
    pub base_url: Url,
    /// A personal access token's id and secret, or a token issued to one.
    pub credentials: ApiCredentials,
    /// One of [`API_VERSIONS`]: the path prefix of the OAuth-client API.
    pub api_version: String,
    /// Requests per 10 s the client paces itself to ([`DEFAULT_REQUESTS_PER_10S`] unless set).
    pub requests_per_10s: u32,
}

impl SailPointSettings {
    /// `/{api_version}/oauth-clients`.
    pub fn oauth_clients_path(&self) -> String {
        format!("/{}/oauth-clients", self.api_version)
    }

    /// `{base}/oauth/token`, as SailPoint's SDK derives it.
    pub fn token_url(&self) -> Url {
        token_url(&self.base_url)
    }
}

/// `{base}/oauth/token`, as SailPoint's SDK derives it.
pub fn token_url(base_url: &Url) -> Url {
    join_path(base_url, "/oauth/token")
}

/// Resolves the settings; each attribute wins over its environment variable.
pub fn resolve(partial: &PartialSailPoint, env: Env<'_>) -> Result<SailPointSettings, ConfigError> {
    let base_url = require_base_url(
        partial.base_url.as_deref(),
        "sailpoint.base_url",
        ENV_BASE_URL,
        URL_HINT,
        env,
    )?;
    let credentials = resolve_credentials(
        partial.client_id.as_deref(),
        partial.client_secret.as_ref().map(|s| s.expose().as_str()),
        partial.access_token.as_ref().map(|s| s.expose().as_str()),
        &CREDENTIAL_NAMES,
        env,
    )?;
    let api_version = crate::vendors::pick(partial.api_version.as_deref(), ENV_API_VERSION, env)
        .unwrap_or_else(|| DEFAULT_API_VERSION.to_owned());
    if !API_VERSIONS.contains(&api_version.as_str()) {
        return Err(ConfigError::Invalid {
            setting: "sailpoint.api_version",
            message: format!(
                "'{api_version}' is not a SailPoint API version with OAuth clients; use one of {} (set in the provider block or in {ENV_API_VERSION})",
                API_VERSIONS.join(", ")
            ),
        });
    }
    let requests_per_10s = match partial.requests_per_10s {
        None => DEFAULT_REQUESTS_PER_10S,
        Some(n) => u32::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_REQUESTS_PER_10S).contains(n))
            .ok_or_else(|| ConfigError::Invalid {
                setting: "sailpoint.requests_per_10s",
                message: format!(
                    "{n} is not a rate limit the provider can pace to; use 1 to {MAX_REQUESTS_PER_10S} (SailPoint's documented limit is {DEFAULT_REQUESTS_PER_10S})"
                ),
            })?,
    };
    Ok(SailPointSettings {
        base_url,
        credentials,
        api_version,
        requests_per_10s,
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
        assert!(
            matches!(&settings.credentials, ApiCredentials::ClientCredentials { client_id, .. } if client_id == "attr-id")
        );
        assert_eq!(
            settings.token_url().as_str(),
            "https://acme.api.identitynow.com/oauth/token"
        );
        assert!(!format!("{settings:?}").contains("env-secret"));
    }

    #[test]
    fn api_version_defaults_to_v3_and_is_validated() {
        let env = |name: &str| match name {
            ENV_BASE_URL => Some("http://127.0.0.1:1".to_owned()),
            ENV_CLIENT_ID | ENV_CLIENT_SECRET => Some("x".to_owned()),
            _ => None,
        };
        let settings = resolve(&PartialSailPoint::default(), &env).unwrap();
        assert_eq!(settings.oauth_clients_path(), "/v3/oauth-clients");
        for version in API_VERSIONS {
            let partial = PartialSailPoint {
                api_version: Some(version.to_owned()),
                ..Default::default()
            };
            let settings = resolve(&partial, &env).unwrap();
            assert_eq!(
                settings.oauth_clients_path(),
                format!("/{version}/oauth-clients")
            );
        }
        let from_env = |name: &str| {
            if name == ENV_API_VERSION {
                Some("beta".to_owned())
            } else {
                env(name)
            }
        };
        let settings = resolve(&PartialSailPoint::default(), &from_env).unwrap();
        assert_eq!(settings.api_version, "beta");
        let partial = PartialSailPoint {
            api_version: Some("v1".to_owned()),
            ..Default::default()
        };
        let err = resolve(&partial, &env).unwrap_err().to_string();
        assert!(err.starts_with("sailpoint.api_version is invalid"), "{err}");
        assert!(err.contains("v3, beta, v2024, v2025, v2026"), "{err}");
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

    #[test]
    fn requests_per_10s_defaults_to_the_documented_limit_and_is_bounded() {
        let env = |name: &str| match name {
            ENV_BASE_URL => Some("http://127.0.0.1:1".to_owned()),
            ENV_CLIENT_ID | ENV_CLIENT_SECRET => Some("x".to_owned()),
            _ => None,
        };
        let with = |n: Option<i64>| {
            resolve(
                &PartialSailPoint {
                    requests_per_10s: n,
                    ..Default::default()
                },
                &env,
            )
        };
        assert_eq!(with(None).unwrap().requests_per_10s, 100);
        assert_eq!(with(Some(500)).unwrap().requests_per_10s, 500);
        for refused in [0, -1, 10_001, i64::MAX] {
            let err = with(Some(refused)).unwrap_err().to_string();
            assert!(err.contains("requests_per_10s"), "{refused}: {err}");
        }
    }
}
