//! terraform-provider-apiclients: a Terraform provider for machine credentials on IBM Security
//! Verify, Oracle Access Manager, SailPoint Identity Security Cloud and Akamai IAM, built on the
//! `tfplugin` framework (crates/tfplugin). Its tests run against `apiclients-sandbox`
//! (crates/sandbox), which this crate never links outside tests.

pub mod handle;
pub mod http;
pub mod provider;
#[cfg(feature = "test-resources")]
pub mod test_resource;
pub mod vendors;
