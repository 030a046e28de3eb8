//! The IBM entitlement table of the provider matches IBM's catalogue as kept in
//! fixtures/ibm_verify_entitlements.json (which names its vendor source). Where the vendors' original
//! files happen to sit beside the repository, a cross-check proves the fixture says what seed 000 says.

mod support;

use std::path::PathBuf;

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

/// The vendors' original files (the project's reading material, `shared/` beside the repository or
/// `SHARED_DIR`), when present.
fn vendor_originals() -> Option<PathBuf> {
    let dir = match std::env::var_os("SHARED_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().parent()?.join("shared"),
    };
    dir.join("seeds").is_dir().then_some(dir)
}

#[test]
fn cross_check_the_catalogue_against_seed_000() {
    let Some(originals) = vendor_originals() else {
        println!(
            "SKIPPED: seed 000 (shared/ beside the repository) is not here; the fixture stands alone"
        );
        return;
    };
    let seed = std::fs::read_dir(originals.join("seeds"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("000_")
        })
        .expect("seed 000");
    let text = std::fs::read_to_string(seed).unwrap();
    let table = text.split("EntitlementDescriptionOffering").nth(1).unwrap();
    let table = table.split("Entitlements requis").next().unwrap();
    let lines: Vec<String> = table
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('<'))
        .map(|line| line.replace("<./td>", ""))
        .collect();

    let catalogue = catalogue();
    assert_eq!(
        lines.len(),
        catalogue.len(),
        "row count differs from the seed"
    );
    for (line, row) in lines.iter().zip(&catalogue) {
        let prefix = format!("{}{}", row.name, row.description);
        assert!(
            line.starts_with(&prefix),
            "seed row {line:?} does not start with {prefix:?}"
        );
        let offerings = row.offerings.join(", ");
        let rest = &line[prefix.len()..];
        // One seed row lost its offering cell into a stray `<.td>CIC, CIV` line above the table.
        assert!(
            rest.trim_start().starts_with(&offerings)
                || (rest.is_empty() && row.name == "readPwdVaultConfig" && offerings == "CIC, CIV"),
            "seed row {line:?}: offerings {offerings:?}"
        );
    }
}
