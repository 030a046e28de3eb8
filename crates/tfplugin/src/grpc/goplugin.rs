//! go-plugin's companion services: the controller (Shutdown), stdio forwarding and the broker.

use std::pin::Pin;

use futures::{Stream, StreamExt as _};
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status, Streaming};

use crate::proto::plugin as goplugin;

pub(super) struct Controller {
    pub(super) shutdown: CancellationToken,
}

#[tonic::async_trait]
impl goplugin::grpc_controller_server::GrpcController for Controller {
    async fn shutdown(
        &self,
        _: Request<goplugin::Empty>,
    ) -> Result<Response<goplugin::Empty>, Status> {
        tracing::debug!("GRPCController.Shutdown: stopping the server");
        self.shutdown.cancel();
        Ok(Response::new(goplugin::Empty {}))
    }
}

type IdleStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

/// A stream that sends nothing and ends at shutdown, so graceful stop is not held up by it.
fn idle_until<T: Send + 'static>(shutdown: CancellationToken) -> IdleStream<T> {
    Box::pin(
        futures::stream::once(async move {
            shutdown.cancelled().await;
        })
        .filter_map(|()| async { None }),
    )
}

/// stdout/stderr forwarding: this provider writes logs to stderr directly, so the stream stays
/// open and empty.
pub(super) struct Stdio {
    pub(super) shutdown: CancellationToken,
}

#[tonic::async_trait]
impl goplugin::grpc_stdio_server::GrpcStdio for Stdio {
    type StreamStdioStream = IdleStream<goplugin::StdioData>;

    async fn stream_stdio(
        &self,
        _: Request<()>,
    ) -> Result<Response<Self::StreamStdioStream>, Status> {
        Ok(Response::new(idle_until(self.shutdown.clone())))
    }
}

/// The broker multiplexes extra plugin connections; Terraform's providers never use it.
pub(super) struct Broker {
    pub(super) shutdown: CancellationToken,
}

#[tonic::async_trait]
impl goplugin::grpc_broker_server::GrpcBroker for Broker {
    type StartStreamStream = IdleStream<goplugin::ConnInfo>;

    async fn start_stream(
        &self,
        req: Request<Streaming<goplugin::ConnInfo>>,
    ) -> Result<Response<Self::StartStreamStream>, Status> {
        let mut inbound = req.into_inner();
        let shutdown = self.shutdown.clone();
        // Drain what the client sends so its side of the stream never blocks.
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    m = inbound.message() => if !matches!(m, Ok(Some(_))) { break },
                }
            }
        });
        Ok(Response::new(idle_until(self.shutdown.clone())))
    }
}
