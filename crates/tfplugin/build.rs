//! Compiles proto/ with protox, a pure-Rust protobuf compiler, so that building needs no `protoc`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protos = ["../../proto/tfplugin6.proto", "../../proto/plugin.proto"];
    for proto in protos {
        println!("cargo:rerun-if-changed={proto}");
    }
    let descriptors = protox::compile(protos, ["../../proto"])?;
    // The server only: the provider's protocol tests generate their own client from proto/.
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(false)
        .compile_fds(descriptors)?;
    Ok(())
}
