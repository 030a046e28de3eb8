//! Ephemeral resources: ValidateEphemeralResourceConfig, OpenEphemeralResource,
//! RenewEphemeralResource and CloseEphemeralResource.
//!
//! | RPC | the framework's part |
//! |---|---|
//! | Validate | validators, then the type's own checks |
//! | Open | with a configuration not wholly known, `open` is not called: the result is the configuration with its computed attributes unknown (Terraform makes the same value itself before it would call open; `internal/terraform/node_resource_ephemeral.go`), deferred when Terraform allows deferral |
//! | Open, Renew, Close | the context StopProvider cancels, within [`crate::ephemeral::DEADLINE`]; warnings first, then errors |
//!
//! The private data is passed through as bytes and never logged.

use std::time::SystemTime;

use super::validate::validate_config;
use super::{EphemeralEntry, Server, collect};
use crate::diag::Diagnostics;
use crate::plan::unknown_result;
use crate::value::Value;

/// What OpenEphemeralResource answers.
pub(crate) struct OpenAnswer {
    pub result: Option<Value>,
    pub renew_at: Option<SystemTime>,
    pub private: Option<Vec<u8>>,
    /// The configuration was not wholly known and Terraform allows deferral: say so.
    pub deferred: bool,
    pub diagnostics: Diagnostics,
}

/// What RenewEphemeralResource answers.
pub(crate) struct RenewAnswer {
    pub renew_at: Option<SystemTime>,
    pub private: Option<Vec<u8>>,
    pub diagnostics: Diagnostics,
}

impl Server {
    pub(crate) fn validate_ephemeral_config(
        &self,
        entry: &EphemeralEntry,
        config: &Value,
    ) -> Diagnostics {
        validate_config(&entry.schema, config, |c| entry.ephemeral.validate(c))
    }

    pub(crate) async fn open_ephemeral_resource(
        &self,
        entry: &EphemeralEntry,
        type_name: &str,
        config: Value,
        deferral_allowed: bool,
    ) -> OpenAnswer {
        if config.contains_unknown() {
            tracing::debug!(
                type_name,
                "the configuration is not known yet: answering an unknown result without opening"
            );
            return OpenAnswer {
                result: Some(unknown_result(&entry.schema.block, &config)),
                renew_at: None,
                private: None,
                deferred: deferral_allowed,
                diagnostics: Diagnostics::new(),
            };
        }
        let mut diags = Diagnostics::new();
        let ctx = self.context();
        let opened = entry.ephemeral.open(&entry.schema, &ctx, config).await;
        diags.extend(ctx.take_warnings());
        match collect(&mut diags, opened) {
            Some(opened) => OpenAnswer {
                result: Some(opened.result),
                renew_at: opened.renew_at,
                private: Some(opened.private),
                deferred: false,
                diagnostics: diags,
            },
            None => OpenAnswer {
                result: None,
                renew_at: None,
                private: None,
                deferred: false,
                diagnostics: diags,
            },
        }
    }

    pub(crate) async fn renew_ephemeral_resource(
        &self,
        entry: &EphemeralEntry,
        private: &[u8],
    ) -> RenewAnswer {
        let mut diags = Diagnostics::new();
        let ctx = self.context();
        let renewed = entry.ephemeral.renew(&ctx, private).await;
        diags.extend(ctx.take_warnings());
        let renewed = collect(&mut diags, renewed);
        RenewAnswer {
            renew_at: renewed.as_ref().and_then(|r| r.renew_at),
            private: renewed.map(|r| r.private),
            diagnostics: diags,
        }
    }

    pub(crate) async fn close_ephemeral_resource(
        &self,
        entry: &EphemeralEntry,
        private: &[u8],
    ) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let ctx = self.context();
        let closed = entry.ephemeral.close(&ctx, private).await;
        diags.extend(ctx.take_warnings());
        collect(&mut diags, closed);
        diags
    }
}
