//! One module per vendor: auth, typed REST calls, and one file per resource or data source.
//! Vendor modules never touch protobuf types.

pub mod akamai;
pub mod ibm_verify;
pub mod oracle_oam;
pub mod sailpoint;
