//! Adopting existing clients loses nothing: a client made behind Terraform's back with every
//! optional field the vendor's API accepts is imported with a generated configuration, one
//! attribute is changed, and the plan shows only it; afterwards the tenant's object differs from
//! before in that field alone (and the vendor's own timestamps). On the platforms whose update is a
//! full replace (IBM Security Verify, Akamai), the object also carries a field of a newer API than
//! the provider knows (`PATCH /_sandbox/objects`), which must survive the change too.

mod support;

use serde_json::{Value, json};
use support::sandbox::TestSandbox;
use support::terraform::{Feature, Workdir};

const OAM_DOMAIN: &str = "TestDomain1";
/// A field of a newer vendor API, given to the full-replace platforms' objects.
const NEWER_FIELD: &str = "serviceTier";
const CHANGED: &str = "changed after adoption";

/// One platform's case.
struct Adoption {
    vendor: &'static str,
    address: &'static str,
    /// The configuration's attribute the test changes, and the vendor's field it maps to.
    attribute: &'static str,
    field: &'static str,
    /// Fields the vendor stamps on every write.
    timestamps: &'static [&'static str],
    /// The object's id in `/_sandbox/state`, and the field it is under.
    id_field: &'static str,
    full_replace: bool,
}

fn adopt(case: &Adoption, sandbox: &TestSandbox, wd: Workdir, created: Value, import_id: &str) {
    let object_id = created[case.id_field]
        .as_str()
        .expect("the object's id")
        .to_owned();
    if !wd.tf.supports_or_skipped(
        Feature::GeneratedConfig,
        "adoption with import blocks and generated configuration",
    ) || !wd
        .tf
        .at_least_or_skipped(1, 6, "import blocks with an id from a variable")
    {
        return;
    }
    let config = match case.vendor {
        "ibm_verify" => include_str!("hcl/acc_adoption/ibm_verify.tf"),
        "sailpoint" => include_str!("hcl/acc_adoption/sailpoint.tf"),
        "oracle_oam" => include_str!("hcl/acc_adoption/oracle_oam.tf"),
        _ => include_str!("hcl/acc_adoption/akamai.tf"),
    };
    wd.write_config(config);
    wd.write_vars(&json!({ "import_id": import_id }));
    wd.init();
    let generated = wd.run(&["plan", "-no-color", "-generate-config-out=generated.tf"]);
    assert!(
        generated.code == 0 || generated.code == 2,
        "plan -generate-config-out failed:\n{}",
        generated.all_output()
    );
    let applied = wd.apply();
    assert!(
        applied.stdout.contains("1 imported, 0 added, 0 changed"),
        "{}",
        applied.stdout
    );
    wd.assert_empty_plan();
    if case.full_replace {
        let status = sandbox.admin_patch(
            &format!("/_sandbox/objects/{}/{object_id}", case.vendor),
            &json!({ NEWER_FIELD: "gold" }),
        );
        assert_eq!(status, 204, "newer field given");
        wd.assert_empty_plan();
    }
    let before = stored(sandbox, case, &object_id);

    // One attribute changed in the generated configuration.
    let path = wd.path().join("generated.tf");
    let text = std::fs::read_to_string(&path).expect("generated.tf");
    let mut found = false;
    let edited: Vec<String> = text
        .lines()
        .map(|line| {
            if line.split('=').next().map(str::trim) == Some(case.attribute) && !found {
                found = true;
                let indent = &line[..line.len() - line.trim_start().len()];
                format!("{indent}{} = \"{CHANGED}\"", case.attribute)
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert!(found, "generated.tf sets {}:\n{text}", case.attribute);
    std::fs::write(&path, edited.join("\n") + "\n").expect("write generated.tf");

    let plan = wd.plan_json();
    let change = plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|rc| rc["address"] == case.address)
        .map(|rc| rc["change"].clone())
        .expect("planned");
    assert_eq!(change["actions"], json!(["update"]), "{change}");
    assert_eq!(
        changed_keys(
            &change["before"],
            &change["after"],
            &change["after_unknown"]
        ),
        [case.attribute],
        "the plan shows only the changed attribute: {change}"
    );
    wd.apply();
    wd.assert_empty_plan();
    let after = stored(sandbox, case, &object_id);
    let mut differences = changed_keys(&before, &after, &Value::Null);
    differences.retain(|key| !case.timestamps.contains(&key.as_str()));
    assert_eq!(
        differences,
        [case.field],
        "on the tenant only the changed field differs:\nbefore {before:#}\nafter {after:#}"
    );
    assert_eq!(after[case.field], CHANGED);
    if case.full_replace {
        assert_eq!(
            after["newerFields"]
                .get(NEWER_FIELD)
                .or(after.get(NEWER_FIELD)),
            Some(&json!("gold")),
            "{after:#}"
        );
    }
    wd.destroy();
}

/// The object as `/_sandbox/state` shows it.
fn stored(sandbox: &TestSandbox, case: &Adoption, id: &str) -> Value {
    sandbox
        .clients(case.vendor)
        .into_iter()
        .find(|client| client[case.id_field] == id)
        .unwrap_or_else(|| panic!("{} object {id} is on the tenant", case.vendor))
}

/// The top-level keys whose values differ (a key unknown after apply is not a difference).
fn changed_keys(before: &Value, after: &Value, unknown: &Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut keys: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|key| unknown.get(key.as_str()).is_none_or(|u| u == &json!(false)))
        .filter(|key| before.get(key.as_str()) != after.get(key.as_str()))
        .cloned()
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[test]
fn ibm_verify_client_adopted_with_every_field_keeps_them() {
    let sandbox = TestSandbox::start();
    let created = sandbox.create_object(
        "ibm_verify",
        &json!({
            "clientName": "adopted", "enabled": true, "description": "made by hand",
            "entitlements": ["readUserGroups", "manageUserGroups"],
            "additionalProperties": {"team": "platform", "tier": 2},
            "jwkUri": "https://keys.example.com/jwks.json",
            "overrideSettings": {"restrictScopes": true, "scopes": [{"name": "openid", "description": "sign in"}]},
            "ipFilterOp": "allow", "ipFilters": ["192.0.2.0/24"],
            "additionalConfig": {"clientAuthMethod": "private_key_jwt", "validateClientAssertionJti": true,
                                 "allowedClientAssertionVerificationKeys": ["key-1"]},
        }),
    );
    let import_id = created["id"].as_str().expect("id").to_owned();
    let case = Adoption {
        vendor: "ibm_verify",
        address: "apiclients_ibm_verify_api_client.adopted",
        attribute: "description",
        field: "description",
        timestamps: &[],
        id_field: "id",
        full_replace: true,
    };
    adopt(
        &case,
        &sandbox,
        Workdir::for_sandbox(&sandbox),
        created,
        &import_id,
    );
}

#[test]
fn sailpoint_client_adopted_with_every_field_keeps_them() {
    let sandbox = TestSandbox::start();
    let created = sandbox.create_object(
        "sailpoint",
        &json!({
            "name": "adopted", "description": "made by hand", "businessName": "Platform team",
            "homepageUrl": "https://platform.example.com", "accessTokenValiditySeconds": 900,
            "refreshTokenValiditySeconds": 7200,
            "redirectUris": ["https://platform.example.com/callback"],
            "grantTypes": ["AUTHORIZATION_CODE", "REFRESH_TOKEN"], "accessType": "OFFLINE",
            "type": "CONFIDENTIAL", "enabled": true, "strongAuthSupported": true,
            "claimsSupported": true, "scope": ["sp:scopes:default"],
        }),
    );
    let import_id = created["id"].as_str().expect("id").to_owned();
    let case = Adoption {
        vendor: "sailpoint",
        address: "apiclients_sailpoint_oauth_client.adopted",
        attribute: "description",
        field: "description",
        timestamps: &["modified"],
        id_field: "id",
        full_replace: false,
    };
    adopt(
        &case,
        &sandbox,
        Workdir::for_sandbox(&sandbox),
        created,
        &import_id,
    );
}

#[test]
fn oracle_oam_client_adopted_with_every_field_keeps_them() {
    let sandbox = TestSandbox::start();
    let created = sandbox.create_object(
        "oracle_oam",
        &json!({
            "name": "adopted", "id": "adopted", "idDomain": OAM_DOMAIN, "description": "made by hand",
            "clientType": "CONFIDENTIAL_CLIENT",
            "grantTypes": ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE"],
            "redirectURIs": [{"url": "https://platform.example.com/callback", "isHttps": true}],
            "scopes": ["ResServer1.scope1", "ResServer1.scope2"], "defaultScope": "ResServer1.scope1",
            "attributes": [{"attrName": "team", "attrValue": "platform", "attrType": "static"}],
            "issueTLSClientCertificateBoundAccessTokens": true, "oldSecretRetentionTimeInDays": 3,
        }),
    );
    let case = Adoption {
        vendor: "oracle_oam",
        address: "apiclients_oracle_oam_oauth_client.adopted",
        attribute: "description",
        field: "description",
        timestamps: &[],
        id_field: "id",
        full_replace: false,
    };
    let wd = Workdir::for_sandbox(&sandbox).with_env("OAM_IDENTITY_DOMAIN", OAM_DOMAIN);
    adopt(
        &case,
        &sandbox,
        wd,
        created,
        &format!("{OAM_DOMAIN}/adopted"),
    );
}

#[test]
fn akamai_client_adopted_with_purge_options_and_sub_groups_keeps_them() {
    let sandbox = TestSandbox::start();
    let created = sandbox.create_object(
        "akamai",
        &json!({
            "clientName": "adopted", "clientDescription": "made by hand", "clientType": "CLIENT",
            "authorizedUsers": ["alice"], "notificationEmails": ["ops@example.com"],
            "allowAccountSwitch": true, "canAutoCreateCredential": true,
            "apiAccess": {"allAccessibleApis": false, "apis": [
                {"apiId": 5000, "accessLevel": "READ-ONLY"}, {"apiId": 5801, "accessLevel": "READ-WRITE"}]},
            "groupAccess": {"cloneAuthorizedUserGroups": false, "groups": [
                {"groupId": 1001, "roleId": 11, "isBlocked": true, "subGroups": [
                    {"groupId": 1002, "roleId": 12, "subGroups": [{"groupId": 1003, "roleId": 13}]}]},
                {"groupId": 2001, "roleId": 21}]},
            "ipAcl": {"enable": true, "cidr": ["192.0.2.0/24", "198.51.100.7"]},
            "purgeOptions": {"canPurgeByCacheTag": true, "canPurgeByCpcode": true,
                "cpcodeAccess": {"allCurrentAndNewCpcodes": false, "cpcodes": [7563521, 13243546]}},
        }),
    );
    let import_id = created["clientId"].as_str().expect("clientId").to_owned();
    let case = Adoption {
        vendor: "akamai",
        address: "apiclients_akamai_api_client.adopted",
        attribute: "client_description",
        field: "clientDescription",
        timestamps: &[],
        id_field: "clientId",
        full_replace: true,
    };
    adopt(
        &case,
        &sandbox,
        Workdir::for_sandbox(&sandbox),
        created,
        &import_id,
    );
}
