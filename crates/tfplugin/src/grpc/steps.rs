//! The steps the adapters share: take the type the server looked up by name, decode the request's
//! values with its schema, encode the answer's values, answer the diagnostics. Each step is
//! written once here so that an adapter reads as the RPC it serves: which type, which values,
//! which call of the server.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::proto::tfplugin6 as pb;
use crate::schema::Schema;
use crate::server::{DataSourceEntry, EphemeralEntry, ListEntry, ResourceEntry, collect};
use crate::value::Value;
use crate::wire;

/// What the adapters need of the provider and of each registry entry: the schema its values
/// are decoded and encoded with.
pub(super) trait HasSchema {
    fn schema(&self) -> &Schema;
}

impl HasSchema for Schema {
    fn schema(&self) -> &Schema {
        self
    }
}

impl HasSchema for ResourceEntry {
    fn schema(&self) -> &Schema {
        &self.schema
    }
}

impl HasSchema for DataSourceEntry {
    fn schema(&self) -> &Schema {
        &self.schema
    }
}

impl HasSchema for ListEntry {
    fn schema(&self) -> &Schema {
        &self.schema
    }
}

impl HasSchema for EphemeralEntry {
    fn schema(&self) -> &Schema {
        &self.schema
    }
}

/// Decodes a request's value of `entry`'s schema.
pub(super) fn decode(
    entry: &impl HasSchema,
    value: Option<&pb::DynamicValue>,
    what: &'static str,
) -> Result<Value, Diagnostics> {
    wire::decode(value, entry.schema(), what)
}

/// The first step of most RPCs: the type `lookup` found and the request's `values` decoded with
/// its schema, in order; none, with the error in `diags`, when the lookup or a decoding fails
/// (the values after the first that fails are left alone).
pub(super) fn decoded<'s, E: HasSchema, const N: usize>(
    diags: &mut Diagnostics,
    lookup: Result<&'s E, Diagnostics>,
    values: [(Option<&pb::DynamicValue>, &'static str); N],
) -> Option<(&'s E, [Value; N])> {
    let entry = collect(diags, lookup)?;
    let mut decoded = Vec::with_capacity(N);
    for (value, what) in values {
        decoded.push(collect(diags, decode(entry, value, what))?);
    }
    // Always N values here: one for each asked for.
    Some((entry, decoded.try_into().ok()?))
}

/// An answer's value encoded with `entry`'s schema; none, with the error in `diags`, when it
/// cannot be.
pub(super) fn encoded(
    diags: &mut Diagnostics,
    entry: &impl HasSchema,
    value: &Value,
    what: &'static str,
) -> Option<pb::DynamicValue> {
    collect(diags, wire::encode(value, entry.schema(), what))
}

/// A validation RPC's answer: the errors of the lookup or the decoding, else what `check` finds
/// in the configuration.
pub(super) fn validated<'s, E: HasSchema>(
    lookup: Result<&'s E, Diagnostics>,
    config: Option<&pb::DynamicValue>,
    what: &'static str,
    check: impl FnOnce(&'s E, &Value) -> Diagnostics,
) -> Vec<pb::Diagnostic> {
    let mut diags = Diagnostics::new();
    if let Some((entry, [config])) = decoded(&mut diags, lookup, [(config, what)]) {
        diags.extend(check(entry, &config));
    }
    wire::diagnostics(diags)
}

/// The full type names of a kind of type, in name order, each as the metadata message `meta`
/// makes of it.
pub(super) fn type_names<E, M>(entries: BTreeMap<&str, &E>, meta: impl Fn(String) -> M) -> Vec<M> {
    entries
        .into_keys()
        .map(|name| meta(name.to_owned()))
        .collect()
}

/// The schemas of a kind of type by full type name.
pub(super) fn schemas<E: HasSchema, C: FromIterator<(String, pb::Schema)>>(
    entries: BTreeMap<&str, &E>,
) -> C {
    entries
        .into_iter()
        .map(|(name, entry)| (name.to_owned(), wire::schema(entry.schema())))
        .collect()
}
