//! Compiles the client side of the plugin protocol from proto/ (with protox: no `protoc`) for
//! tests/protocol.rs, which drives the provider binary as Terraform does. The provider links none
//! of it: the framework (crates/tfplugin) serves the protocol and keeps its messages to itself.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protos = ["proto/tfplugin6.proto", "proto/plugin.proto"];
    for proto in protos {
        println!("cargo:rerun-if-changed={proto}");
    }
    let descriptors = protox::compile(protos, ["proto"])?;
    tonic_prost_build::configure()
        .build_server(false)
        .build_client(true)
        .compile_fds(descriptors)?;
    Ok(())
}
