//! Ephemeral resources (Terraform 1.10+, protocol 6.7): something that exists only while
//! Terraform runs (an access token, a short-lived credential), opened when Terraform needs its
//! value, renewed while the run lasts, closed at its end, and never written to a plan or a state.
//!
//! An ephemeral resource writes its schema, `open`, and when it needs them `renew` and `close`.
//! The framework does the rest, the same way for every type:
//!
//! | concern | how |
//! |---|---|
//! | configuration and result | one typed `State` through the serde bridge: `open` gets the configuration, answers it with the computed attributes filled |
//! | unknown configuration | `open` is not called: the result is the configuration with its computed attributes unknown, as Terraform makes it itself (and deferred when Terraform allows deferral) |
//! | private data | a typed `Private` (JSON to Terraform, which hands it back to `renew` and `close`); never logged |
//! | secrets | the result's sensitive attributes are registered for redaction from the schema, before the result leaves |
//! | validation | the schema's validators, then the type's own `validate` |
//! | cancellation | StopProvider cancels the [`Context`] of an open, renew or close in flight |
//! | deadline | open, renew and close each get [`DEADLINE`]; when it passes the context is cancelled and the error names it (an ephemeral resource has no `timeouts` block) |
//!
//! The crate documentation shows one, a token minted for the run and revoked at its end.

use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::bridge::{decode_typed, encode_typed, validate_typed_config};
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, PluginError};
use crate::duration::format_duration;
use crate::schema::Schema;
use crate::value::Value;

/// How long open, renew and close may each take before the framework cancels them.
pub const DEADLINE: Duration = Duration::from_secs(5 * 60);

/// What [`EphemeralResource::open`] answers.
#[derive(Debug, Clone)]
pub struct Opened<S, P> {
    /// The configuration with every computed attribute filled.
    pub result: S,
    /// When Terraform should call [`EphemeralResource::renew`], if ever.
    pub renew_at: Option<SystemTime>,
    /// What renew and close need; Terraform keeps it in memory for the run only.
    pub private: P,
}

impl<S, P> Opened<S, P> {
    /// A result that needs no renewal.
    pub fn new(result: S, private: P) -> Self {
        Opened {
            result,
            renew_at: None,
            private,
        }
    }

    /// Asks Terraform to renew at `at` (while the run lasts).
    pub fn renew_at(mut self, at: SystemTime) -> Self {
        self.renew_at = Some(at);
        self
    }
}

/// What [`EphemeralResource::renew`] answers.
#[derive(Debug, Clone)]
pub struct Renewed<P> {
    /// When to renew again, if ever.
    pub renew_at: Option<SystemTime>,
    /// The private data from now on (renew and close get it).
    pub private: P,
}

/// An ephemeral resource with a serde-typed configuration and result.
///
/// `State` follows the rules of [`crate::Resource::State`]: one field per schema attribute,
/// `Tf<…>` for anything that can be null or unknown, `#[serde(default)]` on the struct.
#[async_trait]
pub trait EphemeralResource: Send + Sync + 'static {
    /// The configuration, and the result `open` answers (one schema for both).
    type State: Serialize + DeserializeOwned + Send + Sync + 'static;
    /// What renew and close need of an opened instance (use `()` for nothing). The framework
    /// encodes it as JSON for Terraform and never logs it.
    type Private: Serialize + DeserializeOwned + Send + Sync + 'static;

    /// The name after the provider prefix: `"access_token"` becomes `apiclients_access_token`
    /// (it may be the name of a managed resource too).
    fn type_name(&self) -> &'static str;

    /// The schema: configured attributes and computed results. No `timeouts` block and no plan
    /// modifiers (there is no plan); the self-check says so.
    fn schema(&self) -> Schema;

    /// Cross-attribute checks beyond the per-attribute validators (which run automatically).
    /// The configuration may contain unknown values.
    fn validate(&self, _config: &Self::State) -> Diagnostics {
        Diagnostics::new()
    }

    /// Opens the instance from a wholly known configuration: the result, its private data and
    /// when to renew. Called during plan and again during apply.
    async fn open(
        &self,
        ctx: &Context,
        config: Self::State,
    ) -> Result<Opened<Self::State, Self::Private>, Diagnostics>;

    /// Renews the instance at the time `open` (or the last renew) asked for. Only called when
    /// one was asked for; by default it is an error, naming the provider bug.
    async fn renew(
        &self,
        _ctx: &Context,
        _private: Self::Private,
    ) -> Result<Renewed<Self::Private>, Diagnostics> {
        Err(Diagnostic::error(
            "Ephemeral resource cannot renew",
            format!(
                "{} asked Terraform to renew it but implements no renewal. This is a bug in the provider.",
                self.type_name()
            ),
        )
        .into())
    }

    /// Closes the instance when Terraform no longer needs it (revokes a token, deletes a
    /// credential). By default there is nothing to close.
    async fn close(&self, _ctx: &Context, _private: Self::Private) -> Result<(), Diagnostics> {
        Ok(())
    }
}

/// What an open answers, untyped: the result value, when to renew, the private bytes.
#[derive(Debug, Clone)]
pub struct OpenedValue {
    /// The result, of the schema's type, wholly known.
    pub result: Value,
    /// When to renew, if ever.
    pub renew_at: Option<SystemTime>,
    /// The private data, encoded.
    pub private: Vec<u8>,
}

/// What a renew answers, untyped.
#[derive(Debug, Clone)]
pub struct RenewedValue {
    /// When to renew again, if ever.
    pub renew_at: Option<SystemTime>,
    /// The private data from now on, encoded.
    pub private: Vec<u8>,
}

/// Object-safe form of [`EphemeralResource`], implemented for every `EphemeralResource`. `open`
/// takes the schema [`DynEphemeralResource::schema`] returned, which the framework builds once.
#[async_trait]
pub trait DynEphemeralResource: Send + Sync + 'static {
    /// See [`EphemeralResource::type_name`].
    fn type_name(&self) -> &'static str;
    /// See [`EphemeralResource::schema`].
    fn schema(&self) -> Schema;
    /// The framework's check of this ephemeral resource's schema and state type (see
    /// [`crate::self_check`]).
    fn check_implementation(&self) -> Vec<String>;
    /// The type's own checks on a configuration that passed the validators.
    fn validate(&self, config: &Value) -> Diagnostics;
    /// Opens from a wholly known configuration, within [`DEADLINE`].
    async fn open(
        &self,
        schema: &Schema,
        ctx: &Context,
        config: Value,
    ) -> Result<OpenedValue, Diagnostics>;
    /// Renews, within [`DEADLINE`].
    async fn renew(&self, ctx: &Context, private: &[u8]) -> Result<RenewedValue, Diagnostics>;
    /// Closes, within [`DEADLINE`]. Empty private data means nothing was opened (every open
    /// answers private data): there is nothing to close.
    async fn close(&self, ctx: &Context, private: &[u8]) -> Result<(), Diagnostics>;
}

/// The error when a deadline of the framework passed.
pub(crate) fn expired(type_name: &str, operation: &str, deadline: Duration) -> Diagnostic {
    Diagnostic::error(
        format!(
            "Timeout: {operation} took longer than {}",
            format_duration(deadline)
        ),
        format!(
            "The {operation} of the ephemeral resource {type_name} did not finish within the framework's deadline for ephemeral resources ({}) and was cancelled. Check that the API it calls is reachable and answering, then run Terraform again.",
            format_duration(deadline)
        ),
    )
}

/// A serde_json error without the text around it (which may quote private values).
fn private_error(type_name: &str, e: &serde_json::Error) -> Diagnostics {
    PluginError::Typed {
        what: "private data",
        type_name: type_name.to_owned(),
        message: format!(
            "{:?} error at line {} column {}",
            e.classify(),
            e.line(),
            e.column()
        ),
    }
    .into()
}

fn encode_private<P: Serialize>(type_name: &str, private: &P) -> Result<Vec<u8>, Diagnostics> {
    serde_json::to_vec(private).map_err(|e| private_error(type_name, &e))
}

fn decode_private<P: DeserializeOwned>(type_name: &str, bytes: &[u8]) -> Result<P, Diagnostics> {
    serde_json::from_slice(bytes).map_err(|e| private_error(type_name, &e))
}

async fn within_deadline<T, F, Fut>(
    ctx: &Context,
    type_name: &str,
    operation: &'static str,
    f: F,
) -> Result<T, Diagnostics>
where
    F: FnOnce(Context) -> Fut,
    Fut: std::future::Future<Output = Result<T, Diagnostics>>,
{
    ctx.run_with_deadline(
        DEADLINE,
        (type_name, operation),
        || expired(type_name, operation, DEADLINE),
        f,
    )
    .await
}

#[async_trait]
impl<E: EphemeralResource> DynEphemeralResource for E {
    fn type_name(&self) -> &'static str {
        EphemeralResource::type_name(self)
    }

    fn schema(&self) -> Schema {
        EphemeralResource::schema(self)
    }

    fn check_implementation(&self) -> Vec<String> {
        let name = EphemeralResource::type_name(self);
        let schema = EphemeralResource::schema(self);
        let mut problems = crate::self_check::check_implementation::<E::State>(name, &schema);
        problems.extend(crate::self_check::check_ephemeral_schema(name, &schema));
        problems
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        validate_typed_config(self.type_name(), config, |typed| {
            EphemeralResource::validate(self, typed)
        })
    }

    async fn open(
        &self,
        schema: &Schema,
        ctx: &Context,
        config: Value,
    ) -> Result<OpenedValue, Diagnostics> {
        let name = self.type_name();
        let typed: E::State = decode_typed("configuration", name, config)?;
        let opened = within_deadline(ctx, name, "open", |ctx| async move {
            EphemeralResource::open(self, &ctx, typed).await
        })
        .await?;
        let result = encode_typed(
            "ephemeral result",
            name,
            &opened.result,
            &schema.value_type(),
        )?;
        if result.contains_unknown() {
            return Err(Diagnostic::error(
                "Ephemeral resource returned unknown values",
                format!("{name}: an opened ephemeral resource must return known values. This is a bug in the provider."),
            )
            .into());
        }
        Ok(OpenedValue {
            result,
            renew_at: opened.renew_at,
            private: encode_private(name, &opened.private)?,
        })
    }

    async fn renew(&self, ctx: &Context, private: &[u8]) -> Result<RenewedValue, Diagnostics> {
        let name = self.type_name();
        let typed: E::Private = decode_private(name, private)?;
        let renewed = within_deadline(ctx, name, "renew", |ctx| async move {
            EphemeralResource::renew(self, &ctx, typed).await
        })
        .await?;
        Ok(RenewedValue {
            renew_at: renewed.renew_at,
            private: encode_private(name, &renewed.private)?,
        })
    }

    async fn close(&self, ctx: &Context, private: &[u8]) -> Result<(), Diagnostics> {
        if private.is_empty() {
            return Ok(());
        }
        let name = self.type_name();
        let typed: E::Private = decode_private(name, private)?;
        within_deadline(ctx, name, "close", |ctx| async move {
            EphemeralResource::close(self, &ctx, typed).await
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use tokio_util::sync::CancellationToken;

    use super::*;

    #[tokio::test]
    async fn a_passed_deadline_cancels_and_names_the_framework_deadline() {
        let ctx = Context::new(CancellationToken::new());
        let result: Result<(), Diagnostics> = ctx
            .run_with_deadline(
                Duration::from_millis(20),
                ("apiclients_token", "open"),
                || expired("apiclients_token", "open", Duration::from_millis(20)),
                |inner| async move {
                    inner.cancellation().cancelled().await;
                    Err(PluginError::Cancelled.into())
                },
            )
            .await;
        let diags = result.expect_err("timed out");
        assert_eq!(diags.0.len(), 1, "{diags:?}");
        assert_eq!(diags.0[0].summary, "Timeout: open took longer than 20ms");
        assert!(
            diags.0[0]
                .detail
                .contains("deadline for ephemeral resources"),
            "{diags:?}"
        );
        assert!(!ctx.is_cancelled(), "only the operation's token fires");
    }

    #[test]
    fn private_data_errors_never_quote_the_data() {
        #[derive(Debug, Deserialize)]
        struct Lease {
            #[allow(dead_code)]
            id: u64,
        }
        let err = decode_private::<Lease>("apiclients_token", br#"{"id":"secret-lease-9d1"}"#)
            .expect_err("a string is no number");
        let text = format!("{err:?}");
        assert!(!text.contains("secret-lease-9d1"), "{text}");
        assert!(text.contains("private data"), "{text}");
    }
}
