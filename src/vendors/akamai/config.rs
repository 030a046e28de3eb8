//! Akamai settings, resolved per setting with this precedence (highest first):
//!
//! 1. the attribute in the provider's `akamai` block;
//! 2. the environment variable Akamai's Go client (`FromEnv`) reads: `AKAMAI_HOST`,
//!    `AKAMAI_CLIENT_TOKEN`, `AKAMAI_CLIENT_SECRET`, `AKAMAI_ACCESS_TOKEN`, `AKAMAI_MAX_BODY`,
//!    `AKAMAI_ACCOUNT_KEY` — for a section other than `default`, `AKAMAI_<SECTION>_HOST` etc.;
//! 3. the `.edgerc` section: file `edgerc` attribute > `AKAMAI_EDGERC` > `$HOME/.edgerc`,
//!    section `config_section` attribute > `AKAMAI_EDGERC_SECTION` > `default`.
//!
//! The `.edgerc` file is read only when a credential is not given by 1 or 2. An explicitly named
//! file that cannot be read is an error; a missing default `~/.edgerc` is not.

use std::path::PathBuf;

use url::Url;

use crate::http::Secret;

use crate::vendors::akamai::edgegrid::{DEFAULT_MAX_BODY, EdgeGridCredentials};
use crate::vendors::akamai::edgerc::{self, EdgercSection};
use crate::vendors::{ConfigError, Env, parse_base_url, pick};

pub const ENV_EDGERC: &str = "AKAMAI_EDGERC";
pub const ENV_EDGERC_SECTION: &str = "AKAMAI_EDGERC_SECTION";
pub const DEFAULT_SECTION: &str = "default";

const URL_HINT: &str = "use the host of your API credential (akab-….luna.akamaiapis.net) or \
                        http://127.0.0.1:PORT for the sandbox";

/// The `akamai` block as the user wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartialAkamai {
    pub edgerc: Option<String>,
    pub config_section: Option<String>,
    pub host: Option<String>,
    pub client_token: Option<Secret>,
    pub client_secret: Option<Secret>,
    pub access_token: Option<Secret>,
    pub account_switch_key: Option<String>,
    pub max_body: Option<u64>,
}

/// Resolved settings. `credentials` redacts itself in `Debug`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AkamaiSettings {
    /// `https://<host>` (or the sandbox's `http://127.0.0.1:PORT`).
    pub base_url: Url,
    pub credentials: EdgeGridCredentials,
    pub max_body: usize,
    /// Sent as `accountSwitchKey` on every call when set.
    pub account_switch_key: Option<String>,
    /// Header names to sign (from `.edgerc`; empty for the IAM API).
    pub headers_to_sign: Vec<String>,
}

fn env_name(section: &str, key: &str) -> String {
    if section == DEFAULT_SECTION {
        format!("AKAMAI_{key}")
    } else {
        format!(
            "AKAMAI_{}_{key}",
            section.to_ascii_uppercase().replace('-', "_")
        )
    }
}

fn exposed(secret: &Option<Secret>) -> Option<&str> {
    secret.as_ref().map(|s| s.expose().as_str())
}

/// Resolves the settings (see the module doc for the precedence).
pub fn resolve(partial: &PartialAkamai, env: Env<'_>) -> Result<AkamaiSettings, ConfigError> {
    let section = pick(partial.config_section.as_deref(), ENV_EDGERC_SECTION, env)
        .unwrap_or_else(|| DEFAULT_SECTION.to_owned());
    let direct =
        |attribute: Option<&str>, key: &str| pick(attribute, &env_name(&section, key), env);
    let host = direct(partial.host.as_deref(), "HOST");
    let client_token = direct(exposed(&partial.client_token), "CLIENT_TOKEN");
    let client_secret = direct(exposed(&partial.client_secret), "CLIENT_SECRET");
    let access_token = direct(exposed(&partial.access_token), "ACCESS_TOKEN");

    let explicit_file = pick(partial.edgerc.as_deref(), ENV_EDGERC, env).map(PathBuf::from);
    let needs_file = host.is_none()
        || client_token.is_none()
        || client_secret.is_none()
        || access_token.is_none();
    let file: Option<EdgercSection> = if !needs_file {
        None
    } else if let Some(path) = &explicit_file {
        Some(edgerc::load(path, &section).map_err(|err| ConfigError::Edgerc(err.to_string()))?)
    } else {
        let default = env("HOME")
            .filter(|home| !home.is_empty())
            .map(|home| PathBuf::from(home).join(".edgerc"));
        match default {
            Some(path) if path.exists() => Some(
                edgerc::load(&path, &section)
                    .map_err(|err| ConfigError::Edgerc(err.to_string()))?,
            ),
            _ => None,
        }
    };

    let file_location = explicit_file
        .as_ref()
        .map_or_else(|| "~/.edgerc".to_owned(), |path| path.display().to_string());
    let missing = |setting: &str, key: &str| {
        ConfigError::Edgerc(format!(
            "akamai.{setting} is not set: set it in the provider block, in the {} environment variable \
             or in section \"{section}\" of {file_location}",
            env_name(&section, key)
        ))
    };
    let host = host
        .or_else(|| file.as_ref().map(|f| f.host.clone()))
        .ok_or_else(|| missing("host", "HOST"))?;
    let client_token = client_token
        .or_else(|| {
            file.as_ref()
                .map(|f| f.credentials.client_token.expose().clone())
        })
        .ok_or_else(|| missing("client_token", "CLIENT_TOKEN"))?;
    let client_secret = client_secret
        .or_else(|| {
            file.as_ref()
                .map(|f| f.credentials.client_secret.expose().clone())
        })
        .ok_or_else(|| missing("client_secret", "CLIENT_SECRET"))?;
    let access_token = access_token
        .or_else(|| {
            file.as_ref()
                .map(|f| f.credentials.access_token.expose().clone())
        })
        .ok_or_else(|| missing("access_token", "ACCESS_TOKEN"))?;

    let base_url = parse_base_url(&host, "akamai.host", URL_HINT)?;
    let max_body = match (
        partial.max_body,
        pick(None, &env_name(&section, "MAX_BODY"), env),
    ) {
        (Some(value), _) => usize::try_from(value).map_err(|_| ConfigError::Invalid {
            setting: "akamai.max_body",
            message: format!("{value} is too large"),
        })?,
        (None, Some(text)) => text.parse::<usize>().map_err(|_| ConfigError::Invalid {
            setting: "akamai.max_body",
            message: format!(
                "{} '{text}' is not a non-negative integer",
                env_name(&section, "MAX_BODY")
            ),
        })?,
        (None, None) => file.as_ref().map_or(DEFAULT_MAX_BODY, |f| f.max_body),
    };
    let account_switch_key = pick(
        partial.account_switch_key.as_deref(),
        &env_name(&section, "ACCOUNT_KEY"),
        env,
    )
    .or_else(|| file.as_ref().and_then(|f| f.account_key.clone()));
    let headers_to_sign = file.map(|f| f.headers_to_sign).unwrap_or_default();
    Ok(AkamaiSettings {
        base_url,
        credentials: EdgeGridCredentials {
            client_token: Secret::new(client_token),
            client_secret: Secret::new(client_secret),
            access_token: Secret::new(access_token),
        },
        max_body,
        account_switch_key,
        headers_to_sign,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: Vec<(&str, String)>) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        move |name| map.get(name).cloned()
    }

    const EDGERC: &str = "[default]\nhost = akab-file.luna.akamaiapis.net\nclient_token = file-ct\n\
                          client_secret = file-cs\naccess_token = file-at\nmax_body = 2048\n\
                          [other]\nhost = akab-other.luna.akamaiapis.net\nclient_token = o-ct\n\
                          client_secret = o-cs\naccess_token = o-at\naccount_key = ASK-1\n";

    #[test]
    fn attribute_beats_env_beats_edgerc() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("edgerc");
        std::fs::write(&path, EDGERC).unwrap();
        let env = env_of(vec![
            (ENV_EDGERC, path.display().to_string()),
            ("AKAMAI_CLIENT_TOKEN", "env-ct".into()),
            ("AKAMAI_ACCESS_TOKEN", "env-at".into()),
        ]);
        let partial = PartialAkamai {
            access_token: Some("attr-at".into()),
            ..Default::default()
        };
        let settings = resolve(&partial, &env).unwrap();
        assert_eq!(
            settings.base_url.as_str(),
            "https://akab-file.luna.akamaiapis.net/"
        );
        assert_eq!(settings.credentials.client_token, "env-ct");
        assert_eq!(settings.credentials.client_secret, "file-cs");
        assert_eq!(settings.credentials.access_token, "attr-at");
        assert_eq!(settings.max_body, 2048);
        assert!(!format!("{settings:?}{partial:?}").contains("file-cs"));
        assert!(!format!("{partial:?}").contains("attr-at"));
    }

    #[test]
    fn named_section_uses_its_own_env_prefix_and_account_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("edgerc");
        std::fs::write(&path, EDGERC).unwrap();
        let env = env_of(vec![
            (ENV_EDGERC, path.display().to_string()),
            (ENV_EDGERC_SECTION, "other".into()),
            ("AKAMAI_HOST", "ignored.example.com".into()),
            ("AKAMAI_OTHER_HOST", "http://127.0.0.1:8080".into()),
        ]);
        let settings = resolve(&PartialAkamai::default(), &env).unwrap();
        assert_eq!(settings.base_url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(settings.credentials.client_token, "o-ct");
        assert_eq!(settings.account_switch_key.as_deref(), Some("ASK-1"));
        assert_eq!(settings.max_body, DEFAULT_MAX_BODY);
    }

    #[test]
    fn env_only_needs_no_file_and_missing_names_everything() {
        let env = env_of(vec![
            ("AKAMAI_HOST", "akab-env.luna.akamaiapis.net".into()),
            ("AKAMAI_CLIENT_TOKEN", "ct".into()),
            ("AKAMAI_CLIENT_SECRET", "cs".into()),
            ("AKAMAI_ACCESS_TOKEN", "at".into()),
            ("HOME", "/nonexistent-home".into()),
        ]);
        assert!(resolve(&PartialAkamai::default(), &env).is_ok());
        let err = resolve(
            &PartialAkamai::default(),
            &env_of(vec![("HOME", "/nonexistent-home".into())]),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "akamai.host is not set: set it in the provider block, in the AKAMAI_HOST environment variable or in section \"default\" of ~/.edgerc"
        );
        let explicit = PartialAkamai {
            edgerc: Some("/nonexistent/edgerc".into()),
            ..Default::default()
        };
        assert!(
            resolve(&explicit, &env_of(vec![]))
                .unwrap_err()
                .to_string()
                .contains("/nonexistent/edgerc")
        );
    }
}
