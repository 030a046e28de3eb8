//! Issue 22: a same-name twin someone else makes in the middle of a burst of creates whose
//! answers are lost is never adopted, deleted, changed or tainted, although the run's record (one
//! list, taken by the first create) cannot see it. For the vendors whose objects carry no creation
//! time (IBM Verify, OAM) what tells it apart is the client ID the provider made for each create
//! (see `Recoverable::sends_own_id`); for Akamai it is the twin's creation time, before the send of
//! the create with its name (SailPoint's case is in tests/acc_sailpoint.rs). The resources are
//! called directly (no Terraform), so that the twin can be made at a chosen moment of the burst.

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use apiclients::provider::ApiClientsProvider;
use apiclients::vendors::akamai::AkamaiApiClientResource;
use apiclients::vendors::akamai::api_client::{
    ApiAccessState, ApiClientState as AkamaiState, ApiState, GroupAccessState,
};
use apiclients::vendors::ibm_verify::IbmVerifyApiClientResource;
use apiclients::vendors::ibm_verify::api_client::ApiClientState;
use apiclients::vendors::oracle_oam::OracleOamOAuthClientResource;
use apiclients::vendors::oracle_oam::oauth_client::OAuthClientState;
use serde_json::{Value, json};
use support::direct::InProcess;
use support::sandbox::TestSandbox;
use tfplugin::{Context, Resource, Tf, Value as TfValue};

const DOMAIN: &str = "TwinDomain";
const BURST: usize = 8;

/// The resource `make` builds from a provider configured for `vendor` on `sandbox` (plus
/// `extra` settings of its block), called directly.
fn direct<R>(
    sandbox: &TestSandbox,
    vendor: &str,
    extra: &[(&str, &str)],
    make: impl FnOnce(&ApiClientsProvider) -> R,
) -> Direct<R> {
    let api = InProcess::configure(sandbox, vendor, extra);
    let resource = make(&api.provider);
    Direct { api, resource }
}

fn requests(sandbox: &TestSandbox, vendor: &str, method: &str) -> Vec<Value> {
    sandbox
        .requests(Some(vendor))
        .into_iter()
        .filter(|r| r["method"] == method)
        .collect()
}

fn path(request: &Value) -> &str {
    request["path"].as_str().unwrap_or_default()
}

/// The first three creates act and lose their answer (504 after acting); the next five are
/// slowed down, so that the twin is made while they are under way.
fn stage_the_burst(sandbox: &TestSandbox, vendor: &str) {
    sandbox.add_fault(
        &json!({"vendor": vendor, "methods": ["POST"], "status": 504, "after": true, "count": 3}),
    );
    sandbox.add_fault(&json!({"vendor": vendor, "methods": ["POST"], "delay_ms": 200, "count": 5}));
}

/// Clears the request log, stages the burst's faults, runs `create` for `burst-0` … `burst-7`
/// concurrently and, once three creates have reached the sandbox, makes the twin with
/// `make_twin`; returns what the creates answered and the twin.
fn burst_with_a_twin<S: Send>(
    sandbox: &TestSandbox,
    vendor: &str,
    create: impl Fn(&str) -> Result<S, String> + Sync,
    make_twin: impl FnOnce() -> Value,
) -> (Vec<S>, Value) {
    sandbox.clear_requests();
    stage_the_burst(sandbox, vendor);
    std::thread::scope(|scope| {
        let create = &create;
        let burst: Vec<_> = (0..BURST)
            .map(|i| scope.spawn(move || create(&format!("burst-{i}")).expect("burst create")))
            .collect();
        let deadline = Instant::now() + Duration::from_secs(30);
        while requests(sandbox, vendor, "POST").len() < 3 {
            assert!(Instant::now() < deadline, "the burst never started");
            std::thread::sleep(Duration::from_millis(10));
        }
        let twin = make_twin();
        let states = burst
            .into_iter()
            .map(|create| create.join().expect("burst thread"))
            .collect();
        (states, twin)
    })
}

/// The next create of `vendor` acts and loses its answer.
fn lose_the_next_answer(sandbox: &TestSandbox, vendor: &str) {
    sandbox.add_fault(
        &json!({"vendor": vendor, "methods": ["POST"], "status": 504, "after": true, "count": 1}),
    );
}

/// The create's partial state (what Terraform would record, tainted) is not the twin.
fn assert_not_recorded(ctx: &Context, twin_id: &str) {
    assert!(
        ctx.take_partial_state()
            .and_then(|s| s.get("id").cloned())
            .is_none_or(|id| id != TfValue::from(twin_id)),
        "not recorded"
    );
}

/// No request with one of `methods` went to a path that names the twin.
fn assert_untouched(
    sandbox: &TestSandbox,
    vendor: &str,
    methods: &[&str],
    names_twin: impl Fn(&str) -> bool,
) {
    for method in methods {
        let touched: Vec<Value> = requests(sandbox, vendor, method)
            .into_iter()
            .filter(|r| names_twin(path(r)))
            .collect();
        assert!(
            touched.is_empty(),
            "the twin was sent a {method}: {touched:?}"
        );
    }
}

/// Each burst name is there once (no duplicate); returns how many clients are called "late".
fn assert_one_per_burst_name<'a>(names: impl Iterator<Item = &'a str> + Clone) -> usize {
    for i in 0..BURST {
        let name = format!("burst-{i}");
        assert_eq!(
            names.clone().filter(|n| *n == name).count(),
            1,
            "{name}: exactly one, no duplicate"
        );
    }
    names.filter(|n| *n == "late").count()
}

/// The resource of one vendor called directly.
struct Direct<R> {
    api: InProcess,
    resource: R,
}

impl<R: Resource> Direct<R> {
    fn context(&self) -> Context {
        InProcess::context(&self.resource)
    }

    fn create(&self, ctx: &Context, planned: R::State) -> Result<R::State, String>
    where
        R::State: Clone,
    {
        self.api.create(&self.resource, ctx, planned)
    }
}

fn ibm_planned(name: &str) -> ApiClientState {
    ApiClientState {
        id: Tf::Unknown,
        client_name: Tf::Known(name.into()),
        entitlements: Tf::Known(["readUserGroups".to_owned()].into()),
        enabled: Tf::Known(true),
        description: Tf::Known("staged".into()),
        client_id: Tf::Unknown,
        client_secret: Tf::Unknown,
        secret_issued_at: Tf::Unknown,
        ..Default::default()
    }
}

#[test]
fn ibm_verify_a_twin_made_mid_burst_is_left_alone() {
    let sandbox = TestSandbox::start();
    let direct = direct(&sandbox, "ibm_verify", &[], |provider| {
        IbmVerifyApiClientResource::new(provider.handle())
    });
    // The token first (a read of a client that does not exist), so that every POST the faults
    // below count is a create.
    let gone = ApiClientState {
        id: Tf::Known("does-not-exist".into()),
        ..Default::default()
    };
    let found = direct
        .api
        .runtime
        .block_on(Resource::read(&direct.resource, &direct.context(), gone))
        .expect("read");
    assert!(found.is_none());
    // One client that existed before the run.
    sandbox.create_object(
        "ibm_verify",
        &json!({"clientName": "existing", "enabled": true, "entitlements": ["readUserGroups"]}),
    );
    let twin_settings = json!({"clientName": "late", "description": "staged", "enabled": true,
        "entitlements": ["readUserGroups"]});
    let (states, twin) = burst_with_a_twin(
        &sandbox,
        "ibm_verify",
        |name| direct.create(&direct.context(), ibm_planned(name)),
        || sandbox.create_object("ibm_verify", &twin_settings),
    );
    for state in &states {
        assert!(state.client_secret.is_known(), "{:?}", state.client_name);
    }
    let twin_key = twin["id"].as_str().expect("twin key").to_owned();
    // The create with the twin's name and settings loses its answer too.
    lose_the_next_answer(&sandbox, "ibm_verify");
    let ctx = direct.context();
    let late = direct
        .create(&ctx, ibm_planned("late"))
        .expect("the lost answer's client is recovered");
    assert_ne!(late.id.as_str(), Some(twin_key.as_str()), "not adopted");
    assert!(late.client_secret.is_known());
    assert_not_recorded(&ctx, &twin_key);
    assert_untouched(&sandbox, "ibm_verify", &["PUT", "DELETE", "PATCH"], |p| {
        p.contains(&twin_key)
    });
    let remote: Vec<Value> = sandbox.admin_get("/_sandbox/state")["ibm_verify"]["clients"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let twin_now = remote
        .iter()
        .find(|c| c["id"] == twin_key.as_str())
        .expect("the twin is still there");
    assert_eq!(twin_now["clientSecret"], twin["clientSecret"], "unchanged");
    let names = remote.iter().filter_map(|c| c["clientName"].as_str());
    assert_eq!(assert_one_per_burst_name(names), 2, "the twin and ours");
    // One paged list for the record; one name search per lost answer (the burst's three and the
    // late one); one POST per create plus the retried none (each lost answer's client was found).
    let gets = requests(&sandbox, "ibm_verify", "GET");
    let record_lists = gets
        .iter()
        .filter(|r| path(r).contains("pagination") && !path(r).contains("search"))
        .count();
    let searches = gets.iter().filter(|r| path(r).contains("search")).count();
    assert_eq!(record_lists, 1, "no list per create");
    assert_eq!(searches, 3 + 1, "a search only after a lost answer");
    assert_eq!(
        requests(&sandbox, "ibm_verify", "POST")
            .iter()
            .filter(|r| path(r) == "/v1.0/apiclients")
            .count(),
        BURST + 1
    );
    // One GET of each create's Location (what the tenant made, issue 33), never of the twin.
    let reads: Vec<&Value> = gets
        .iter()
        .filter(|r| path(r).starts_with("/v1.0/apiclients/"))
        .collect();
    assert_eq!(
        reads.len(),
        BURST + 1,
        "one read-back per create: {reads:?}"
    );
    assert!(
        reads.iter().all(|r| !path(r).contains(&twin_key)),
        "{reads:?}"
    );
}

fn oam_planned(name: &str) -> OAuthClientState {
    OAuthClientState {
        identity_domain: Tf::Known(DOMAIN.into()),
        name: Tf::Known(name.into()),
        description: Tf::Known("staged".into()),
        client_type: Tf::Known("CONFIDENTIAL_CLIENT".into()),
        grant_types: Tf::Known(["CLIENT_CREDENTIALS".to_owned()].into()),
        id: Tf::Unknown,
        client_id: Tf::Unknown,
        client_secret: Tf::Unknown,
        ..Default::default()
    }
}

#[test]
fn oracle_oam_a_twin_made_mid_burst_is_left_alone() {
    let sandbox = TestSandbox::start();
    let direct = direct(
        &sandbox,
        "oracle_oam",
        &[("identity_domain", DOMAIN)],
        |provider| OracleOamOAuthClientResource::new(provider.handle()),
    );
    sandbox.create_object(
        "oracle_oam",
        &json!({"name": "existing", "idDomain": DOMAIN, "grantTypes": ["CLIENT_CREDENTIALS"]}),
    );
    // Same name and settings as the late create (OAM keeps names unique in a domain).
    let twin_settings = json!({"name": "late", "idDomain": DOMAIN, "description": "staged",
        "clientType": "CONFIDENTIAL_CLIENT", "grantTypes": ["CLIENT_CREDENTIALS"]});
    let (states, twin) = burst_with_a_twin(
        &sandbox,
        "oracle_oam",
        |name| direct.create(&direct.context(), oam_planned(name)),
        || sandbox.create_object("oracle_oam", &twin_settings),
    );
    for state in &states {
        assert!(state.client_secret.is_known(), "{:?}", state.name);
    }
    let twin_id = twin["id"].as_str().expect("twin id").to_owned();
    // The late create's POST is refused (the name is taken) and that answer is lost: the look
    // finds the twin, which matches all but the id this create sent. It cannot be placed (a
    // tenant may replace a supplied id): the error names it, and the create is not sent again.
    lose_the_next_answer(&sandbox, "oracle_oam");
    let ctx = direct.context();
    let error = direct
        .create(&ctx, oam_planned("late"))
        .expect_err("the twin cannot be placed");
    assert!(error.contains(&twin_id), "{error}");
    assert!(ctx.take_partial_state().is_none(), "nothing recorded");
    assert_untouched(&sandbox, "oracle_oam", &["PUT", "DELETE"], |p| {
        p.contains(&twin_id) || p.contains("name=late")
    });
    let remote = sandbox.state().oracle_oam.clients;
    let twin_now = remote
        .iter()
        .find(|c| c.id == twin_id)
        .expect("the twin is still there");
    assert_eq!(twin_now.name, "late");
    let names = remote.iter().map(|c| c.name.as_str());
    assert_eq!(assert_one_per_burst_name(names), 1, "the twin alone");
    // One list of the domain for the record, no lookup before a create, no GET after one.
    let gets = requests(&sandbox, "oracle_oam", "GET");
    let domain_lists = gets
        .iter()
        .filter(|r| !path(r).contains("name=") && !path(r).contains("&id="))
        .count();
    assert_eq!(domain_lists, 1, "no list per create: {gets:?}");
    assert!(
        gets.iter().all(|r| !path(r).contains("&id=")),
        "no GET after a create: {gets:?}"
    );
}

fn akamai_planned(name: &str) -> AkamaiState {
    AkamaiState {
        client_name: Tf::Known(name.into()),
        client_description: Tf::Known("staged".into()),
        authorized_users: Tf::Known(BTreeSet::from(["alice".to_owned()])),
        api_access: Tf::Known(ApiAccessState {
            all_accessible_apis: Tf::Known(false),
            apis: Tf::Known(BTreeSet::from([ApiState {
                api_id: Tf::Known(5000),
                access_level: Tf::Known("READ-ONLY".into()),
            }])),
        }),
        group_access: Tf::Known(GroupAccessState {
            clone_authorized_user_groups: Tf::Known(true),
            groups: Tf::Null,
            sub_groups: Tf::Null,
        }),
        id: Tf::Unknown,
        access_token: Tf::Unknown,
        base_url: Tf::Unknown,
        created_by: Tf::Unknown,
        created_date: Tf::Unknown,
        ..Default::default()
    }
}

/// Akamai keeps no names unique and stamps each client's `createdDate`: the twin, made before the
/// late create is sent, is provably someone else's and is never a candidate; the late create's own
/// client, made after the send, is recovered.
#[test]
fn akamai_a_twin_made_mid_burst_is_left_alone() {
    let sandbox = TestSandbox::start();
    let direct = direct(&sandbox, "akamai", &[], |provider| {
        AkamaiApiClientResource::new(provider.handle())
    });
    sandbox.create_object(
        "akamai",
        &json!({"clientName": "existing", "clientType": "CLIENT", "authorizedUsers": ["alice"],
            "apiAccess": {"allAccessibleApis": true}, "groupAccess": {"cloneAuthorizedUserGroups": true}}),
    );
    // Same name and settings as the late create.
    let twin_settings = json!({"clientName": "late", "clientType": "CLIENT", "clientDescription": "staged",
        "authorizedUsers": ["alice"],
        "apiAccess": {"allAccessibleApis": false, "apis": [{"apiId": 5000, "accessLevel": "READ-ONLY"}]},
        "groupAccess": {"cloneAuthorizedUserGroups": true}});
    let (states, twin) = burst_with_a_twin(
        &sandbox,
        "akamai",
        |name| direct.create(&direct.context(), akamai_planned(name)),
        || sandbox.create_object("akamai", &twin_settings),
    );
    for state in &states {
        assert!(state.id.is_known(), "{:?}", state.client_name);
    }
    let twin_id = twin["clientId"].as_str().expect("twin clientId").to_owned();
    lose_the_next_answer(&sandbox, "akamai");
    let ctx = direct.context();
    let late = direct
        .create(&ctx, akamai_planned("late"))
        .expect("the lost answer's client is recovered");
    assert_ne!(late.id.as_str(), Some(twin_id.as_str()), "not adopted");
    assert_not_recorded(&ctx, &twin_id);
    assert_untouched(&sandbox, "akamai", &["PUT", "DELETE", "POST"], |p| {
        p.contains(&twin_id)
    });
    let remote = sandbox.clients("akamai");
    let twin_now = remote
        .iter()
        .find(|c| c["clientId"] == twin_id.as_str())
        .expect("the twin is still there");
    assert_eq!(twin_now["clientDescription"], "staged", "unchanged");
    let names = remote.iter().filter_map(|c| c["clientName"].as_str());
    assert_eq!(assert_one_per_burst_name(names), 2, "the twin and ours");
    // One list for the record, one per lost answer (the burst's three and the late one).
    let lists = requests(&sandbox, "akamai", "GET")
        .iter()
        .filter(|r| path(r).split('?').next() == Some("/identity-management/v3/api-clients"))
        .count();
    assert_eq!(lists, 1 + 3 + 1, "no list per create");
}
