//! The `apiclients` provider: its schema (one optional block per vendor, in [`schema`]), its
//! configuration (typed in [`crate::handle::config`]), and the registry of resources and data
//! sources. The only module that knows every resource.
//!
//! Every setting may also come from an environment variable, named in each description; the
//! vendor modules resolve those fallbacks when they build their clients.

use std::sync::Arc;

use async_trait::async_trait;
use tfplugin::{
    Context, Diagnostics, DynDataSource, DynEphemeralResource, DynListResource, DynResource,
    PluginError, Provider, Schema, Value, from_value,
};

use crate::handle::config::register_env_secrets;
use crate::handle::{ProviderConfig, ProviderData, ProviderHandle};
use crate::vendors::akamai::api_clients_data_source::AkamaiApiClientsDataSource;
use crate::vendors::oracle_oam::oauth_clients_data_source::OracleOamOAuthClientsDataSource;

mod schema;

pub use schema::provider_schema;

/// Prefix of every resource and data source type name.
pub const TYPE_NAME_PREFIX: &str = "apiclients";

/// The provider.
#[derive(Debug, Default)]
pub struct ApiClientsProvider {
    handle: ProviderHandle,
}

impl ApiClientsProvider {
    pub fn new() -> Self {
        Self::default()
    }

    /// The handle resources use to reach the configured state.
    pub fn handle(&self) -> ProviderHandle {
        self.handle.clone()
    }
}

#[async_trait]
impl Provider for ApiClientsProvider {
    fn type_name_prefix(&self) -> &'static str {
        TYPE_NAME_PREFIX
    }

    fn address(&self) -> &'static str {
        "registry.terraform.io/apiclients/apiclients"
    }

    fn schema(&self) -> Schema {
        provider_schema()
    }

    async fn configure(
        &self,
        _ctx: &Context,
        config: Value,
        terraform_version: &str,
    ) -> Result<(), Diagnostics> {
        let has_unknown_values = config.contains_unknown();
        let unknown_blocks = ProviderConfig::unknown_blocks(&config);
        let mut parsed: ProviderConfig = if config.is_null() {
            ProviderConfig::default()
        } else {
            from_value(config).map_err(|e| {
                Diagnostics::from(PluginError::Typed {
                    what: "provider configuration",
                    type_name: TYPE_NAME_PREFIX.to_owned(),
                    message: e.0,
                })
            })?
        };
        parsed.unknown_blocks = unknown_blocks;
        register_env_secrets();
        tracing::debug!(
            terraform_version,
            ibm_verify = parsed.ibm_verify.is_some(),
            sailpoint = parsed.sailpoint.is_some(),
            oracle_oam = parsed.oracle_oam.is_some(),
            akamai = parsed.akamai.is_some(),
            has_unknown_values,
            "provider configured"
        );
        self.handle.set(ProviderData::new(
            parsed,
            terraform_version.to_owned(),
            has_unknown_values,
        ));
        Ok(())
    }

    fn resources(&self) -> Vec<Arc<dyn DynResource>> {
        let resources: Vec<Arc<dyn DynResource>> = vec![
            Arc::new(crate::vendors::ibm_verify::IbmVerifyApiClientResource::new(
                self.handle(),
            )),
            Arc::new(crate::vendors::sailpoint::SailPointOAuthClientResource::new(self.handle())),
            Arc::new(crate::vendors::oracle_oam::OracleOamOAuthClientResource::new(self.handle())),
            Arc::new(crate::vendors::akamai::AkamaiApiClientResource::new(
                self.handle(),
            )),
            Arc::new(crate::vendors::akamai::AkamaiApiClientCredentialResource::new(self.handle())),
            #[cfg(feature = "test-resources")]
            Arc::new(crate::test_resource::TestWidget::new()),
        ];
        resources
    }

    fn data_sources(&self) -> Vec<Arc<dyn DynDataSource>> {
        vec![
            Arc::new(crate::vendors::ibm_verify::IbmVerifyEntitlementsDataSource::new()),
            Arc::new(crate::vendors::sailpoint::OAuthClientsDataSource::new(
                self.handle(),
            )),
            Arc::new(OracleOamOAuthClientsDataSource::new(self.handle())),
            Arc::new(AkamaiApiClientsDataSource::new(self.handle())),
        ]
    }

    fn functions(&self) -> Vec<Arc<dyn tfplugin::Function>> {
        vec![
            Arc::new(crate::vendors::akamai::edgerc_functions::EdgercEncode),
            Arc::new(crate::vendors::akamai::edgerc_functions::EdgercDecode),
            Arc::new(crate::vendors::token_url_function::TokenUrl),
        ]
    }

    fn ephemeral_resources(&self) -> Vec<Arc<dyn DynEphemeralResource>> {
        let ephemeral_resources: Vec<Arc<dyn DynEphemeralResource>> = vec![
            Arc::new(crate::vendors::ibm_verify::IbmVerifyAccessToken::new(
                self.handle(),
            )),
            Arc::new(crate::vendors::sailpoint::SailPointAccessToken::new(
                self.handle(),
            )),
            Arc::new(crate::vendors::oracle_oam::OracleOamAccessToken::new(
                self.handle(),
            )),
            Arc::new(crate::vendors::akamai::EphemeralCredential::new(
                self.handle(),
            )),
            #[cfg(feature = "test-resources")]
            Arc::new(crate::test_resource::TestToken::new()),
        ];
        ephemeral_resources
    }

    fn list_resources(&self) -> Vec<Arc<dyn DynListResource>> {
        use crate::vendors::{akamai, ibm_verify, oracle_oam, sailpoint};
        vec![
            Arc::new(ibm_verify::api_client_list::IbmVerifyApiClientList::new(
                self.handle(),
            )),
            Arc::new(sailpoint::oauth_client_list::SailPointOAuthClientList::new(
                self.handle(),
            )),
            Arc::new(oracle_oam::oauth_client_list::OracleOamOAuthClientList::new(self.handle())),
            Arc::new(akamai::api_client_list::AkamaiApiClientList::new(
                self.handle(),
            )),
            Arc::new(akamai::api_client_list::AkamaiApiClientCredentialList::new(
                self.handle(),
            )),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Vendor;
    use std::collections::BTreeMap;
    use tfplugin::Tf;
    use tfplugin::value::{decode_msgpack, encode_msgpack};

    #[test]
    fn schema_has_four_vendor_blocks() {
        let names: Vec<_> = provider_schema()
            .block
            .blocks
            .into_iter()
            .map(|b| b.type_name)
            .collect();
        assert_eq!(names, ["ibm_verify", "sailpoint", "oracle_oam", "akamai"]);
    }

    #[tokio::test]
    async fn configure_accepts_unknowns_and_keeps_typed_config() {
        let provider = ApiClientsProvider::new();
        assert!(matches!(
            provider.handle().get(),
            Err(PluginError::NotConfigured)
        ));
        let ty = provider_schema().value_type();
        let config = Value::Object(BTreeMap::from([(
            "sailpoint".to_owned(),
            Value::Object(BTreeMap::from([
                ("base_url".to_owned(), Value::from("https://x.example")),
                ("client_secret".to_owned(), Value::Unknown),
                ("max_retries".to_owned(), Value::from(3)),
            ])),
        )]));
        // through the wire, so absent attributes are filled as Terraform sends them
        let config = decode_msgpack(&encode_msgpack(&config, &ty).unwrap(), &ty).unwrap();
        let ctx = Context::new(Default::default());
        provider.configure(&ctx, config, "1.15.5").await.unwrap();
        let data = provider.handle().get().unwrap();
        assert!(data.has_unknown_values);
        let sp = data.config.sailpoint.as_ref().unwrap();
        assert_eq!(sp.max_retries, Tf::Known(3));
        assert!(sp.client_secret.is_unknown());
        assert!(data.config.akamai.is_none());
        // Only the vendor whose block holds the unknown waits; the others are checked at plan.
        assert!(data.config.has_unknown_values(Vendor::SailPoint));
        assert!(!data.config.has_unknown_values(Vendor::Akamai));
        let handle = provider.handle();
        assert!(
            handle
                .check_configured(Vendor::SailPoint, &ctx)
                .await
                .is_ok()
        );
        let err = format!("{:?}", handle.sailpoint().unwrap_err());
        assert!(err.contains("not known yet"), "{err}");
    }
}
