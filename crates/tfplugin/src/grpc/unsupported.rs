//! The RPCs of features this framework does not offer: state stores,
//! actions. Each answers a well-formed response with an error diagnostic that names
//! what was asked for (Terraform calls them only for what the schema declares, so a user meets
//! these only with a mismatched provider version).

use tonic::Streaming;

use super::{BoxStream, single};

use crate::proto::tfplugin6 as pb;
use crate::server::unsupported;
use crate::wire;

fn refused(kind: &str, name: &str) -> Vec<pb::Diagnostic> {
    wire::diagnostics(unsupported(kind, name).into())
}

pub(super) fn validate_state_store_config(
    req: pb::validate_state_store::Request,
) -> pb::validate_state_store::Response {
    pb::validate_state_store::Response {
        diagnostics: refused("state store", &req.type_name),
    }
}

pub(super) fn configure_state_store(
    req: pb::configure_state_store::Request,
) -> pb::configure_state_store::Response {
    pb::configure_state_store::Response {
        diagnostics: refused("state store", &req.type_name),
        capabilities: None,
    }
}

pub(super) fn read_state_bytes(
    req: pb::read_state_bytes::Request,
) -> BoxStream<pb::read_state_bytes::Response> {
    single(pb::read_state_bytes::Response {
        diagnostics: refused("state store", &req.type_name),
        ..Default::default()
    })
}

pub(super) async fn write_state_bytes(
    mut stream: Streaming<pb::write_state_bytes::RequestChunk>,
) -> pb::write_state_bytes::Response {
    let mut type_name = String::new();
    // Drain the upload so the client sees a normal end of stream, then refuse it.
    while let Ok(Some(chunk)) = stream.message().await {
        if let Some(meta) = chunk.meta {
            type_name = meta.type_name;
        }
    }
    pb::write_state_bytes::Response {
        diagnostics: refused("state store", &type_name),
    }
}

pub(super) fn lock_state(req: pb::lock_state::Request) -> pb::lock_state::Response {
    pb::lock_state::Response {
        lock_id: String::new(),
        diagnostics: refused("state store", &req.type_name),
    }
}

pub(super) fn unlock_state(req: pb::unlock_state::Request) -> pb::unlock_state::Response {
    pb::unlock_state::Response {
        diagnostics: refused("state store", &req.type_name),
    }
}

pub(super) fn get_states(req: pb::get_states::Request) -> pb::get_states::Response {
    pb::get_states::Response {
        state_id: Vec::new(),
        diagnostics: refused("state store", &req.type_name),
    }
}

pub(super) fn delete_state(req: pb::delete_state::Request) -> pb::delete_state::Response {
    pb::delete_state::Response {
        diagnostics: refused("state store", &req.type_name),
    }
}

pub(super) fn plan_action(req: pb::plan_action::Request) -> pb::plan_action::Response {
    pb::plan_action::Response {
        diagnostics: refused("action", &req.action_type),
        deferred: None,
    }
}

pub(super) fn invoke_action(
    req: pb::invoke_action::Request,
) -> BoxStream<pb::invoke_action::Event> {
    use pb::invoke_action::event::{Completed, Type as EventType};
    single(pb::invoke_action::Event {
        r#type: Some(EventType::Completed(Completed {
            diagnostics: refused("action", &req.action_type),
        })),
    })
}

pub(super) fn validate_action_config(
    req: pb::validate_action_config::Request,
) -> pb::validate_action_config::Response {
    pb::validate_action_config::Response {
        diagnostics: refused("action", &req.type_name),
    }
}
