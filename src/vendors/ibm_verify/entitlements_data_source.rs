//! `apiclients_ibm_verify_entitlements`: IBM Security Verify's entitlement catalogue, as the
//! provider knows it (the table published with `POST /v1.0/apiclients`). Offline: no API call,
//! so it also works without IBM settings, e.g. to build `entitlements` from a filter.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::vendors::ibm_verify::entitlements::ENTITLEMENTS;
use tfplugin::{Attribute, Block, Context, DataSource, Diagnostics, Schema, Tf, Validator};

/// The offering tags of the catalogue.
pub const OFFERINGS: &[&str] = &["any", "CIC", "CIV", "CIA", "CIG", "ISC"];

/// The state of the data source.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct EntitlementsState {
    pub offering: Tf<String>,
    pub names: Tf<Vec<String>>,
    pub entitlements: Tf<Vec<EntitlementState>>,
}

/// One catalogue entry.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct EntitlementState {
    pub name: Tf<String>,
    pub description: Tf<String>,
    pub offerings: Tf<Vec<String>>,
}

/// The `apiclients_ibm_verify_entitlements` data source.
#[derive(Debug, Default)]
pub struct IbmVerifyEntitlementsDataSource;

impl IbmVerifyEntitlementsDataSource {
    pub fn new() -> Self {
        Self
    }
}

/// The catalogue entries tagged with `offering` (all of them for `None`), in IBM's order.
pub fn entitlements_for(offering: Option<&str>) -> Vec<EntitlementState> {
    ENTITLEMENTS
        .iter()
        .filter(|e| offering.is_none_or(|wanted| e.offerings.contains(&wanted)))
        .map(|e| EntitlementState {
            name: Tf::Known(e.name.to_owned()),
            description: Tf::Known(e.description.to_owned()),
            offerings: Tf::Known(e.offerings.iter().map(|o| (*o).to_owned()).collect()),
        })
        .collect()
}

#[async_trait]
impl DataSource for IbmVerifyEntitlementsDataSource {
    type State = EntitlementsState;

    fn type_name(&self) -> &'static str {
        "ibm_verify_entitlements"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .markdown_description(
                    "The entitlements an IBM Security Verify API client can hold (the catalogue IBM publishes with the create operation), optionally only those of one offering. Read from the provider itself: no API call and no IBM settings needed.\n\nEach entitlement is tagged with the offerings it belongs to: `any` (every tenant), `CIC` (consumer IAM), `CIV` (Verify), `CIA` (adaptive access), `CIG` (governance) or `ISC` (subscriptions). The filter matches the tag exactly: `offering = \"CIV\"` returns the CIV-only entitlements, not those tagged `any`.",
                )
                .attribute(
                    Attribute::string("offering")
                        .optional()
                        .markdown_description("Only the entitlements tagged with this offering: `any`, `CIC`, `CIV`, `CIA`, `CIG` or `ISC`. All entitlements when left out.")
                        .validate(Validator::one_of(OFFERINGS)),
                )
                .attribute(
                    Attribute::list("names", tfplugin::Type::String)
                        .computed()
                        .markdown_description("The names of the selected entitlements, in the catalogue's order (handy for `entitlements`)."),
                )
                .attribute(
                    Attribute::list_nested(
                        "entitlements",
                        vec![
                            Attribute::string("name").computed().description("Entitlement name, as the API expects it."),
                            Attribute::string("description").computed().description("What it allows."),
                            Attribute::list("offerings", tfplugin::Type::String)
                                .computed()
                                .description("Offerings it belongs to."),
                        ],
                    )
                    .computed()
                    .description("The selected entitlements, in the catalogue's order."),
                ),
        )
    }

    async fn read(
        &self,
        _ctx: &Context,
        config: EntitlementsState,
    ) -> Result<EntitlementsState, Diagnostics> {
        let entitlements = entitlements_for(config.offering.as_str());
        Ok(EntitlementsState {
            names: Tf::Known(
                entitlements
                    .iter()
                    .filter_map(|e| e.name.known().cloned())
                    .collect(),
            ),
            entitlements: Tf::Known(entitlements),
            offering: config.offering,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_keeps_only_the_offering() {
        let all = entitlements_for(None);
        assert_eq!(all.len(), ENTITLEMENTS.len());
        let civ = entitlements_for(Some("CIV"));
        assert!(!civ.is_empty() && civ.len() < all.len());
        assert!(civ.iter().all(|e| {
            e.offerings
                .known()
                .is_some_and(|o| o.iter().any(|x| x == "CIV"))
        }));
        assert!(entitlements_for(Some("nope")).is_empty());
    }
}
