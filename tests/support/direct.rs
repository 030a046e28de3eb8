//! The provider configured in-process, without Terraform, for tests that call a resource or a vendor
//! client directly: to stage what Terraform cannot (a create whose answer is lost, a burst of creates
//! with a twin made in the middle), or to change things behind Terraform's back through the vendor's
//! API.

#![allow(dead_code)]

use std::collections::BTreeMap;

use apiclients::provider::ApiClientsProvider;
use tfplugin::{Context, Provider, Resource, Value};

use super::sandbox::TestSandbox;

/// A configured provider and the runtime its calls run on.
pub struct InProcess {
    pub runtime: tokio::runtime::Runtime,
    pub provider: ApiClientsProvider,
}

impl InProcess {
    /// The provider with one vendor block (`ibm_verify`, `sailpoint`, `oracle_oam`, `akamai`) that
    /// points at `sandbox` with its admin credentials, plus `extra` settings of that block
    /// (`identity_domain`, say), configured as Terraform 1.15.5 would.
    pub fn configure(sandbox: &TestSandbox, vendor: &str, extra: &[(&str, &str)]) -> InProcess {
        let mut block: BTreeMap<String, Value> = sandbox
            .vendor_settings(vendor)
            .into_iter()
            .map(|(key, value)| (key.to_owned(), Value::from(value.as_str())))
            .collect();
        for (key, value) in extra {
            block.insert((*key).to_owned(), Value::from(*value));
        }
        let config = Value::Object(BTreeMap::from([(vendor.to_owned(), Value::Object(block))]));
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let provider = ApiClientsProvider::new();
        runtime
            .block_on(provider.configure(&Context::new(Default::default()), config, "1.15.5"))
            .expect("configure");
        InProcess { runtime, provider }
    }

    /// A context for one call on `resource`, with its state type (so a partial state can be taken).
    pub fn context<R: Resource>(resource: &R) -> Context {
        Context::new(Default::default()).for_state_type(resource.schema().value_type())
    }

    /// `resource.create` with `planned` as both the configuration and the plan; the error as text.
    pub fn create<R: Resource>(
        &self,
        resource: &R,
        ctx: &Context,
        planned: R::State,
    ) -> Result<R::State, String>
    where
        R::State: Clone,
    {
        self.runtime
            .block_on(resource.create(ctx, planned.clone(), planned))
            .map_err(|diagnostics| diagnostics.to_string())
    }
}
