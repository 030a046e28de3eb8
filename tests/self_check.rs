//! The framework's implementation check over every resource, data source and ephemeral resource
//! the provider registers: state types match their schemas, no plan modifier is silently ignored, every
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
    // Ephemeral resources: the same checks, and none of what an ephemeral schema cannot use.
    for ephemeral in provider.ephemeral_resources() {
        problems.extend(ephemeral.check_implementation());
        checked += 1;
    }
    for resource in provider.resources() {
        let name = resource.type_name();
        if name.starts_with("test_") {
            continue;
        }
        match resource.identity() {
            Some(identity) => problems.extend(identity.check(name, &resource.schema())),
            None => problems.push(format!("{name}: no identity schema")),
        }
    }
    // Every list resource lists a resource with an identity, and documents its filters.
    let resources = provider.resources();
    let lists = provider.list_resources();
    // Counted from the provider, so a new vendor's resources need no edit here.
    let listable = resources
        .iter()
        .filter(|r| !r.type_name().starts_with("test_"))
        .count();
    assert_eq!(lists.len(), listable, "one list resource per resource type");
    for list in lists {
        let name = list.type_name();
        if !resources
            .iter()
            .any(|r| r.type_name() == name && r.identity().is_some())
        {
            problems.push(format!(
                "list {name}: no resource with an identity of that name"
            ));
        }
        for attribute in &list.schema().block.attributes {
            if attribute.description.is_empty() || attribute.required {
                problems.push(format!(
                    "list {name}: filter {} must be optional and described",
                    attribute.name
                ));
            }
        }
    }
    // Five resources and four data sources (plus the test widget when compiled in).
    assert!(checked >= 9, "only {checked} types were checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
