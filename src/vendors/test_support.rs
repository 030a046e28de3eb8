//! Helpers the vendors' unit tests share.

use tfplugin::{Diagnostics, Resource};

/// What a user sees: the schema's validators, then the resource's own checks.
pub fn validated<R: Resource>(resource: &R, config: &R::State) -> Diagnostics {
    tfplugin::validate::validate_typed(&resource.schema(), config, |config| {
        resource.validate(config)
    })
}

/// The attribute paths the diagnostics point at, in their order.
pub fn paths(diags: &Diagnostics) -> Vec<String> {
    diags
        .iter()
        .filter_map(|d| d.path.as_ref().map(|p| p.to_string()))
        .collect()
}
