//! tfplugin: a Terraform plugin framework (protocol 6 over go-plugin) that knows no provider and
//! no vendor.
//!
//! What a provider uses:
//! * [`provider`], [`resource`], [`data_source`], [`list`], [`ephemeral`] — the traits a provider
//!   implements;
//!   [`context`] — what every operation receives (cancellation, warnings, partial state).
//! * [`schema`] — schema builder with defaults, plan modifiers and validators; [`timeouts`] — the
//!   `timeouts` block and its deadlines; [`duration`] — the duration syntax they share.
//! * [`value`] — dynamic values and the msgpack/JSON codec; [`tf`] — `Tf<T>`; [`from_value`] /
//!   [`to_value`] — serde between values and typed structs.
//! * [`identity`] — resource identity projected from state; [`generate`] — configuration for imports.
//! * [`plan`], [`validate`] — automatic planning and per-attribute validation.
//! * [`sensitive`] — `Sensitive<T>` and the schema-driven registration of secrets for redaction.
//! * [`self_check`] — the check of a provider's own schemas and state types.
//! * [`diag`] — diagnostics with attribute paths; [`logging`] — hclog JSON with redaction;
//!   [`docs`] — documentation pages from the schema.
//! * [`serve`] — handshake, AutoMTLS, the gRPC services: [`serve::run`] is a provider's `main`.
//!
//! Inside, layered like terraform-plugin-framework (proto6server → fromproto6/toproto6 →
//! fwserver), crate-private: `grpc` (one thin adapter per kind of RPC, the unsupported ones apart)
//! → `wire` (every protobuf conversion) and `server` (the framework's logic on its own types). No
//! module outside `grpc` and `wire` names a protocol type, and the modules import each other
//! without a cycle (`tests/module_graph.rs` prints the graph and fails on one).
//!
//! Writing a resource (terraform-provider-apiclients' `src/test_resource.rs` is a complete one):
//!
//! ```ignore
//! #[derive(Debug, Clone, Default, Serialize, Deserialize)]
//! #[serde(default)]                       // absent fields are Tf::Null
//! pub struct ClientState {                // one field per schema attribute, all Tf<...>
//!     pub id: Tf<String>,
//!     pub client_name: Tf<String>,
//!     pub scopes: Tf<BTreeSet<String>>,
//! }
//!
//! #[async_trait]
//! impl Resource for ClientResource {
//!     type State = ClientState;
//!     fn type_name(&self) -> &'static str { "oauth_client" }   // prefixed with the provider's prefix
//!     fn schema(&self) -> Schema {
//!         Schema::new(Block::new()
//!             .attribute(Attribute::string("id").computed().use_state_for_unknown())
//!             .attribute(Attribute::string("client_name").required().validate(Validator::length(1, 255)))
//!             .attribute(Attribute::set("scopes", Type::String).optional()))
//!     }
//!     async fn read(&self, ctx: &Context, state: ClientState) -> Result<Option<ClientState>, Diagnostics> { .. }
//!     async fn create(&self, ctx: &Context, planned: ClientState, config: ClientState) -> Result<ClientState, Diagnostics> { .. }
//!     async fn update(&self, ctx: &Context, prior: ClientState, planned: ClientState, config: ClientState) -> Result<ClientState, Diagnostics> { .. }
//!     async fn delete(&self, ctx: &Context, prior: ClientState) -> Result<(), Diagnostics> { .. }
//!     async fn import(&self, ctx: &Context, id: &str) -> Result<ClientState, Diagnostics> { .. }
//! }
//! ```
//!
//! Return it from your [`Provider::resources`] as `Arc::new(ClientResource::new(..))`, and
//! run [`self_check::check_implementation`] over it in a test. Errors: implement
//! `From<YourError> for Diagnostic` once, then `?` converts into `Diagnostics`.
//!
//! Writing an ephemeral resource (Terraform 1.10+; see [`ephemeral`] for what the framework does
//! around it): a token minted for the run, revoked when Terraform closes it, never in plan or
//! state.
//!
//! ```ignore
//! #[derive(Debug, Clone, Default, Serialize, Deserialize)]
//! #[serde(default)]
//! pub struct TokenState {                       // one field per schema attribute, all Tf<...>
//!     pub client_id: Tf<String>,                // configured
//!     pub access_token: Tf<Sensitive<String>>,  // computed, sensitive: redacted from logs
//!     pub expires_at: Tf<String>,               // computed
//! }
//!
//! #[derive(Debug, Serialize, Deserialize)]
//! pub struct TokenLease { token_id: String }    // what renew and close need
//!
//! #[async_trait]
//! impl EphemeralResource for AccessToken {
//!     type State = TokenState;
//!     type Private = TokenLease;
//!     fn type_name(&self) -> &'static str { "access_token" }
//!     fn schema(&self) -> Schema {
//!         Schema::new(Block::new()
//!             .description("A client-credentials access token, minted for this run.")
//!             .attribute(Attribute::string("client_id").required().description("…"))
//!             .attribute(Attribute::string("access_token").computed().sensitive().description("…"))
//!             .attribute(Attribute::string("expires_at").computed().description("…")))
//!     }
//!     async fn open(&self, ctx: &Context, config: TokenState) -> Result<Opened<TokenState, TokenLease>, Diagnostics> {
//!         let token = self.api.mint(ctx, config.client_id.as_str()).await?;
//!         let result = TokenState { access_token: Tf::Known(token.secret), expires_at: Tf::Known(token.expiry), ..config };
//!         Ok(Opened::new(result, TokenLease { token_id: token.id }).renew_at(token.refresh_at))
//!     }
//!     async fn close(&self, ctx: &Context, lease: TokenLease) -> Result<(), Diagnostics> {
//!         self.api.revoke(ctx, &lease.token_id).await.map_err(Into::into)
//!     }
//! }
//! ```
//!
//! Return it from your [`Provider::ephemeral_resources`] as `Arc::new(AccessToken::new(..))`; the
//! provider's `src/test_resource.rs` has a complete one.

#![deny(missing_docs)]

pub(crate) mod bridge;
pub mod context;
pub mod data_source;
pub mod diag;
pub mod docs;
pub mod duration;
pub mod ephemeral;
pub mod function;
pub mod generate;
pub(crate) mod grpc;
pub mod identity;
pub mod list;
pub mod logging;
pub mod plan;
pub(crate) mod proto;
pub mod provider;
pub mod resource;
pub mod schema;
pub mod self_check;
pub mod sensitive;
pub mod serve;
pub(crate) mod server;
pub mod tf;
pub mod timeouts;
pub mod validate;
pub mod value;
pub(crate) mod wire;

pub use bridge::{BridgeError, from_value, to_value};
pub use context::Context;
pub use data_source::{DataSource, DynDataSource};
pub use diag::{AttributePath, Diagnostic, Diagnostics, PluginError, Severity};
pub use ephemeral::{DynEphemeralResource, EphemeralResource, Opened, Renewed};
pub use function::{Function, FunctionError, Parameter};
pub use identity::IdentitySchema;
pub use list::{DynListResource, ListResource, ListResults, ListSink};
pub use provider::Provider;
pub use resource::{DynResource, MoveSource, PlanChange, Resource};
pub use schema::{
    Attribute, Block, BlockNesting, CustomCheck, NestedBlock, NestingMode, Problem, Schema,
    Validator,
};
pub use sensitive::Sensitive;
pub use tf::Tf;
pub use timeouts::Timeouts;
pub use value::{Number, Type, Value};
