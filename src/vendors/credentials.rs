//! How IBM Security Verify and SailPoint authenticate the provider: client credentials (the
//! provider fetches and refreshes tokens) or an access token given as it is (typically one an
//! ephemeral `*_access_token` resource minted for a second, aliased provider configuration).
//!
//! One rule for both vendors, at each level of [`crate::vendors::pick`]'s precedence: the
//! provider block's attributes decide when any of them is set, else the environment variables;
//! an access token together with client credentials at the same level is an error naming both.

use std::future::Future;
use std::sync::Arc;

use crate::http::{
    Authenticator, CancellationToken, Forbidden, HttpError, OAuth2ClientCredentials, RestClient,
    Secret, StaticBearer,
};
use crate::vendors::{ConfigError, Env, require};

/// The ID a credential check reads: of an object that cannot exist, so the read changes nothing
/// and finds nothing.
pub const PROBE_ID: &str = "apiclients-credential-check";

/// Proves IBM Security Verify or SailPoint credentials, with no request when an earlier call of
/// this run already has: client credentials by the token request, whose token the calls that
/// follow reuse; a given access token by `get`, one cheap authenticated GET of [`PROBE_ID`], where
/// a 404 or a 403 (a token without that permission) means the platform accepted the token
/// ([`HttpError::accepted_credentials`]).
pub async fn prove<T, Fut>(
    rest: &RestClient,
    cancel: &CancellationToken,
    get: impl FnOnce(&'static str) -> Fut,
) -> Result<(), HttpError>
where
    Fut: Future<Output = Result<T, HttpError>>,
{
    if rest.credentials_accepted() || rest.authenticate(cancel).await? {
        return Ok(());
    }
    match get(PROBE_ID).await {
        Ok(_) => Ok(()),
        Err(err) if err.accepted_credentials(Forbidden::LacksPermission) => Ok(()),
        Err(err) => Err(err),
    }
}

/// The names of one vendor's credential settings and variables.
#[derive(Debug, Clone, Copy)]
pub struct CredentialNames {
    /// `ibm_verify.client_id`.
    pub client_id: &'static str,
    pub client_secret: &'static str,
    pub access_token: &'static str,
    pub env_client_id: &'static str,
    pub env_client_secret: &'static str,
    pub env_access_token: &'static str,
}

/// Credentials the provider authenticates with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiCredentials {
    /// The client_credentials grant, tokens fetched and refreshed by the provider.
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
    },
    /// A bearer token used as it is until it expires.
    AccessToken(Secret),
}

impl ApiCredentials {
    /// How the provider authenticates with these credentials: the vendor's client-credentials
    /// grant (`grant` makes it from the client ID and secret), or the given token as it is.
    pub fn authenticator(
        &self,
        grant: impl FnOnce(&str, &Secret) -> OAuth2ClientCredentials,
    ) -> Result<Arc<dyn Authenticator>, HttpError> {
        Ok(match self {
            ApiCredentials::ClientCredentials {
                client_id,
                client_secret,
            } => Arc::new(grant(client_id, client_secret)),
            ApiCredentials::AccessToken(token) => Arc::new(StaticBearer::new(token)?),
        })
    }
}

fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

/// Resolves the credentials from the block's attributes (`None` when unset) and the
/// environment.
pub fn resolve_credentials(
    client_id: Option<&str>,
    client_secret: Option<&str>,
    access_token: Option<&str>,
    names: &CredentialNames,
    env: Env<'_>,
) -> Result<ApiCredentials, ConfigError> {
    let (client_id, client_secret, access_token) = (
        present(client_id),
        present(client_secret),
        present(access_token),
    );
    if let Some(token) = access_token {
        if let Some(other) = client_id
            .map(|_| names.client_id)
            .or(client_secret.map(|_| names.client_secret))
        {
            return Err(ConfigError::Conflict {
                setting: names.access_token,
                message: format!(
                    "{} and {other} are both set: the provider authenticates either with an access token or with client credentials. Remove one of them.",
                    names.access_token
                ),
            });
        }
        return Ok(ApiCredentials::AccessToken(Secret::new(token.to_owned())));
    }
    if client_id.is_none() && client_secret.is_none() {
        let from_env = |name: &str| present(env(name).as_deref()).map(str::to_owned);
        if let Some(token) = from_env(names.env_access_token) {
            let other = [names.env_client_id, names.env_client_secret]
                .into_iter()
                .find(|name| from_env(name).is_some());
            if let Some(other) = other {
                return Err(ConfigError::Conflict {
                    setting: names.access_token,
                    message: format!(
                        "the environment variables {} and {other} are both set: the provider authenticates either with an access token or with client credentials. Unset one of them, or set {} or {} in the provider block.",
                        names.env_access_token, names.access_token, names.client_id
                    ),
                });
            }
            return Ok(ApiCredentials::AccessToken(Secret::new(token)));
        }
    }
    let client_id = require(client_id, names.client_id, names.env_client_id, env)?;
    let client_secret = require(
        client_secret,
        names.client_secret,
        names.env_client_secret,
        env,
    )?;
    Ok(ApiCredentials::ClientCredentials {
        client_id,
        client_secret: Secret::new(client_secret),
    })
}

impl ApiCredentials {
    /// The secret to register with the log redactor.
    pub fn secret(&self) -> &Secret {
        match self {
            ApiCredentials::ClientCredentials { client_secret, .. } => client_secret,
            ApiCredentials::AccessToken(token) => token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: CredentialNames = CredentialNames {
        client_id: "ibm_verify.client_id",
        client_secret: "ibm_verify.client_secret",
        access_token: "ibm_verify.access_token",
        env_client_id: "IBM_VERIFY_CLIENT_ID",
        env_client_secret: "IBM_VERIFY_CLIENT_SECRET",
        env_access_token: "IBM_VERIFY_ACCESS_TOKEN",
    };

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn an_access_token_attribute_is_used_as_it_is_and_wins_over_client_credentials_in_the_environment()
     {
        let env = env_of(&[
            ("IBM_VERIFY_CLIENT_ID", "env-id"),
            ("IBM_VERIFY_CLIENT_SECRET", "s"),
        ]);
        let resolved = resolve_credentials(None, None, Some(" tok-1 "), &NAMES, &env).unwrap();
        assert_eq!(
            resolved,
            ApiCredentials::AccessToken(Secret::new("tok-1".to_owned()))
        );
        assert!(!format!("{resolved:?}").contains("tok-1"));
    }

    #[test]
    fn an_access_token_with_client_credentials_in_the_block_is_an_error_naming_both() {
        let err =
            resolve_credentials(Some("id"), None, Some("tok"), &NAMES, &env_of(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ibm_verify.access_token and ibm_verify.client_id are both set: the provider authenticates either with an access token or with client credentials. Remove one of them."
        );
        let err = resolve_credentials(
            None,
            Some("secret-5c1"),
            Some("tok-9f3"),
            &NAMES,
            &env_of(&[]),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("ibm_verify.client_secret"),
            "{err}"
        );
        assert!(!err.to_string().contains("tok-9f3"), "{err}");
        assert!(!err.to_string().contains("secret-5c1"), "{err}");
    }

    #[test]
    fn the_environment_decides_when_the_block_sets_none_and_a_conflict_there_names_both_variables()
    {
        let env = env_of(&[("IBM_VERIFY_ACCESS_TOKEN", "tok-env")]);
        assert_eq!(
            resolve_credentials(None, None, None, &NAMES, &env).unwrap(),
            ApiCredentials::AccessToken(Secret::new("tok-env".to_owned()))
        );
        let env = env_of(&[
            ("IBM_VERIFY_ACCESS_TOKEN", "tok-env"),
            ("IBM_VERIFY_CLIENT_SECRET", "s"),
        ]);
        let err = resolve_credentials(None, None, None, &NAMES, &env).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("the environment variables IBM_VERIFY_ACCESS_TOKEN and IBM_VERIFY_CLIENT_SECRET are both set"),
            "{text}"
        );
        // Client credentials in the block win over a token in the environment.
        let resolved = resolve_credentials(Some("id"), Some("s"), None, &NAMES, &env).unwrap();
        assert!(matches!(resolved, ApiCredentials::ClientCredentials { .. }));
    }

    #[test]
    fn without_any_the_missing_client_id_is_named_as_before() {
        let err = resolve_credentials(None, None, Some("  "), &NAMES, &env_of(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ibm_verify.client_id is not set: set it in the provider block or in the IBM_VERIFY_CLIENT_ID environment variable"
        );
    }
}
