//! IBM Security Verify settings: provider attributes, falling back to environment variables.

use url::Url;

use crate::http::Secret;
use crate::vendors::credentials::{ApiCredentials, CredentialNames, resolve_credentials};
use crate::vendors::{ConfigError, Env, join_path, require_base_url};

pub const ENV_TENANT_URL: &str = "IBM_VERIFY_TENANT_URL";
pub const ENV_CLIENT_ID: &str = "IBM_VERIFY_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "IBM_VERIFY_CLIENT_SECRET";
/// Named like the other `IBM_VERIFY_*` variables.
pub const ENV_ACCESS_TOKEN: &str = "IBM_VERIFY_ACCESS_TOKEN";

const CREDENTIAL_NAMES: CredentialNames = CredentialNames {
    client_id: "ibm_verify.client_id",
    client_secret: "ibm_verify.client_secret",
    access_token: "ibm_verify.access_token",
    env_client_id: ENV_CLIENT_ID,
    env_client_secret: ENV_CLIENT_SECRET,
    env_access_token: ENV_ACCESS_TOKEN,
};

const URL_HINT: &str =
    "use https://<tenant>.verify.ibm.com or http://127.0.0.1:PORT for the sandbox";

/// The `ibm_verify` block as the user wrote it (every attribute optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartialIbmVerify {
    pub tenant_url: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub access_token: Option<Secret>,
}

/// Resolved settings: everything needed to talk to one tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IbmVerifySettings {
    /// `https://<tenant>.verify.ibm.com` (no trailing slash).
    pub tenant_url: Url,
    /// A privileged API client holding `manageAPIClients`, or a token one was issued.
    pub credentials: ApiCredentials,
}

/// `{tenant}/v1.0/endpoint/default/token`.
pub fn token_url(tenant_url: &Url) -> Url {
    join_path(tenant_url, "/v1.0/endpoint/default/token")
}

impl IbmVerifySettings {
    /// `{tenant}/v1.0/endpoint/default/token`.
    pub fn token_url(&self) -> Url {
        token_url(&self.tenant_url)
    }
}

/// Resolves the settings; each attribute wins over its environment variable.
pub fn resolve(partial: &PartialIbmVerify, env: Env<'_>) -> Result<IbmVerifySettings, ConfigError> {
    let tenant_url = require_base_url(
        partial.tenant_url.as_deref(),
        "ibm_verify.tenant_url",
        ENV_TENANT_URL,
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
    Ok(IbmVerifySettings {
        tenant_url,
        credentials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn attributes_win_and_env_fills_the_rest() {
        let env = env_of(&[
            (ENV_TENANT_URL, "env.verify.ibm.com"),
            (ENV_CLIENT_ID, "env-id"),
            (ENV_CLIENT_SECRET, "env-secret"),
        ]);
        let partial = PartialIbmVerify {
            tenant_url: Some("http://127.0.0.1:9000".into()),
            client_id: None,
            client_secret: Some("attr-secret".into()),
            access_token: None,
        };
        let settings = resolve(&partial, &env).unwrap();
        assert_eq!(settings.tenant_url.as_str(), "http://127.0.0.1:9000/");
        assert_eq!(
            settings.credentials,
            ApiCredentials::ClientCredentials {
                client_id: "env-id".into(),
                client_secret: "attr-secret".into()
            }
        );
        assert_eq!(
            settings.token_url().as_str(),
            "http://127.0.0.1:9000/v1.0/endpoint/default/token"
        );
        let shown = format!("{settings:?} {partial:?}");
        assert!(!shown.contains("attr-secret"), "{shown}");
    }

    #[test]
    fn missing_and_invalid_settings_name_their_variable() {
        let err = resolve(&PartialIbmVerify::default(), &env_of(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ibm_verify.tenant_url is not set: set it in the provider block or in the IBM_VERIFY_TENANT_URL environment variable"
        );
        let env = env_of(&[(ENV_TENANT_URL, "foo")]);
        let err = resolve(&PartialIbmVerify::default(), &env).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ibm_verify.tenant_url 'foo' is not a URL: use https://<tenant>.verify.ibm.com or http://127.0.0.1:PORT for the sandbox"
        );
        let env = env_of(&[(ENV_TENANT_URL, "t.verify.ibm.com"), (ENV_CLIENT_ID, "id")]);
        let err = resolve(&PartialIbmVerify::default(), &env).unwrap_err();
        assert!(
            err.to_string().contains("IBM_VERIFY_CLIENT_SECRET"),
            "{err}"
        );
    }
}
