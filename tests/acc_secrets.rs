//! The secrets the provider creates (client secrets of all four platforms) never appear in plan or apply
//! output or in a TF_LOG=trace log, and stay hidden in `terraform show`, while `terraform output -json`
//! (which the user asks for explicitly) still hands them over.

mod support;

use support::demo_config;
use support::sandbox::TestSandbox;
use support::terraform::Workdir;

#[test]
fn created_client_secrets_stay_out_of_output_and_trace_logs() {
    let sandbox = TestSandbox::start();
    let mut wd = Workdir::for_sandbox(&sandbox).with_env("OAM_IDENTITY_DOMAIN", "DemoDomain");
    let log = wd.path().join("trace.log");
    wd.set_env("TF_LOG", "trace");
    wd.set_env("TF_LOG_PATH", &log.display().to_string());
    let demo = demo_config();
    wd.write_file("main.tf", &demo);
    wd.init();
    let mut runs = vec![wd.apply()];
    // An update, which sends the current secrets back to IBM Verify and OAM.
    wd.write_file(
        "main.tf",
        &demo.replace("Reads users and groups", "Reads users, groups"),
    );
    runs.push(wd.apply());
    runs.push(wd.run(&["plan", "-no-color"]).success());
    runs.push(wd.run(&["show", "-no-color"]).success());

    let outputs = wd.run(&["output", "-json", "-no-color"]).success();
    let outputs: serde_json::Value = serde_json::from_str(&outputs.stdout).expect("outputs JSON");
    let secrets: Vec<(String, String)> = outputs["client_secrets"]["value"]
        .as_object()
        .expect("client_secrets output")
        .iter()
        .map(|(vendor, secret)| {
            (
                vendor.clone(),
                secret.as_str().expect("a secret").to_string(),
            )
        })
        .collect();
    assert_eq!(secrets.len(), 4, "{outputs}");
    let mut admin = sandbox.provider_env();
    admin.retain(|k, _| k.contains("SECRET") || k.contains("PASSWORD") || k.contains("TOKEN"));

    let log_text = std::fs::read_to_string(&log).expect("Terraform wrote the trace log");
    assert!(
        log_text.contains("ApplyResourceChange"),
        "the log is a real trace log"
    );
    for (what, secret) in secrets
        .iter()
        .map(|(v, s)| (v.as_str(), s.as_str()))
        .chain(admin.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    {
        assert!(
            secret.len() >= 8,
            "{what} is too short to search for: {secret:?}"
        );
        assert!(
            !log_text.contains(secret),
            "{what} appears in the trace log"
        );
        for run in &runs {
            assert!(
                !run.all_output().contains(secret),
                "{what} appears in the output of terraform {:?}",
                run.args
            );
        }
    }
    wd.remove_env("TF_LOG");
    wd.destroy();
}
