//! Code generated from proto/ by build.rs.

// prost makes an empty struct of every message that only namespaces others (`GetMetadata`, …),
// which nothing constructs; crate-private, they would warn as dead code.
#![allow(clippy::all, clippy::pedantic, missing_docs, dead_code)]

/// Terraform plugin protocol 6.
pub mod tfplugin6 {
    tonic::include_proto!("tfplugin6");
}

/// go-plugin's broker, controller and stdio services.
pub mod plugin {
    tonic::include_proto!("plugin");
}
