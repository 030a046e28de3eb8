//! The per-request [`Context`] every operation of a resource, data source, list or ephemeral
//! resource receives: cancellation (Terraform's StopProvider, or the operation's deadline),
//! warnings that accompany a successful result, and the partial state of a failed apply.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::bridge::to_value;
use crate::diag::{Diagnostic, Diagnostics, PluginError};
use crate::value::{Type, Value};

/// Per-request context: the cancellation token Terraform's StopProvider fires, and a place for
/// warnings that accompany a successful result.
#[derive(Debug, Clone)]
pub struct Context {
    cancel: CancellationToken,
    warnings: Arc<Mutex<Diagnostics>>,
    /// The state type of the resource being applied, so a partial state can be encoded.
    state_type: Option<Type>,
    /// What exists remotely if the apply fails after creating something (see
    /// [`Context::record_partial_state`]).
    partial: Arc<Mutex<Option<Value>>>,
}

impl Context {
    /// A context cancelled by `cancel`, with no warnings and no partial state yet.
    pub fn new(cancel: CancellationToken) -> Self {
        Context {
            cancel,
            warnings: Arc::new(Mutex::new(Diagnostics::new())),
            state_type: None,
            partial: Arc::new(Mutex::new(None)),
        }
    }

    /// The same context (warnings, partial state) with another cancellation token: the
    /// operation's deadline (see [`crate::timeouts`]).
    pub fn with_cancellation(&self, cancel: CancellationToken) -> Self {
        Context {
            cancel,
            ..self.clone()
        }
    }

    /// The same context for applying a resource whose state has type `ty`.
    pub fn for_state_type(mut self, ty: Type) -> Self {
        self.state_type = Some(ty);
        self
    }

    /// Records what exists remotely so far. When create or update then fails, Terraform stores
    /// this state (marked tainted) instead of forgetting the object: nothing is created half-way
    /// without being recorded. Unknown values in it are stored as null.
    pub fn record_partial_state<S: Serialize>(&self, state: &S) {
        let Some(ty) = &self.state_type else { return };
        match to_value(state, ty) {
            Ok(value) => *self.partial.lock() = Some(value),
            Err(e) => tracing::warn!(error = %e.0, "cannot record the partial state"),
        }
    }

    /// Whether a partial state has been recorded (and not yet taken).
    pub fn has_partial_state(&self) -> bool {
        self.partial.lock().is_some()
    }

    /// The partial state recorded during a failed apply, with unknowns replaced by null.
    pub fn take_partial_state(&self) -> Option<Value> {
        self.partial.lock().take().map(Value::unknowns_to_null)
    }

    /// Fires when Terraform asks the provider to stop (Ctrl-C); long operations should
    /// `select!` on `cancelled()` and return `PluginError::Cancelled`.
    pub fn cancellation(&self) -> &CancellationToken {
        &self.cancel
    }

    /// Whether the operation should stop now (see [`Context::cancellation`]).
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Adds a warning shown with the result.
    pub fn warn(&self, diagnostic: Diagnostic) {
        self.warnings.lock().push(diagnostic);
    }

    /// Warnings collected so far.
    pub fn take_warnings(&self) -> Diagnostics {
        std::mem::take(&mut *self.warnings.lock())
    }

    /// Runs `operation` with a context whose cancellation token also fires after `deadline`.
    /// When the deadline fired and the operation failed, its "cancelled" error is replaced by
    /// `expired()`; the operation keeps running after the token fires, so it can still record
    /// what it did before it returns. `(type_name, operation name)` go to the warning logged.
    pub(crate) async fn run_with_deadline<T, F, Fut>(
        &self,
        deadline: Duration,
        (type_name, operation_name): (&str, &str),
        expired: impl FnOnce() -> Diagnostic,
        operation: F,
    ) -> Result<T, Diagnostics>
    where
        F: FnOnce(Context) -> Fut,
        Fut: Future<Output = Result<T, Diagnostics>>,
    {
        let token = self.cancellation().child_token();
        let fut = operation(self.with_cancellation(token.clone()));
        tokio::pin!(fut);
        let timer = tokio::time::sleep(deadline);
        tokio::pin!(timer);
        let mut fired = false;
        let result = loop {
            tokio::select! {
                result = &mut fut => break result,
                () = &mut timer, if !fired => {
                    fired = true;
                    tracing::warn!(type_name, operation = operation_name, "the operation's deadline passed; cancelling it");
                    token.cancel();
                }
            }
        };
        if !fired || self.is_cancelled() {
            return result;
        }
        result.map_err(|diags| {
            let cancelled = Diagnostic::from(PluginError::Cancelled);
            let mut out = Diagnostics::new();
            out.push(expired());
            for d in diags.0 {
                if d != cancelled {
                    out.push(d);
                }
            }
            out
        })
    }
}
