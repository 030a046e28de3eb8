//! What the three ephemeral `apiclients_<vendor>_access_token` resources share: the schema of a
//! client-credentials token (`client_id` and `client_secret` in; `access_token`, `token_type`,
//! `expires_at` out), the one token request ([`OAuth2ClientCredentials::grant`], the same the
//! provider's own clients use), and the diagnostics for a refused grant, which name the
//! attribute to fix and the cause.
//!
//! Token endpoints answer one `invalid_client` for a wrong secret, an unknown client, a disabled
//! one and (SailPoint) one without the grant. So when the grant is refused that way, the
//! resource looks the client up with the provider's own credentials ([`ClientStatus`]) and the
//! diagnostic says which it is; when it cannot look, it lists the possible causes.
//!
//! A client_credentials grant issues no refresh token (RFC 6749 §4.4.3), so these tokens are not
//! renewed: Terraform opens the resource again in each plan and apply, and a token lives as long
//! as the platform says (`expires_at`). Nothing is closed: none of the three platforms revokes a
//! client-credentials token through an API the provider uses, and the token expires by itself.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use tfplugin::{Attribute, AttributePath, Block, Context, Diagnostic, Diagnostics, Sensitive, Tf};

use crate::http::{HttpError, OAuth2ClientCredentials, Vendor};

/// The configuration and result of the IBM and SailPoint token resources (Oracle's adds its
/// identity domain and server).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AccessTokenState {
    pub client_id: Tf<String>,
    pub client_secret: Tf<Sensitive<String>>,
    pub scope: Tf<String>,
    pub access_token: Tf<Sensitive<String>>,
    pub token_type: Tf<String>,
    pub expires_at: Tf<String>,
}

impl AccessTokenState {
    /// The result of an open: this configuration with `token`, and `scope` as the resource
    /// decides it.
    pub fn opened(self, token: Minted, scope: Tf<String>) -> Self {
        AccessTokenState {
            scope,
            access_token: Tf::Known(token.access_token),
            token_type: Tf::Known(token.token_type),
            expires_at: Tf::Known(token.expires_at),
            ..self
        }
    }
}

/// `client_id` and `client_secret` (the inputs every token resource has).
pub fn credential_attributes(block: Block, client: &str) -> Block {
    block
        .attribute(
            Attribute::string("client_id")
                .required()
                .description(format!("Client ID of the {client} the token is for, typically another resource's output or a variable.")),
        )
        .attribute(
            Attribute::string("client_secret")
                .required()
                .sensitive()
                .description(format!("Client secret of that {client}.")),
        )
}

/// `access_token`, `token_type` and `expires_at` (the results every token resource has).
pub fn result_attributes(block: Block, vendor: Vendor) -> Block {
    block
        .attribute(
            Attribute::string("access_token")
                .computed()
                .sensitive()
                .description(format!("The access token {vendor} issued. Use it as a provider's `access_token` or a bearer token; it is never written to a plan or a state.")),
        )
        .attribute(
            Attribute::string("token_type")
                .computed()
                .description("The token type, as the token endpoint answered it (`Bearer`)."),
        )
        .attribute(
            Attribute::string("expires_at")
                .computed()
                .description("When the token expires (RFC 3339, UTC, to the second): the moment of the request plus the endpoint's `expires_in`."),
        )
}

/// A token as the resources answer it.
#[derive(Debug, Clone)]
pub struct Minted {
    pub access_token: Sensitive<String>,
    pub token_type: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
    /// The granted scope, when the endpoint said.
    pub scope: Option<String>,
}

/// The configured client id (required and known when open runs).
pub fn client_id(config: &Tf<String>) -> Result<&str, Diagnostics> {
    config
        .as_str()
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| {
            Diagnostic::invalid_attribute(
                "client_id",
                "client_id is empty. Give the client ID of the client the token is for.",
            )
            .into()
        })
}

/// The configured client secret.
pub fn client_secret(config: &Tf<Sensitive<String>>) -> Result<Sensitive<String>, Diagnostics> {
    config
        .known()
        .filter(|secret| !secret.expose().is_empty())
        .cloned()
        .ok_or_else(|| {
            Diagnostic::invalid_attribute(
                "client_secret",
                "client_secret is empty. Give the secret of the client the token is for.",
            )
            .into()
        })
}

/// What the provider's own credentials show of the client a grant was refused for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientStatus {
    /// No client has this id.
    NotFound,
    /// The client exists and is disabled.
    Disabled,
    /// The client exists, is enabled, and lacks the client-credentials grant type.
    MissingGrant,
    /// The client exists, is enabled and has the grant: the secret must be wrong.
    Usable,
}

/// Runs the grant and turns a refusal into a diagnostic on the attribute to fix. `lookup` is
/// called only when the endpoint refused the client itself; `None` means it could not tell.
pub async fn mint<F, Fut>(
    ctx: &Context,
    client_id: &str,
    grant: OAuth2ClientCredentials,
    lookup: F,
) -> Result<Minted, Diagnostics>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Option<ClientStatus>>,
{
    let token = match grant.grant(ctx.cancellation()).await {
        Ok(token) => token,
        Err(err) => {
            let status = match &err {
                HttpError::CredentialsRejected { status, detail, .. }
                    if refusal(*status, detail) == Refusal::Client =>
                {
                    lookup().await
                }
                _ => None,
            };
            return Err(refused(client_id, err, status).into());
        }
    };
    let expires_at: DateTime<Utc> = (token.issued_at + token.lifetime).into();
    Ok(Minted {
        access_token: token.access_token,
        token_type: token.token_type,
        expires_at: expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        scope: token.scope,
    })
}

/// Why the endpoint refused, from the OAuth error code (RFC 6749 §5.2) in its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// `invalid_client`, or a 401 without a code.
    Client,
    /// `unauthorized_client` or `unsupported_grant_type`: the client may not use this grant.
    Grant,
    /// `invalid_scope`.
    Scope,
    /// Anything else (`invalid_request`, a proxy's answer).
    Other,
}

fn refusal(status: u16, detail: &str) -> Refusal {
    if detail.contains("unauthorized_client") || detail.contains("unsupported_grant_type") {
        Refusal::Grant
    } else if detail.contains("invalid_scope") {
        Refusal::Scope
    } else if detail.contains("invalid_client") || status == 401 {
        Refusal::Client
    } else {
        Refusal::Other
    }
}

/// The diagnostic for a failed grant. The detail quotes the endpoint's own words (never a
/// secret: request bodies are not echoed).
fn refused(client_id: &str, err: HttpError, client: Option<ClientStatus>) -> Diagnostic {
    let HttpError::CredentialsRejected {
        vendor,
        status,
        token_url,
        detail,
        ..
    } = &err
    else {
        return err.into();
    };
    let said = if detail.is_empty() {
        format!("{status}")
    } else {
        format!("{status}: {detail}")
    };
    let missing_grant = || {
        (
            "client_id",
            format!("{vendor} does not allow this client the client_credentials grant"),
            format!(
                "client \"{client_id}\" lacks the client_credentials (CLIENT_CREDENTIALS) grant type; add it to the client"
            ),
        )
    };
    let (attribute, summary, cause) = match (refusal(*status, detail), client) {
        (Refusal::Client, Some(ClientStatus::Usable)) => (
            "client_secret",
            format!("{vendor} refused the client secret"),
            format!(
                "client \"{client_id}\" exists, is enabled and may use the grant, so the client_secret is wrong (was the secret rotated?)"
            ),
        ),
        (Refusal::Client, Some(ClientStatus::NotFound)) => (
            "client_id",
            format!("{vendor} has no client with this ID"),
            format!(
                "no client with client_id \"{client_id}\" exists (was it deleted, or is it another tenant's?)"
            ),
        ),
        (Refusal::Client, Some(ClientStatus::Disabled)) => (
            "client_id",
            format!("The {vendor} client is disabled"),
            format!(
                "client \"{client_id}\" is disabled, and a disabled client gets no token; enable it"
            ),
        ),
        (Refusal::Client, Some(ClientStatus::MissingGrant)) | (Refusal::Grant, _) => {
            missing_grant()
        }
        (Refusal::Client, None) => (
            "client_secret",
            format!("{vendor} refused the client credentials"),
            format!(
                "the client_secret is wrong for client_id \"{client_id}\", or that client does not exist, is disabled or lacks the client_credentials grant (the provider's own credentials could not look it up to tell which)"
            ),
        ),
        (Refusal::Scope, _) => (
            "scope",
            format!("{vendor} refused the requested scope"),
            format!(
                "client \"{client_id}\" may not ask for this scope; ask for a scope the client holds, or leave scope out"
            ),
        ),
        (Refusal::Other, _) => (
            "client_id",
            format!("{vendor} refused the token request"),
            format!("the token endpoint refused the request for client \"{client_id}\""),
        ),
    };
    Diagnostic::error(
        summary,
        format!("{cause}. The token endpoint {token_url} answered {said}."),
    )
    .at(AttributePath::root(attribute))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(status: u16, detail: &str) -> HttpError {
        HttpError::CredentialsRejected {
            vendor: Vendor::SailPoint,
            status,
            token_url: "http://127.0.0.1:1/oauth/token".into(),
            detail: detail.into(),
        }
    }

    #[test]
    fn a_refused_client_is_told_apart_by_what_the_lookup_found() {
        let refused_with = |status| {
            refused(
                "ci-1",
                rejected(401, "invalid_client: Bad credentials"),
                status,
            )
        };
        let diag = refused_with(Some(ClientStatus::Usable));
        assert_eq!(
            diag.summary,
            "SailPoint Identity Security Cloud refused the client secret"
        );
        assert_eq!(
            diag.detail,
            "client \"ci-1\" exists, is enabled and may use the grant, so the client_secret is wrong (was the secret rotated?). The token endpoint http://127.0.0.1:1/oauth/token answered 401: invalid_client: Bad credentials."
        );
        assert_eq!(diag.path, Some(AttributePath::root("client_secret")));
        let diag = refused_with(Some(ClientStatus::Disabled));
        assert!(
            diag.detail.starts_with("client \"ci-1\" is disabled"),
            "{diag:?}"
        );
        assert_eq!(diag.path, Some(AttributePath::root("client_id")));
        let diag = refused_with(Some(ClientStatus::MissingGrant));
        assert!(
            diag.detail.contains("lacks the client_credentials"),
            "{diag:?}"
        );
        assert_eq!(diag.path, Some(AttributePath::root("client_id")));
        let diag = refused_with(Some(ClientStatus::NotFound));
        assert!(
            diag.detail.starts_with("no client with client_id \"ci-1\""),
            "{diag:?}"
        );
        let diag = refused_with(None);
        assert!(
            diag.detail
                .contains("is disabled or lacks the client_credentials grant"),
            "{diag:?}"
        );
        assert_eq!(diag.path, Some(AttributePath::root("client_secret")));
    }

    #[test]
    fn a_missing_grant_points_at_client_id_and_a_bad_scope_at_scope() {
        let diag = refused("ci-1", rejected(400, "unauthorized_client"), None);
        assert!(
            diag.summary.contains("client_credentials grant"),
            "{diag:?}"
        );
        assert!(
            diag.detail.contains("lacks the client_credentials"),
            "{diag:?}"
        );
        assert_eq!(diag.path, Some(AttributePath::root("client_id")));
        let diag = refused("ci-1", rejected(400, "unsupported_grant_type: no"), None);
        assert_eq!(diag.path, Some(AttributePath::root("client_id")));
        let diag = refused("ci-1", rejected(400, "invalid_scope: nope"), None);
        assert_eq!(diag.path, Some(AttributePath::root("scope")));
        let diag = refused("ci-1", rejected(400, "invalid_request"), None);
        assert_eq!(
            diag.summary,
            "SailPoint Identity Security Cloud refused the token request"
        );
    }

    #[test]
    fn other_failures_keep_the_rest_cores_diagnostic() {
        let err = HttpError::Transport {
            vendor: Vendor::IbmVerify,
            method: "POST".into(),
            path: "/v1.0/endpoint/default/token".into(),
            attempts: 1,
            reason: "connection refused".into(),
        };
        let diag = refused("ci-1", err, Some(ClientStatus::Usable));
        assert_eq!(diag.summary, "Cannot reach IBM Security Verify");
        assert_eq!(diag.path, None);
    }
}
