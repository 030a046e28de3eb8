//! One module per vendor: settings, auth, typed REST calls, and one file per resource or data
//! source. Vendor modules never touch protobuf or Terraform types.
//!
//! This file holds what every vendor's `config.rs` shares: [`ConfigError`] and the rules for
//! picking a setting (attribute over environment variable) and validating base URLs.

pub mod access_token;
pub mod akamai;
pub mod create;
pub mod credentials;
pub mod full_replace;
pub mod ibm_verify;
pub mod oracle_oam;
pub mod rotation;
pub mod sailpoint;
pub mod secret_version;
#[cfg(test)]
pub(crate) mod test_support;
pub mod token_url_function;
pub mod validators;
pub mod write_only;

use url::Url;

/// Why a vendor's settings cannot be resolved. The text tells the user where to set what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "{setting} is not set: set it in the provider block or in the {env_var} environment variable"
    )]
    Missing {
        setting: &'static str,
        env_var: &'static str,
    },

    #[error("{setting} '{value}' is not a URL: {hint}")]
    InvalidUrl {
        setting: &'static str,
        value: String,
        hint: &'static str,
    },

    #[error("{setting} is invalid: {message}")]
    Invalid {
        setting: &'static str,
        message: String,
    },

    /// Two settings that exclude each other are both set; `setting` is the one pointed at.
    #[error("{message}")]
    Conflict {
        setting: &'static str,
        message: String,
    },

    /// The Akamai `.edgerc` file could not be used.
    #[error("{0}")]
    Edgerc(String),
}

/// An environment lookup; the provider passes `|name| std::env::var(name).ok()`, tests a map.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The provider attribute when set, else the environment variable. Empty strings count as
/// unset on both sides, so `client_id = ""` or an exported-but-empty variable falls through
/// instead of being sent as a credential.
pub fn pick(attribute: Option<&str>, env_var: &str, env: Env<'_>) -> Option<String> {
    attribute
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            env(env_var)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        })
}

/// Like [`pick`], but a missing value is a [`ConfigError::Missing`].
pub fn require(
    attribute: Option<&str>,
    setting: &'static str,
    env_var: &'static str,
    env: Env<'_>,
) -> Result<String, ConfigError> {
    pick(attribute, env_var, env).ok_or(ConfigError::Missing { setting, env_var })
}

/// Whether a list resource's filter leaves out a listed object: the filter is set and the
/// object's value is another (or none).
pub fn filter_excludes<T: PartialEq>(filter: &tfplugin::Tf<T>, value: Option<&T>) -> bool {
    filter.known().is_some_and(|wanted| value != Some(wanted))
}

/// [`require`] and [`parse_base_url`]: a vendor's required base URL setting.
pub fn require_base_url(
    attribute: Option<&str>,
    setting: &'static str,
    env_var: &'static str,
    hint: &'static str,
    env: Env<'_>,
) -> Result<Url, ConfigError> {
    parse_base_url(&require(attribute, setting, env_var, env)?, setting, hint)
}

/// `base` with `path` (starting with `/`) appended to its path, such as a token endpoint below
/// a tenant URL.
pub fn join_path(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}{path}", url.path().trim_end_matches('/'));
    url.set_path(&joined);
    url
}

/// Parses a base URL. A full `http(s)://` URL is taken as it is (the sandbox is
/// `http://127.0.0.1:PORT`); a bare host name (`tenant.verify.ibm.com`, `host:8443`) means
/// https. A bare name must contain a dot, be `localhost` or an IP address, so that a typo like
/// `foo` is caught here rather than as a DNS failure during apply. Trailing slashes are dropped;
/// queries, fragments and user info are rejected.
pub fn parse_base_url(
    value: &str,
    setting: &'static str,
    hint: &'static str,
) -> Result<Url, ConfigError> {
    let invalid = || ConfigError::InvalidUrl {
        setting,
        value: value.to_owned(),
        hint,
    };
    let trimmed = value.trim();
    let url = if trimmed.contains("://") {
        Url::parse(trimmed).map_err(|_| invalid())?
    } else {
        let url = Url::parse(&format!("https://{trimmed}")).map_err(|_| invalid())?;
        let host = url.host_str().unwrap_or_default();
        let plausible = host.contains('.') || host == "localhost" || host.starts_with('[');
        if !plausible || url.path() != "/" {
            return Err(invalid());
        }
        url
    };
    if !matches!(url.scheme(), "http" | "https")
        || url.host_str().is_none_or(str::is_empty)
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(invalid());
    }
    let mut url = url;
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn a_filter_excludes_only_what_it_names_another_value_of() {
        use tfplugin::Tf;
        let locked = Tf::Known(true);
        assert!(!filter_excludes(&locked, Some(&true)));
        assert!(filter_excludes(&locked, Some(&false)));
        assert!(
            filter_excludes(&locked, None),
            "no value is not the value asked for"
        );
        assert!(!filter_excludes(&Tf::<bool>::Null, Some(&false)));
        assert!(!filter_excludes(&Tf::<bool>::Null, None));
        assert!(!filter_excludes(&Tf::<bool>::Unknown, Some(&false)));
    }

    #[test]
    fn attribute_wins_over_environment_and_blank_means_unset() {
        let env = |name: &str| (name == "X").then(|| "from-env".to_owned());
        assert_eq!(pick(Some("attr"), "X", &env).as_deref(), Some("attr"));
        assert_eq!(pick(None, "X", &env).as_deref(), Some("from-env"));
        assert_eq!(pick(Some("  "), "X", &env).as_deref(), Some("from-env"));
        assert_eq!(pick(None, "X", &|_| Some(String::new())), None);
        let err = require(None, "oracle_oam.password", "OAM_PASSWORD", &no_env).unwrap_err();
        assert_eq!(
            err.to_string(),
            "oracle_oam.password is not set: set it in the provider block or in the OAM_PASSWORD environment variable"
        );
    }

    #[test]
    fn base_urls() {
        let hint = "use https://<tenant>.verify.ibm.com or http://127.0.0.1:PORT for the sandbox";
        let parse = |value: &str| parse_base_url(value, "ibm_verify.tenant_url", hint);
        assert_eq!(
            parse("t.verify.ibm.com").unwrap().as_str(),
            "https://t.verify.ibm.com/"
        );
        assert_eq!(
            parse("http://127.0.0.1:8080/").unwrap().as_str(),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            parse("https://h.example/base/").unwrap().as_str(),
            "https://h.example/base"
        );
        assert_eq!(
            parse("localhost:9000").unwrap().as_str(),
            "https://localhost:9000/"
        );
        assert_eq!(
            parse("foo").unwrap_err().to_string(),
            "ibm_verify.tenant_url 'foo' is not a URL: use https://<tenant>.verify.ibm.com or http://127.0.0.1:PORT for the sandbox"
        );
        for bad in [
            "",
            "ftp://h.example",
            "https://",
            "https://h.example/?a=b",
            "https://u:p@h.example",
            "h.example/path",
            "http://",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
