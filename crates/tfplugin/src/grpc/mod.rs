//! The gRPC adapters, in the manner of terraform-plugin-framework's proto6server: the
//! `tfplugin6.Provider` service and go-plugin's companion services. Each RPC is a thin adapter
//! (one file per kind: provider, resource, data source, list, ephemeral): it decodes the request
//! with [`crate::wire`], calls the framework's [`Server`], and encodes the answer, through the
//! steps every adapter shares in [`steps`]. The RPCs of features the framework does not offer are
//! in [`unsupported`].
//!
//! Every RPC answers a well-formed response. Problems (undecodable values, unknown type names,
//! features this provider does not offer) are error diagnostics, never gRPC errors, because
//! Terraform turns gRPC errors into an opaque "Plugin error". Values are never logged, only type
//! names, since states carry secrets.

mod data_source;
mod ephemeral;
mod function;
mod goplugin;
mod list;
mod provider;
mod resource;
mod steps;
mod unsupported;

use std::pin::Pin;
use std::sync::Arc;

use futures::Stream;
use tokio_util::sync::CancellationToken;
use tonic::service::Routes;
use tonic::{Request, Response, Status, Streaming};

use crate::proto::plugin as go;
use crate::proto::tfplugin6 as pb;
use crate::provider::Provider;
use crate::server::Server;

type RpcResult<T> = Result<Response<T>, Status>;
type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

/// terraform-plugin-go's limit; tonic's 4 MiB default is too small for big plans.
const MAX_MESSAGE_SIZE: usize = 256 << 20;

fn single<T: Send + 'static>(item: T) -> BoxStream<T> {
    Box::pin(futures::stream::once(async move { Ok(item) }))
}

/// Every service a plugin serves: tfplugin6 over `provider`'s registry, go-plugin's controller
/// (whose Shutdown cancels `shutdown`), stdio and broker, and the health service.
pub(crate) async fn routes(provider: Arc<dyn Provider>, shutdown: CancellationToken) -> Routes {
    let service = pb::provider_server::ProviderServer::new(ProviderService {
        server: Server::new(provider),
    })
    .max_decoding_message_size(MAX_MESSAGE_SIZE)
    .max_encoding_message_size(MAX_MESSAGE_SIZE);
    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter
        .set_service_status("plugin", tonic_health::ServingStatus::Serving)
        .await;
    Routes::new(service)
        .add_service(go::grpc_controller_server::GrpcControllerServer::new(
            goplugin::Controller {
                shutdown: shutdown.clone(),
            },
        ))
        .add_service(go::grpc_stdio_server::GrpcStdioServer::new(
            goplugin::Stdio {
                shutdown: shutdown.clone(),
            },
        ))
        .add_service(go::grpc_broker_server::GrpcBrokerServer::new(
            goplugin::Broker { shutdown },
        ))
        .add_service(health_service)
}

/// The tfplugin6 service over the framework's server.
struct ProviderService {
    server: Server,
}

#[tonic::async_trait]
impl pb::provider_server::Provider for ProviderService {
    async fn get_metadata(
        &self,
        _: Request<pb::get_metadata::Request>,
    ) -> RpcResult<pb::get_metadata::Response> {
        Ok(Response::new(provider::get_metadata(&self.server)))
    }

    async fn get_provider_schema(
        &self,
        _: Request<pb::get_provider_schema::Request>,
    ) -> RpcResult<pb::get_provider_schema::Response> {
        Ok(Response::new(provider::get_provider_schema(&self.server)))
    }

    async fn validate_provider_config(
        &self,
        req: Request<pb::validate_provider_config::Request>,
    ) -> RpcResult<pb::validate_provider_config::Response> {
        Ok(Response::new(provider::validate_provider_config(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn validate_resource_config(
        &self,
        req: Request<pb::validate_resource_config::Request>,
    ) -> RpcResult<pb::validate_resource_config::Response> {
        Ok(Response::new(resource::validate_resource_config(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn validate_data_resource_config(
        &self,
        req: Request<pb::validate_data_resource_config::Request>,
    ) -> RpcResult<pb::validate_data_resource_config::Response> {
        Ok(Response::new(data_source::validate_data_resource_config(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn upgrade_resource_state(
        &self,
        req: Request<pb::upgrade_resource_state::Request>,
    ) -> RpcResult<pb::upgrade_resource_state::Response> {
        Ok(Response::new(resource::upgrade_resource_state(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn get_resource_identity_schemas(
        &self,
        _: Request<pb::get_resource_identity_schemas::Request>,
    ) -> RpcResult<pb::get_resource_identity_schemas::Response> {
        Ok(Response::new(provider::get_resource_identity_schemas(
            &self.server,
        )))
    }

    async fn upgrade_resource_identity(
        &self,
        req: Request<pb::upgrade_resource_identity::Request>,
    ) -> RpcResult<pb::upgrade_resource_identity::Response> {
        Ok(Response::new(resource::upgrade_resource_identity(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn configure_provider(
        &self,
        req: Request<pb::configure_provider::Request>,
    ) -> RpcResult<pb::configure_provider::Response> {
        Ok(Response::new(
            provider::configure_provider(&self.server, req.into_inner()).await,
        ))
    }

    async fn read_resource(
        &self,
        req: Request<pb::read_resource::Request>,
    ) -> RpcResult<pb::read_resource::Response> {
        Ok(Response::new(
            resource::read_resource(&self.server, req.into_inner()).await,
        ))
    }

    async fn plan_resource_change(
        &self,
        req: Request<pb::plan_resource_change::Request>,
    ) -> RpcResult<pb::plan_resource_change::Response> {
        Ok(Response::new(
            resource::plan_resource_change(&self.server, req.into_inner()).await,
        ))
    }

    async fn apply_resource_change(
        &self,
        req: Request<pb::apply_resource_change::Request>,
    ) -> RpcResult<pb::apply_resource_change::Response> {
        Ok(Response::new(
            resource::apply_resource_change(&self.server, req.into_inner()).await,
        ))
    }

    async fn import_resource_state(
        &self,
        req: Request<pb::import_resource_state::Request>,
    ) -> RpcResult<pb::import_resource_state::Response> {
        Ok(Response::new(
            resource::import_resource_state(&self.server, req.into_inner()).await,
        ))
    }

    async fn move_resource_state(
        &self,
        req: Request<pb::move_resource_state::Request>,
    ) -> RpcResult<pb::move_resource_state::Response> {
        Ok(Response::new(resource::move_resource_state(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn read_data_source(
        &self,
        req: Request<pb::read_data_source::Request>,
    ) -> RpcResult<pb::read_data_source::Response> {
        Ok(Response::new(
            data_source::read_data_source(&self.server, req.into_inner()).await,
        ))
    }

    async fn generate_resource_config(
        &self,
        req: Request<pb::generate_resource_config::Request>,
    ) -> RpcResult<pb::generate_resource_config::Response> {
        Ok(Response::new(resource::generate_resource_config(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn validate_ephemeral_resource_config(
        &self,
        req: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> RpcResult<pb::validate_ephemeral_resource_config::Response> {
        Ok(Response::new(
            ephemeral::validate_ephemeral_resource_config(&self.server, req.into_inner()),
        ))
    }

    async fn open_ephemeral_resource(
        &self,
        req: Request<pb::open_ephemeral_resource::Request>,
    ) -> RpcResult<pb::open_ephemeral_resource::Response> {
        Ok(Response::new(
            ephemeral::open_ephemeral_resource(&self.server, req.into_inner()).await,
        ))
    }

    async fn renew_ephemeral_resource(
        &self,
        req: Request<pb::renew_ephemeral_resource::Request>,
    ) -> RpcResult<pb::renew_ephemeral_resource::Response> {
        Ok(Response::new(
            ephemeral::renew_ephemeral_resource(&self.server, req.into_inner()).await,
        ))
    }

    async fn close_ephemeral_resource(
        &self,
        req: Request<pb::close_ephemeral_resource::Request>,
    ) -> RpcResult<pb::close_ephemeral_resource::Response> {
        Ok(Response::new(
            ephemeral::close_ephemeral_resource(&self.server, req.into_inner()).await,
        ))
    }

    type ListResourceStream = BoxStream<pb::list_resource::Event>;

    async fn list_resource(
        &self,
        req: Request<pb::list_resource::Request>,
    ) -> RpcResult<Self::ListResourceStream> {
        Ok(Response::new(list::list_resource(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn validate_list_resource_config(
        &self,
        req: Request<pb::validate_list_resource_config::Request>,
    ) -> RpcResult<pb::validate_list_resource_config::Response> {
        Ok(Response::new(list::validate_list_resource_config(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn get_functions(
        &self,
        _: Request<pb::get_functions::Request>,
    ) -> RpcResult<pb::get_functions::Response> {
        Ok(Response::new(function::get_functions(&self.server)))
    }

    async fn call_function(
        &self,
        req: Request<pb::call_function::Request>,
    ) -> RpcResult<pb::call_function::Response> {
        Ok(Response::new(function::call_function(
            &self.server,
            req.into_inner(),
        )))
    }

    async fn validate_state_store_config(
        &self,
        req: Request<pb::validate_state_store::Request>,
    ) -> RpcResult<pb::validate_state_store::Response> {
        Ok(Response::new(unsupported::validate_state_store_config(
            req.into_inner(),
        )))
    }

    async fn configure_state_store(
        &self,
        req: Request<pb::configure_state_store::Request>,
    ) -> RpcResult<pb::configure_state_store::Response> {
        Ok(Response::new(unsupported::configure_state_store(
            req.into_inner(),
        )))
    }

    type ReadStateBytesStream = BoxStream<pb::read_state_bytes::Response>;

    async fn read_state_bytes(
        &self,
        req: Request<pb::read_state_bytes::Request>,
    ) -> RpcResult<Self::ReadStateBytesStream> {
        Ok(Response::new(unsupported::read_state_bytes(
            req.into_inner(),
        )))
    }

    async fn write_state_bytes(
        &self,
        req: Request<Streaming<pb::write_state_bytes::RequestChunk>>,
    ) -> RpcResult<pb::write_state_bytes::Response> {
        Ok(Response::new(
            unsupported::write_state_bytes(req.into_inner()).await,
        ))
    }

    async fn lock_state(
        &self,
        req: Request<pb::lock_state::Request>,
    ) -> RpcResult<pb::lock_state::Response> {
        Ok(Response::new(unsupported::lock_state(req.into_inner())))
    }

    async fn unlock_state(
        &self,
        req: Request<pb::unlock_state::Request>,
    ) -> RpcResult<pb::unlock_state::Response> {
        Ok(Response::new(unsupported::unlock_state(req.into_inner())))
    }

    async fn get_states(
        &self,
        req: Request<pb::get_states::Request>,
    ) -> RpcResult<pb::get_states::Response> {
        Ok(Response::new(unsupported::get_states(req.into_inner())))
    }

    async fn delete_state(
        &self,
        req: Request<pb::delete_state::Request>,
    ) -> RpcResult<pb::delete_state::Response> {
        Ok(Response::new(unsupported::delete_state(req.into_inner())))
    }

    async fn plan_action(
        &self,
        req: Request<pb::plan_action::Request>,
    ) -> RpcResult<pb::plan_action::Response> {
        Ok(Response::new(unsupported::plan_action(req.into_inner())))
    }

    type InvokeActionStream = BoxStream<pb::invoke_action::Event>;

    async fn invoke_action(
        &self,
        req: Request<pb::invoke_action::Request>,
    ) -> RpcResult<Self::InvokeActionStream> {
        Ok(Response::new(unsupported::invoke_action(req.into_inner())))
    }

    async fn validate_action_config(
        &self,
        req: Request<pb::validate_action_config::Request>,
    ) -> RpcResult<pb::validate_action_config::Response> {
        Ok(Response::new(unsupported::validate_action_config(
            req.into_inner(),
        )))
    }

    async fn stop_provider(
        &self,
        _: Request<pb::stop_provider::Request>,
    ) -> RpcResult<pb::stop_provider::Response> {
        Ok(Response::new(provider::stop_provider(&self.server)))
    }
}
