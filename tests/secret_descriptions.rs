//! Every resource page's "The secret in state" section (`vendors::write_only::with_secret_in_state`)
//! says what is true of the resource's schema: a resource that says the vendor shows its secret
//! once holds a computed secret (`client_secret`, SailPoint's `secret`); one that offers `client_secret_wo` says so; one that
//! holds no client secret says so and names a resource that does.

use apiclients::provider::ApiClientsProvider;
use tfplugin::{Attribute, Provider};

const SECTION: &str = "## The secret in state";

fn attribute<'a>(attributes: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attributes.iter().find(|a| a.name == name)
}

/// The attribute that holds the client secret in state: `client_secret` (SailPoint's is `secret`).
fn secret_attribute(attributes: &[Attribute]) -> Option<&Attribute> {
    attributes
        .iter()
        .find(|a| a.name.ends_with("secret") && !a.write_only)
}

#[test]
fn the_secret_in_state_section_matches_the_schema() {
    let provider = ApiClientsProvider::new();
    let resources = provider.resources();
    let holds_secret = |type_name: &str| {
        resources.iter().any(|r| {
            format!("apiclients_{}", r.type_name()) == type_name
                && secret_attribute(&r.schema().block.attributes).is_some()
        })
    };
    let mut problems = Vec::new();
    let mut checked = 0;
    for resource in &resources {
        let name = resource.type_name();
        let block = resource.schema().block;
        let Some((_, section)) = block.description.split_once(SECTION) else {
            continue;
        };
        checked += 1;
        let secret = secret_attribute(&block.attributes);
        let says_none = section.contains("holds no client secret");
        if says_none == secret.is_some() {
            problems.push(format!(
                "{name}: says it holds no client secret: {says_none}, has a secret attribute: {}",
                secret.is_some()
            ));
        }
        if says_none {
            let named: Vec<&str> = section
                .split('`')
                .skip(1)
                .step_by(2)
                .filter(|code| code.starts_with("apiclients_"))
                .collect();
            if !named.iter().any(|t| holds_secret(t)) {
                problems.push(format!(
                    "{name}: holds no client secret but names no resource that does ({named:?})"
                ));
            }
        }
        if section.contains("generates this secret and shows it once")
            && !secret.is_some_and(|s| s.computed && s.sensitive)
        {
            problems.push(format!(
                "{name}: says the vendor shows its secret once, but has no computed, sensitive secret attribute"
            ));
        }
        let offers_wo = attribute(&block.attributes, "client_secret_wo").is_some();
        if offers_wo != section.contains("`client_secret_wo`") {
            problems.push(format!(
                "{name}: has client_secret_wo: {offers_wo}, the section mentions it: {}",
                !offers_wo
            ));
        }
    }
    // Every vendor resource has the section: IBM, OAM, SailPoint, the Akamai client and credential.
    assert!(checked >= 5, "only {checked} resources have the section");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
