//! Code generated from proto/ by build.rs.

#![allow(clippy::all, clippy::pedantic, missing_docs)]

/// Terraform plugin protocol 6.
pub mod tfplugin6 {
    tonic::include_proto!("tfplugin6");
}

/// go-plugin's broker, controller and stdio services.
pub mod plugin {
    tonic::include_proto!("plugin");
}
