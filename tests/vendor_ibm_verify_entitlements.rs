//! The IBM entitlement table matches the catalogue of seed 000 (read through ../shared).

use std::path::Path;

use apiclients::vendors::ibm_verify::entitlements::ENTITLEMENTS;

fn seed_table_lines() -> Vec<String> {
    // `SHARED_DIR` lets a checkout that does not sit beside shared/ (a git worktree) point at it.
    let shared = std::env::var_os("SHARED_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let seeds = shared.join("seeds");
    let seed = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("000_")
        })
        .expect("seed 000 in ../shared/seeds");
    let text = std::fs::read_to_string(seed).unwrap();
    let table = text.split("EntitlementDescriptionOffering").nth(1).unwrap();
    let table = table.split("Entitlements requis").next().unwrap();
    table
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('<'))
        .map(|line| line.replace("<./td>", ""))
        .collect()
}

#[test]
fn every_seed_row_is_in_the_table_and_nothing_else() {
    let lines = seed_table_lines();
    assert_eq!(
        lines.len(),
        ENTITLEMENTS.len(),
        "row count differs from the seed"
    );
    for (line, entitlement) in lines.iter().zip(ENTITLEMENTS) {
        let prefix = format!("{}{}", entitlement.name, entitlement.description);
        assert!(
            line.starts_with(&prefix),
            "seed row {line:?} does not start with {prefix:?}"
        );
        let offerings = entitlement.offerings.join(", ");
        let rest = &line[prefix.len()..];
        // One seed row lost its offering cell into a stray `<.td>CIC, CIV` line above the table.
        assert!(
            rest.trim_start().starts_with(&offerings)
                || (rest.is_empty() && entitlement.name == "readPwdVaultConfig"),
            "seed row {line:?}: offerings {offerings:?}"
        );
    }
}
