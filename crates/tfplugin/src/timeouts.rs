//! Per-operation deadlines, in the manner of terraform-plugin-framework-timeouts: an optional
//! `timeouts { create = "30m" read = "5m" update = "30m" delete = "30m" }` block.
//!
//! A resource opts in by adding [`block`] to its schema and a `timeouts: Tf<Timeouts>` field to
//! its state. The framework then, around every create, read, update and delete, reads the
//! configured duration for the operation ([`duration_for`]; the defaults below when unset) and
//! cancels the operation's [`Context`] cancellation token when the deadline passes, exactly as
//! Terraform's StopProvider would; the error then says which timeout expired and how to raise it.
//! Create and update use the configuration's block, read and delete the state's (as the Go
//! framework does). An absent block is null: it plans no change for existing states.

use std::future::Future;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::context::Context;
use super::diag::{AttributePath, Diagnostic, Diagnostics};
use super::schema::{Attribute, Block, NestedBlock, Validator};
use super::tf::Tf;
use super::value::Value;

/// The block's name.
pub const BLOCK_NAME: &str = "timeouts";
/// Defaults when the block or the operation's attribute is unset.
pub const DEFAULT_CREATE: Duration = Duration::from_secs(20 * 60);
/// Default deadline of a read (refresh).
pub const DEFAULT_READ: Duration = Duration::from_secs(5 * 60);
/// Default deadline of an update.
pub const DEFAULT_UPDATE: Duration = Duration::from_secs(20 * 60);
/// Default deadline of a delete.
pub const DEFAULT_DELETE: Duration = Duration::from_secs(20 * 60);

/// The duration syntax lives in its leaf module; re-exported here, where providers first met it.
pub use crate::duration::{DURATION_PATTERN, format_duration, parse_duration};

/// The operation a deadline applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Create, including the recovery of an unknown outcome.
    Create,
    /// Read (refresh).
    Read,
    /// Update in place.
    Update,
    /// Delete.
    Delete,
}

impl Operation {
    /// Every operation, in the block's order.
    pub const ALL: [Operation; 4] = [
        Operation::Create,
        Operation::Read,
        Operation::Update,
        Operation::Delete,
    ];

    /// The attribute of the block.
    pub fn name(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Read => "read",
            Operation::Update => "update",
            Operation::Delete => "delete",
        }
    }

    /// The deadline when the configuration sets none.
    pub fn default_duration(self) -> Duration {
        match self {
            Operation::Create => DEFAULT_CREATE,
            Operation::Read => DEFAULT_READ,
            Operation::Update => DEFAULT_UPDATE,
            Operation::Delete => DEFAULT_DELETE,
        }
    }
}

/// The block's value in a typed state: every resource with the block has `timeouts: Tf<Timeouts>`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Timeouts {
    /// `timeouts.create`.
    pub create: Tf<String>,
    /// `timeouts.read`.
    pub read: Tf<String>,
    /// `timeouts.update`.
    pub update: Tf<String>,
    /// `timeouts.delete`.
    pub delete: Tf<String>,
}

/// The `timeouts` block: optional, at most once, every attribute optional.
pub fn block() -> NestedBlock {
    let mut inner = Block::new().markdown_description(
        "Deadlines of the operations on this object, as duration strings such as `\"30s\"`, `\"10m\"` or `\"1h30m\"` (units `h`, `m`, `s`, `ms`). When one passes, the operation is cancelled and fails naming the timeout. Leaving the block out changes nothing.",
    );
    for op in Operation::ALL {
        inner = inner.attribute(
            Attribute::string(op.name())
                .optional()
                .validate(Validator::duration())
                .markdown_description(format!(
                    "Deadline of the {} (default `{}`).",
                    match op {
                        Operation::Create => "create, including the recovery of an unknown outcome",
                        Operation::Read => "refresh (read)",
                        Operation::Update => "update",
                        Operation::Delete => "delete",
                    },
                    format_duration(op.default_duration())
                )),
        );
    }
    NestedBlock::single(BLOCK_NAME, inner)
}

/// The configured duration of `op` in a typed `timeouts` value, or its default.
pub fn duration_for(timeouts: &Tf<Timeouts>, op: Operation) -> Duration {
    let configured = timeouts.known().and_then(|t| match op {
        Operation::Create => t.create.as_str(),
        Operation::Read => t.read.as_str(),
        Operation::Update => t.update.as_str(),
        Operation::Delete => t.delete.as_str(),
    });
    configured
        .and_then(parse_duration)
        .unwrap_or_else(|| op.default_duration())
}

/// The same from an object value (a state or configuration) holding the block.
pub fn duration_in(object: &Value, op: Operation) -> Duration {
    object
        .get(BLOCK_NAME)
        .and_then(|block| block.get(op.name()))
        .and_then(Value::as_str)
        .and_then(parse_duration)
        .unwrap_or_else(|| op.default_duration())
}

/// Whether a schema has the block (the framework applies deadlines only then).
pub fn in_schema(block: &Block) -> bool {
    block.blocks.iter().any(|nb| nb.type_name == BLOCK_NAME)
}

/// Checks beyond the pattern: a zero duration would expire at once.
pub fn validate(config: &Value) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for op in Operation::ALL {
        let text = config
            .get(BLOCK_NAME)
            .and_then(|block| block.get(op.name()))
            .and_then(Value::as_str);
        if let Some(text) = text
            && parse_duration(text).is_some_and(|d| d.is_zero())
        {
            diags.push(
                Diagnostic::error(
                    format!("Invalid value for timeouts.{}", op.name()),
                    format!(
                        "timeouts.{} is {text:?}, which would cancel the operation at once. Give a positive duration such as \"10m\", or remove it for the default ({}).",
                        op.name(),
                        format_duration(op.default_duration())
                    ),
                )
                .at(AttributePath::root(BLOCK_NAME).attr(op.name())),
            );
        }
    }
    diags
}

/// Runs `operation` with a context whose cancellation token also fires after `deadline`. When
/// the deadline fired and the operation failed, its "cancelled" error is replaced by one naming
/// the timeout; the operation keeps running after the token fires, so it can still record
/// what it did (partial state, create recovery) before it returns.
pub async fn run_with_deadline<T, F, Fut>(
    ctx: &Context,
    type_name: &str,
    op: Operation,
    deadline: Duration,
    operation: F,
) -> Result<T, Diagnostics>
where
    F: FnOnce(Context) -> Fut,
    Fut: Future<Output = Result<T, Diagnostics>>,
{
    ctx.run_with_deadline(
        deadline,
        (type_name, op.name()),
        || expired_diagnostic(type_name, op, deadline),
        operation,
    )
    .await
}

fn expired_diagnostic(type_name: &str, op: Operation, deadline: Duration) -> Diagnostic {
    let name = op.name();
    let doubled = format_duration(deadline.saturating_mul(2));
    Diagnostic::error(
        format!("Timeout: {name} took longer than {}", format_duration(deadline)),
        format!(
            "The {name} of this {type_name} did not finish within timeouts.{name} = {:?} and was cancelled. If the API is just slow, raise it in the resource, e.g.:\n\n  timeouts {{\n    {name} = {doubled:?}\n  }}",
            format_duration(deadline)
        ),
    )
    .at(AttributePath::root(BLOCK_NAME).attr(name))
}

#[cfg(test)]
mod tests {
    use tokio_util::sync::CancellationToken;

    use super::*;
    use crate::diag::PluginError;

    #[test]
    fn defaults_format_as_the_docs_show_them() {
        assert_eq!(format_duration(DEFAULT_CREATE), "20m");
    }

    #[test]
    fn configured_or_default() {
        let t = Tf::Known(Timeouts {
            create: Tf::Known("45m".into()),
            ..Default::default()
        });
        assert_eq!(
            duration_for(&t, Operation::Create),
            Duration::from_secs(2700)
        );
        assert_eq!(duration_for(&t, Operation::Read), DEFAULT_READ);
        assert_eq!(duration_for(&Tf::Null, Operation::Delete), DEFAULT_DELETE);
    }

    #[tokio::test]
    async fn a_passed_deadline_cancels_and_names_the_timeout() {
        let ctx = Context::new(CancellationToken::new());
        let result: Result<(), Diagnostics> = run_with_deadline(
            &ctx,
            "apiclients_x",
            Operation::Create,
            Duration::from_millis(20),
            |inner| async move {
                inner.cancellation().cancelled().await;
                Err(PluginError::Cancelled.into())
            },
        )
        .await;
        let diags = result.expect_err("timed out");
        assert_eq!(diags.0.len(), 1, "{diags:?}");
        assert!(diags.0[0].summary.contains("create"), "{diags:?}");
        assert!(diags.0[0].detail.contains("timeouts"), "{diags:?}");
        assert!(diags.0[0].detail.contains("create = \"40ms\""), "{diags:?}");
        assert!(!ctx.is_cancelled(), "only the operation's token fires");

        // Finishing in time: untouched.
        let ok: Result<u8, Diagnostics> = run_with_deadline(
            &ctx,
            "apiclients_x",
            Operation::Read,
            Duration::from_secs(60),
            |_| async { Ok(7) },
        )
        .await;
        assert_eq!(ok.ok(), Some(7));
    }
}

#[cfg(test)]
mod validate_tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn a_zero_duration_is_refused_naming_the_attribute() {
        let block = Value::Object(BTreeMap::from([
            ("create".to_owned(), Value::Null),
            ("delete".to_owned(), Value::String("0s".into())),
        ]));
        let config = Value::Object(BTreeMap::from([(BLOCK_NAME.to_owned(), block)]));
        let diags = validate(&config);
        assert_eq!(diags.0.len(), 1, "{diags:?}");
        assert!(diags.0[0].summary.contains("timeouts.delete"), "{diags:?}");
    }
}
