//! The framework's implementation check over every resource and data source the provider
//! registers: state types match their schemas, no plan modifier is silently ignored, every
//! attribute is documented. (`tfplugin::self_check` has the unit tests showing that a broken
//! type fails it.)

use apiclients::provider::ApiClientsProvider;
use tfplugin::Provider;

#[test]
fn every_resource_and_data_source_passes_the_framework_check() {
    let provider = ApiClientsProvider::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for resource in provider.resources() {
        problems.extend(resource.check_implementation());
        checked += 1;
    }
    for data_source in provider.data_sources() {
        problems.extend(data_source.check_implementation());
        checked += 1;
    }
    // Five resources and four data sources (plus the test widget when compiled in).
    assert!(checked >= 9, "only {checked} types were checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
