//! The `DataSource` trait, with serde-typed state, and its object-safe twin.

use async_trait::async_trait;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::bridge::{decode_typed, encode_typed, validate_typed_config};
use super::context::Context;
use super::diag::{Diagnostic, Diagnostics};
use super::schema::Schema;
use super::value::Value;

/// A data source: reads an object and returns it as state. Same typing rules as
/// [`super::resource::Resource::State`].
#[async_trait]
pub trait DataSource: Send + Sync + 'static {
    /// The configuration and the state read, typed (see [`crate::Resource::State`]).
    type State: Serialize + DeserializeOwned + Send + Sync + 'static;

    /// The name after the provider prefix.
    fn type_name(&self) -> &'static str;

    /// The schema; the framework builds it once when it starts serving.
    fn schema(&self) -> Schema;

    /// Cross-attribute checks beyond the per-attribute validators.
    fn validate(&self, _config: &Self::State) -> Diagnostics {
        Diagnostics::new()
    }

    /// Reads the object. A data source whose object does not exist must return an error.
    async fn read(&self, ctx: &Context, config: Self::State) -> Result<Self::State, Diagnostics>;
}

/// Object-safe form of [`DataSource`]; implemented for every `DataSource`. `read` takes the
/// schema [`DynDataSource::schema`] returned, which the framework builds once (see
/// [`crate::DynResource`]).
#[async_trait]
pub trait DynDataSource: Send + Sync + 'static {
    /// See [`DataSource::type_name`].
    fn type_name(&self) -> &'static str;
    /// See [`DataSource::schema`].
    fn schema(&self) -> Schema;
    /// The framework's check of this data source's schema and state type.
    fn check_implementation(&self) -> Vec<String>;
    /// The data source's own checks on a configuration that passed the validators (skipped while it holds unknowns the state type cannot take).
    fn validate(&self, config: &Value) -> Diagnostics;
    /// Reads the object: `config` is decoded into the state type, the state read is encoded back and must hold no unknowns.
    async fn read(
        &self,
        schema: &Schema,
        ctx: &Context,
        config: Value,
    ) -> Result<Value, Diagnostics>;
}

#[async_trait]
impl<D: DataSource> DynDataSource for D {
    fn type_name(&self) -> &'static str {
        DataSource::type_name(self)
    }

    fn schema(&self) -> Schema {
        DataSource::schema(self)
    }

    fn check_implementation(&self) -> Vec<String> {
        crate::self_check::check_implementation::<D::State>(
            DataSource::type_name(self),
            &DataSource::schema(self),
        )
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        validate_typed_config(self.type_name(), config, |cfg| {
            DataSource::validate(self, cfg)
        })
    }

    async fn read(
        &self,
        schema: &Schema,
        ctx: &Context,
        config: Value,
    ) -> Result<Value, Diagnostics> {
        let name = self.type_name();
        let typed: D::State = decode_typed("configuration", name, config)?;
        let state = DataSource::read(self, ctx, typed).await?;
        let v = encode_typed("data source state", name, &state, &schema.value_type())?;
        if v.contains_unknown() {
            return Err(Diagnostic::error(
                "Data source returned unknown values",
                format!(
                    "{name}: a data source must return known values. This is a bug in the provider."
                ),
            )
            .into());
        }
        Ok(v)
    }
}
