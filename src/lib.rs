//! terraform-provider-apiclients: a Terraform provider for machine credentials on IBM Security
//! Verify, Oracle Access Manager, SailPoint Identity Security Cloud and Akamai IAM, and
//! `apiclients-sandbox`, a local emulator of those four vendor APIs.

pub mod docs;
pub mod http;
pub mod plugin;
pub mod proto;
pub mod provider;
pub mod sandbox;
#[cfg(feature = "test-resources")]
pub mod test_resource;
pub mod vendors;
