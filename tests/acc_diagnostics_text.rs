//! Diagnostics as Terraform prints them, not only as the provider writes them: Terraform passes a
//! diagnostic's text through a colorizer that takes `[default]`, `[red]`, … for color codes and drops them,
//! so a message must not put such names in brackets.

mod support;

use serde_json::json;
use support::terraform::{Workdir, flat};

const EDGERC_TF: &str = include_str!("hcl/acc_diagnostics_text/edgerc.tf");

/// The default `.edgerc` section is named in the error when the file lacks it (it printed as
/// "section  not found" while the message said `[default]`), with the setting that picks another.
#[test]
fn a_missing_default_edgerc_section_is_named_in_terraforms_output() {
    let wd = Workdir::for_provider();
    let edgerc = wd.path().join("edgerc");
    std::fs::write(
        &edgerc,
        "[other]\nhost = akab-x.luna.akamaiapis.net\nclient_token = akab-ct\nclient_secret = c2VjcmV0\naccess_token = akab-at\n",
    )
    .expect("write .edgerc");
    wd.write_config(EDGERC_TF);
    wd.write_vars(&json!({ "edgerc": edgerc.display().to_string() }));
    wd.init();
    let output = flat(&wd.run(&["plan", "-no-color"]).failure().all_output());
    assert!(
        output.contains("section \"default\" not found in .edgerc; sections found: \"other\""),
        "{output}"
    );
    assert!(
        output.contains("name the one to use in akamai.section (AKAMAI_EDGERC_SECTION)"),
        "names the setting that picks a section: {output}"
    );
}
