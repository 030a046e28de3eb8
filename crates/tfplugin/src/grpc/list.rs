//! ValidateListResourceConfig and ListResource (a server stream).

use std::sync::Arc;

use async_trait::async_trait;
use tokio::sync::mpsc;
use tonic::Status;

use super::steps::{decode, validated};
use super::{BoxStream, single};
use crate::list::{ListEvent, ListEventSink, ListSink, ListTarget};
use crate::proto::tfplugin6 as pb;
use crate::server::Server;
use crate::wire;

pub(super) fn validate_list_resource_config(
    server: &Server,
    req: pb::validate_list_resource_config::Request,
) -> pb::validate_list_resource_config::Response {
    tracing::debug!(type_name = %req.type_name, "ValidateListResourceConfig");
    pb::validate_list_resource_config::Response {
        diagnostics: validated(
            server.list_resource(&req.type_name),
            req.config.as_ref(),
            "configuration",
            |entry, config| server.validate_list_config(entry, config),
        ),
    }
}

pub(super) fn list_resource(
    server: &Server,
    req: pb::list_resource::Request,
) -> BoxStream<pb::list_resource::Event> {
    tracing::debug!(type_name = %req.type_name, limit = req.limit, include_resource = req.include_resource_object, "ListResource");
    let started = server.list_resource(&req.type_name).and_then(|entry| {
        let target = server.list_target(entry, &req.type_name)?;
        let config = decode(entry, req.config.as_ref(), "list configuration")?;
        Ok((entry, config, target))
    });
    let (entry, config, target) = match started {
        Ok(started) => started,
        Err(diags) => return single(wire::list_error(diags)),
    };
    // Results go out as the lister pushes them; a small buffer keeps it from paging far ahead
    // of what Terraform reads, and a closed stream stops it.
    let (tx, rx) = mpsc::channel(8);
    let sink = ListSink(Arc::new(EventStream {
        tx,
        target: target.clone(),
    }));
    server.start_list(
        entry,
        config,
        target,
        req.include_resource_object,
        req.limit,
        sink,
    );
    Box::pin(tokio_stream::wrappers::ReceiverStream::new(rx))
}

/// The gRPC end of a listing: encodes each event onto the response stream.
struct EventStream {
    tx: mpsc::Sender<Result<pb::list_resource::Event, Status>>,
    target: Arc<ListTarget>,
}

#[async_trait]
impl ListEventSink for EventStream {
    async fn send(&self, event: ListEvent) -> bool {
        let (event, as_sent) = match event {
            ListEvent::Item(item) => match wire::list_result(item, &self.target) {
                Ok(event) => (event, true),
                Err(diags) => (wire::list_error(diags), false),
            },
            ListEvent::Diagnostics(diags) => (wire::list_error(diags), true),
        };
        self.tx.send(Ok(event)).await.is_ok() && as_sent
    }

    fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}
