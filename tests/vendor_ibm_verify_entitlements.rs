//! The IBM entitlement table of the provider matches IBM's catalogue as kept in
//! fixtures/ibm_verify_entitlements.json (which names its vendor source). The repository stands alone:
//! no test reads the vendors' original pages, the fixture is what was derived from them.

mod support;

use apiclients::vendors::ibm_verify::entitlements::ENTITLEMENTS;
use serde_json::Value;
use support::repo_root;

/// One row of the catalogue fixture.
#[derive(Debug, PartialEq)]
struct Row {
    name: String,
    description: String,
    offerings: Vec<String>,
}

fn catalogue() -> Vec<Row> {
    let path = repo_root().join("fixtures/ibm_verify_entitlements.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let fixture: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        fixture["source"]["document"].is_string(),
        "the fixture names its vendor source"
    );
    let text_of = |value: &Value| value.as_str().expect("a string").to_owned();
    fixture["entitlements"]
        .as_array()
        .expect("entitlements")
        .iter()
        .map(|row| Row {
            name: text_of(&row["name"]),
            description: text_of(&row["description"]),
            offerings: row["offerings"]
                .as_array()
                .expect("offerings")
                .iter()
                .map(text_of)
                .collect(),
        })
        .collect()
}

#[test]
fn the_table_is_the_catalogue_row_for_row() {
    let catalogue = catalogue();
    let table: Vec<Row> = ENTITLEMENTS
        .iter()
        .map(|entitlement| Row {
            name: entitlement.name.to_owned(),
            description: entitlement.description.to_owned(),
            offerings: entitlement
                .offerings
                .iter()
                .map(|o| o.to_string())
                .collect(),
        })
        .collect();
    assert!(catalogue.len() > 100, "{} rows", catalogue.len());
    assert_eq!(table.len(), catalogue.len(), "row count differs");
    for (entitlement, row) in table.iter().zip(&catalogue) {
        assert_eq!(entitlement, row);
    }
}
