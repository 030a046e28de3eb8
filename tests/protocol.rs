//! Drives the provider binary exactly as Terraform does: magic cookie, protocol list, AutoMTLS
//! with a fresh ECDSA P-521 client certificate, the handshake line, then gRPC over the Unix
//! socket with a client generated from proto/ by the root build.rs (the framework keeps its
//! protocol types private; this test speaks the protocol as Terraform does, from the same files).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use hyper_util::rt::TokioIo;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::{DigitallySignedStruct, SignatureScheme};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use tonic::transport::{Channel, Endpoint};

#[allow(clippy::all, clippy::pedantic, dead_code)]
mod pb {
    tonic::include_proto!("tfplugin6");
}

#[allow(clippy::all, clippy::pedantic, dead_code)]
mod go_plugin {
    tonic::include_proto!("plugin");
}

use go_plugin::Empty;
use go_plugin::grpc_controller_client::GrpcControllerClient;
use pb::provider_client::ProviderClient;

const COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const BIN: &str = env!("CARGO_BIN_EXE_terraform-provider-apiclients");

/// A client certificate like go-plugin's: self-signed ECDSA P-521 CA for "localhost".
struct ClientCert {
    pem: String,
    der: CertificateDer<'static>,
    key: Vec<u8>,
}

fn client_cert() -> ClientCert {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "HashiCorp");
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::KeyEncipherment,
        rcgen::KeyUsagePurpose::KeyCertSign,
    ];
    params.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
    ];
    let cert = params.self_signed(&key).unwrap();
    ClientCert {
        pem: cert.pem(),
        der: cert.der().clone(),
        key: key.serialize_der(),
    }
}

struct Plugin {
    child: Child,
    socket: String,
    server_cert: CertificateDer<'static>,
    _dir: tempfile::TempDir,
}

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary as Terraform does and reads its handshake line.
fn start(cert: &ClientCert) -> Plugin {
    start_logging(cert, None)
}

/// The same, with `TF_LOG=trace` and the provider's log (stderr) written to `log`.
fn start_logging(cert: &ClientCert, log: Option<&std::path::Path>) -> Plugin {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(BIN);
    match log {
        Some(log) => {
            command
                .env("TF_LOG", "trace")
                .stderr(std::fs::File::create(log).unwrap());
        }
        None => {
            command.env_remove("TF_LOG").stderr(Stdio::inherit());
        }
    }
    let mut child = command
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
        .env("PLUGIN_MIN_PORT", "10000")
        .env("PLUGIN_MAX_PORT", "25000")
        .env("PLUGIN_CLIENT_CERT", &cert.pem)
        .env("PLUGIN_UNIX_SOCKET_DIR", dir.path())
        .env(
            "APICLIENTS_TEST_WIDGET_STORE",
            dir.path().join("widgets.json"),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let parts: Vec<&str> = line.trim_end().split('|').collect();
    assert_eq!(parts.len(), 6, "handshake line: {line:?}");
    assert_eq!(&parts[..3], ["1", "6", "unix"]);
    assert_eq!(parts[4], "grpc");
    assert!(!parts[5].ends_with('='), "RawStd base64 has no padding");
    let der = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(parts[5])
        .unwrap();
    Plugin {
        child,
        socket: parts[3].to_owned(),
        server_cert: CertificateDer::from(der),
        _dir: dir,
    }
}

/// Trusts exactly the server certificate from the handshake, as go-plugin does (a self-signed
/// CA certificate that webpki would refuse as an end entity).
#[derive(Debug)]
struct PinnedServer {
    cert: CertificateDer<'static>,
    algs: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for PinnedServer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        assert_eq!(server_name.to_str(), "localhost");
        if end_entity.as_ref() == self.cert.as_ref() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(
                "unexpected server certificate".into(),
            ))
        }
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.algs)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.algs)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algs.supported_schemes()
    }
}

async fn connect(
    plugin: &Plugin,
    identity: Option<&ClientCert>,
) -> Result<Channel, Box<dyn std::error::Error + Send + Sync>> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = PinnedServer {
        cert: plugin.server_cert.clone(),
        algs: provider.signature_verification_algorithms,
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier));
    let mut config = match identity {
        Some(c) => builder.with_client_auth_cert(
            vec![c.der.clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(c.key.clone())),
        )?,
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let socket = plugin.socket.clone();
    let channel = Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let connector = connector.clone();
            let socket = socket.clone();
            async move {
                let stream = tokio::net::UnixStream::connect(socket).await?;
                let tls = connector
                    .connect(ServerName::try_from("localhost")?.to_owned(), stream)
                    .await?;
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(TokioIo::new(tls))
            }
        }))
        .await?;
    Ok(channel)
}

async fn schema(channel: Channel) -> Result<pb::get_provider_schema::Response, tonic::Status> {
    ProviderClient::new(channel)
        .max_decoding_message_size(256 << 20)
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .map(|r| r.into_inner())
}

fn garbage() -> Option<pb::DynamicValue> {
    Some(pb::DynamicValue {
        msgpack: vec![0xc1, 0x93, 0xff, 0x00, 0x12],
        json: Vec::new(),
    })
}

fn has_error(diags: &[pb::Diagnostic]) -> bool {
    diags
        .iter()
        .any(|d| d.severity == pb::diagnostic::Severity::Error as i32)
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    // A safety net so a broken Shutdown fails the test instead of hanging it.
    for _ in 0..600 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the provider did not exit after Shutdown");
}

#[tokio::test]
async fn serves_schema_over_mutual_tls() {
    let cert = client_cert();
    let plugin = start(&cert);
    let channel = connect(&plugin, Some(&cert)).await.unwrap();
    let resp = schema(channel).await.unwrap();
    assert!(!has_error(&resp.diagnostics));
    let block = resp.provider.unwrap().block.unwrap();
    let names: Vec<_> = block
        .block_types
        .iter()
        .map(|b| b.type_name.as_str())
        .collect();
    assert_eq!(names, ["ibm_verify", "sailpoint", "oracle_oam", "akamai"]);
    let secret = block.block_types[0]
        .block
        .as_ref()
        .unwrap()
        .attributes
        .iter()
        .find(|a| a.name == "client_secret")
        .unwrap();
    assert!(secret.sensitive && secret.optional);
    let caps = resp.server_capabilities.unwrap();
    assert!(caps.plan_destroy && caps.get_provider_schema_optional);
    assert!(caps.move_resource_state && caps.generate_resource_config);
    assert_eq!(
        resp.resource_schemas.contains_key("apiclients_test_widget"),
        cfg!(feature = "test-resources")
    );
}

#[tokio::test]
async fn refuses_clients_without_the_terraform_certificate() {
    let cert = client_cert();
    let plugin = start(&cert);
    let stranger = client_cert();
    let wrong = match connect(&plugin, Some(&stranger)).await {
        Ok(channel) => schema(channel).await.is_err(),
        Err(_) => true,
    };
    assert!(wrong, "a different P-521 certificate must be refused");
    let none = match connect(&plugin, None).await {
        Ok(channel) => schema(channel).await.is_err(),
        Err(_) => true,
    };
    assert!(none, "a client without certificate must be refused");
    // and the rightful client still gets in
    let channel = connect(&plugin, Some(&cert)).await.unwrap();
    assert!(schema(channel).await.is_ok());
}

#[tokio::test]
async fn malformed_values_get_diagnostics_and_the_server_keeps_serving() {
    let cert = client_cert();
    let plugin = start(&cert);
    let channel = connect(&plugin, Some(&cert)).await.unwrap();
    let mut client = ProviderClient::new(channel.clone());

    let r = client
        .validate_provider_config(pb::validate_provider_config::Request { config: garbage() })
        .await
        .unwrap()
        .into_inner();
    assert!(has_error(&r.diagnostics));

    let r = client
        .validate_resource_config(pb::validate_resource_config::Request {
            type_name: "apiclients_test_widget".into(),
            config: garbage(),
            client_capabilities: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(has_error(&r.diagnostics));

    let r = client
        .plan_resource_change(pb::plan_resource_change::Request {
            type_name: "apiclients_test_widget".into(),
            prior_state: garbage(),
            proposed_new_state: garbage(),
            config: garbage(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(has_error(&r.diagnostics));
    assert!(r.planned_state.is_none());

    // an unknown type is a diagnostic too, not a gRPC error
    let r = client
        .validate_resource_config(pb::validate_resource_config::Request {
            type_name: "apiclients_nope".into(),
            config: garbage(),
            client_capabilities: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.detail.contains("apiclients_nope"))
    );

    // identity schemas: one per resource of the provider, typed from the resource schema
    let ids = client
        .get_resource_identity_schemas(pb::get_resource_identity_schemas::Request {})
        .await
        .unwrap()
        .into_inner();
    assert!(ids.diagnostics.is_empty());
    let oam = &ids.identity_schemas["apiclients_oracle_oam_oauth_client"];
    let names: Vec<&str> = oam
        .identity_attributes
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["identity_domain", "client_id"]);
    assert!(
        oam.identity_attributes
            .iter()
            .all(|a| a.r#type == b"\"string\"" && a.required_for_import)
    );
    assert!(ids.identity_schemas.len() >= 5);
    let fns = client
        .get_functions(pb::get_functions::Request {})
        .await
        .unwrap()
        .into_inner();
    let mut names: Vec<&str> = fns.functions.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["edgerc_decode", "edgerc_encode", "token_url"]);
    let decode = &fns.functions["edgerc_decode"];
    assert_eq!(decode.description_kind, pb::StringKind::Markdown as i32);
    assert_eq!(
        decode
            .parameters
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["text", "section"]
    );
    // An argument that does not decode is a function error naming it, not a crash.
    let called = client
        .call_function(pb::call_function::Request {
            name: "edgerc_decode".into(),
            arguments: vec![
                pb::DynamicValue {
                    msgpack: vec![0xc1],
                    json: Vec::new(),
                },
                pb::DynamicValue {
                    msgpack: vec![0xa2, b'c', b'i'],
                    json: Vec::new(),
                },
            ],
        })
        .await
        .unwrap()
        .into_inner();
    let error = called.error.expect("a function error");
    assert_eq!(error.function_argument, Some(0), "{}", error.text);
    let unknown = client
        .call_function(pb::call_function::Request {
            name: "nonesuch".into(),
            arguments: Vec::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(unknown.error.is_some_and(|e| e.text.contains("nonesuch")));

    assert!(schema(channel).await.is_ok(), "still serving");
}

#[tokio::test]
async fn stop_provider_keeps_serving_and_shutdown_exits_zero() {
    let cert = client_cert();
    let mut plugin = start(&cert);
    let channel = connect(&plugin, Some(&cert)).await.unwrap();
    let stop = ProviderClient::new(channel.clone())
        .stop_provider(pb::stop_provider::Request {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(stop.error, "");
    assert!(
        schema(channel.clone()).await.is_ok(),
        "StopProvider must not stop the server"
    );

    GrpcControllerClient::new(channel)
        .shutdown(Empty {})
        .await
        .unwrap();
    let status = wait_exit(&mut plugin.child);
    assert_eq!(status.code(), Some(0));
}

#[cfg(feature = "test-resources")]
#[tokio::test]
async fn widget_lifecycle_over_grpc() {
    use tfplugin::Resource;
    use tfplugin::schema::Schema;
    use tfplugin::value::{Value, decode_msgpack, encode_msgpack};

    let cert = client_cert();
    let plugin = start(&cert);
    let mut client = ProviderClient::new(connect(&plugin, Some(&cert)).await.unwrap());
    let schema: Schema = apiclients::test_resource::TestWidget::new().schema();
    let ty = schema.value_type();
    let dv = |v: &Value| {
        Some(pb::DynamicValue {
            msgpack: encode_msgpack(v, &ty).unwrap(),
            json: Vec::new(),
        })
    };
    let mut config = Value::Object(Default::default());
    config
        .as_object_mut()
        .unwrap()
        .insert("name".into(), "w1".into());
    config
        .as_object_mut()
        .unwrap()
        .insert("size".into(), Value::from(-1));
    let bad = client
        .validate_resource_config(pb::validate_resource_config::Request {
            type_name: "apiclients_test_widget".into(),
            config: dv(&config),
            client_capabilities: None,
        })
        .await
        .unwrap()
        .into_inner();
    let path = bad.diagnostics[0].attribute.as_ref().unwrap();
    assert_eq!(
        path.steps[0].selector,
        Some(pb::attribute_path::step::Selector::AttributeName(
            "size".into()
        ))
    );

    config
        .as_object_mut()
        .unwrap()
        .insert("size".into(), Value::from(1));
    let plan = client
        .plan_resource_change(pb::plan_resource_change::Request {
            type_name: "apiclients_test_widget".into(),
            prior_state: dv(&Value::Null),
            proposed_new_state: dv(&config),
            config: dv(&config),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!has_error(&plan.diagnostics), "{:?}", plan.diagnostics);
    let planned = decode_msgpack(&plan.planned_state.as_ref().unwrap().msgpack, &ty).unwrap();
    assert!(planned.get("id").unwrap().is_unknown());
    assert_eq!(planned.get("mode"), Some(&Value::from("standard")));

    let applied = client
        .apply_resource_change(pb::apply_resource_change::Request {
            type_name: "apiclients_test_widget".into(),
            prior_state: dv(&Value::Null),
            planned_state: plan.planned_state.clone(),
            config: dv(&config),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        !has_error(&applied.diagnostics),
        "{:?}",
        applied.diagnostics
    );
    let state = decode_msgpack(&applied.new_state.as_ref().unwrap().msgpack, &ty).unwrap();
    assert_eq!(state.get("revision"), Some(&Value::from(1)));
    assert!(!state.contains_unknown());

    let read = client
        .read_resource(pb::read_resource::Request {
            type_name: "apiclients_test_widget".into(),
            current_state: applied.new_state.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let refreshed = decode_msgpack(&read.new_state.as_ref().unwrap().msgpack, &ty).unwrap();
    assert_eq!(refreshed, state);

    // State stored as JSON by Terraform, with an attribute this schema no longer has.
    let mut stored: serde_json::Value =
        serde_json::json!({"id": "x1", "name": "w1", "revision": 3, "legacy": true});
    stored["size"] = serde_json::json!(2);
    let upgraded = client
        .upgrade_resource_state(pb::upgrade_resource_state::Request {
            type_name: "apiclients_test_widget".into(),
            version: 0,
            raw_state: Some(pb::RawState {
                json: serde_json::to_vec(&stored).unwrap(),
                flatmap: Default::default(),
            }),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        upgraded.diagnostics.is_empty(),
        "{:?}",
        upgraded.diagnostics
    );
    let v = decode_msgpack(&upgraded.upgraded_state.unwrap().msgpack, &ty).unwrap();
    assert_eq!(v.get("revision"), Some(&Value::from(3)));
    assert_eq!(v.get("legacy"), None);
    assert_eq!(v.get("tags"), Some(&Value::Null));
}

/// The test ephemeral resource over the protocol: its schema in both listings, validation with
/// attribute paths, open with a known configuration (result, renew time, private data), open with
/// an unknown one (no open, an unknown result, deferred only when allowed), renew and close with
/// the private data, the sensitive result redacted from diagnostics and absent from a trace log,
/// and an open in flight cancelled by StopProvider.
#[cfg(feature = "test-resources")]
#[tokio::test]
async fn ephemeral_resource_validate_open_renew_close_over_grpc() {
    use apiclients::test_resource::{SLOW_OPEN, TestToken, read_journal};
    use tfplugin::EphemeralResource;
    use tfplugin::value::{Value, decode_msgpack, encode_msgpack};

    const TYPE: &str = "apiclients_test_token";
    let cert = client_cert();
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("provider.log");
    let plugin = start_logging(&cert, Some(&log));
    let channel = connect(&plugin, Some(&cert)).await.unwrap();
    let mut client = ProviderClient::new(channel.clone());
    let ty = TestToken::new().schema().value_type();
    let journal = logs.path().join("journal.jsonl");
    let config = |pairs: &[(&str, Value)]| {
        let mut object = std::collections::BTreeMap::new();
        for (k, v) in pairs {
            object.insert((*k).to_owned(), v.clone());
        }
        Some(pb::DynamicValue {
            msgpack: encode_msgpack(&Value::Object(object), &ty).unwrap(),
            json: Vec::new(),
        })
    };
    let journal_path = Value::from(journal.display().to_string());

    // Both listings carry it, its token marked sensitive.
    let full = schema(channel.clone()).await.unwrap();
    let token_attr = full.ephemeral_resource_schemas[TYPE]
        .block
        .as_ref()
        .unwrap()
        .attributes
        .iter()
        .find(|a| a.name == "token")
        .unwrap()
        .clone();
    assert!(token_attr.sensitive && token_attr.computed);
    let metadata = client
        .get_metadata(pb::get_metadata::Request {})
        .await
        .unwrap()
        .into_inner();
    assert!(
        metadata
            .ephemeral_resources
            .iter()
            .any(|e| e.type_name == TYPE)
    );

    // Validation: the validators and the type's own check, each at its attribute.
    let bad = client
        .validate_ephemeral_resource_config(pb::validate_ephemeral_resource_config::Request {
            type_name: TYPE.into(),
            config: config(&[("name", "".into()), ("renew_every", "0s".into())]),
        })
        .await
        .unwrap()
        .into_inner();
    let paths: Vec<_> = bad
        .diagnostics
        .iter()
        .map(|d| d.attribute.as_ref().unwrap().steps[0].selector.clone())
        .collect();
    use pb::attribute_path::step::Selector;
    assert_eq!(
        paths,
        [
            Some(Selector::AttributeName("name".into())),
            Some(Selector::AttributeName("renew_every".into()))
        ],
        "{:?}",
        bad.diagnostics
    );
    assert!(bad.diagnostics[1].detail.contains("renew without end"));
    let good = client
        .validate_ephemeral_resource_config(pb::validate_ephemeral_resource_config::Request {
            type_name: TYPE.into(),
            config: config(&[("name", "t1".into()), ("renew_every", Value::Unknown)]),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(good.diagnostics.is_empty(), "{:?}", good.diagnostics);

    // An unknown configuration: nothing is opened, the result is unknown where computed.
    for deferral_allowed in [false, true] {
        let unknown = client
            .open_ephemeral_resource(pb::open_ephemeral_resource::Request {
                type_name: TYPE.into(),
                config: config(&[
                    ("name", Value::Unknown),
                    ("journal_path", journal_path.clone()),
                ]),
                client_capabilities: Some(pb::ClientCapabilities {
                    deferral_allowed,
                    ..Default::default()
                }),
            })
            .await
            .unwrap()
            .into_inner();
        assert!(unknown.diagnostics.is_empty(), "{:?}", unknown.diagnostics);
        let result = decode_msgpack(&unknown.result.unwrap().msgpack, &ty).unwrap();
        assert!(result.get("token").unwrap().is_unknown());
        assert!(result.get("lease_id").unwrap().is_unknown());
        assert_eq!(result.get("journal_path"), Some(&journal_path));
        assert!(unknown.private.is_none() && unknown.renew_at.is_none());
        assert_eq!(
            unknown.deferred.map(|d| d.reason),
            deferral_allowed.then_some(pb::deferred::Reason::ResourceConfigUnknown as i32)
        );
    }
    assert!(read_journal(&journal).is_empty(), "open was not called");

    // A known configuration opens: the result, a renew time, the private data.
    let opened = client
        .open_ephemeral_resource(pb::open_ephemeral_resource::Request {
            type_name: TYPE.into(),
            config: config(&[
                ("name", "t1".into()),
                ("journal_path", journal_path.clone()),
                ("renew_every", "1h".into()),
            ]),
            client_capabilities: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(opened.diagnostics.is_empty(), "{:?}", opened.diagnostics);
    let result = decode_msgpack(&opened.result.unwrap().msgpack, &ty).unwrap();
    let entries = read_journal(&journal);
    assert_eq!(entries.len(), 1);
    let (token, marker) = (
        entries[0].token.clone().unwrap(),
        entries[0].marker.clone().unwrap(),
    );
    assert_eq!(result.get("token"), Some(&Value::from(token.as_str())));
    assert_eq!(result.get("name"), Some(&Value::from("t1")));
    let lease = entries[0].lease_id.clone();
    assert_eq!(result.get("lease_id"), Some(&Value::from(lease.as_str())));
    let renew_at = opened.renew_at.expect("renew_every asks for renewal");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(renew_at.seconds > now + 3000 && renew_at.seconds <= now + 3600);
    let private = opened.private.expect("private data");
    assert!(String::from_utf8_lossy(&private).contains(&marker));

    // Renew hands the private data back and gets new private data.
    let renewed = client
        .renew_ephemeral_resource(pb::renew_ephemeral_resource::Request {
            type_name: TYPE.into(),
            private: Some(private),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(renewed.diagnostics.is_empty(), "{:?}", renewed.diagnostics);
    assert!(renewed.renew_at.is_some());
    let renewed_private = renewed.private.expect("new private data");
    assert!(String::from_utf8_lossy(&renewed_private).contains("\"renewals\":1"));

    // Close gets the renewed private data.
    let closed = client
        .close_ephemeral_resource(pb::close_ephemeral_resource::Request {
            type_name: TYPE.into(),
            private: Some(renewed_private),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(closed.diagnostics.is_empty(), "{:?}", closed.diagnostics);
    let ops: Vec<(String, String, u32)> = read_journal(&journal)
        .into_iter()
        .map(|e| (e.op, e.lease_id, e.renewals))
        .collect();
    assert_eq!(
        ops,
        [
            ("open".into(), lease.clone(), 0),
            ("renew".into(), lease.clone(), 1),
            ("close".into(), lease.clone(), 1)
        ]
    );
    // Private data from elsewhere is an error that does not quote it.
    let forged = client
        .close_ephemeral_resource(pb::close_ephemeral_resource::Request {
            type_name: TYPE.into(),
            private: Some(b"{\"lease_id\":\"forged-private-77\"}".to_vec()),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(has_error(&forged.diagnostics));
    assert!(!format!("{:?}", forged.diagnostics).contains("forged-private-77"));

    // The token is registered for redaction: a diagnostic quoting it shows ***.
    let widget_ty =
        tfplugin::Resource::schema(&apiclients::test_resource::TestWidget::new()).value_type();
    let quoted = client
        .validate_resource_config(pb::validate_resource_config::Request {
            type_name: "apiclients_test_widget".into(),
            config: Some(pb::DynamicValue {
                msgpack: encode_msgpack(
                    &Value::Object(
                        [
                            ("name".to_owned(), Value::from("w")),
                            ("mode".to_owned(), Value::from(token.as_str())),
                        ]
                        .into(),
                    ),
                    &widget_ty,
                )
                .unwrap(),
                json: Vec::new(),
            }),
            client_capabilities: None,
        })
        .await
        .unwrap()
        .into_inner();
    let text = format!("{:?}", quoted.diagnostics);
    assert!(text.contains("mode is \\\"***\\\""), "{text}");
    assert!(!text.contains(&token), "{text}");

    // An open in flight is cancelled by StopProvider, and says so.
    let slow = {
        let mut client = client.clone();
        let config = config(&[
            ("name", format!("{SLOW_OPEN}-1").as_str().into()),
            ("journal_path", journal_path.clone()),
        ]);
        tokio::spawn(async move {
            client
                .open_ephemeral_resource(pb::open_ephemeral_resource::Request {
                    type_name: TYPE.into(),
                    config,
                    client_capabilities: None,
                })
                .await
                .unwrap()
                .into_inner()
        })
    };
    while !read_journal(&journal).iter().any(|e| e.op == "waiting") {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    client
        .stop_provider(pb::stop_provider::Request {})
        .await
        .unwrap();
    let cancelled = slow.await.unwrap();
    assert!(
        cancelled
            .diagnostics
            .iter()
            .any(|d| d.summary == "Operation cancelled"),
        "{:?}",
        cancelled.diagnostics
    );
    assert!(cancelled.result.is_none() && cancelled.private.is_none());

    // The provider's trace log names the RPCs and never the token or the private data.
    drop(plugin);
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert!(log_text.contains("OpenEphemeralResource"), "{log_text}");
    assert!(!log_text.contains(&token), "{log_text}");
    assert!(!log_text.contains(&marker), "{log_text}");
}

#[test]
fn without_the_cookie_it_explains_and_exits_1() {
    let out = Command::new(BIN)
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("This binary is a Terraform plugin"),
        "{stderr}"
    );
    assert!(stderr.contains("--debug"));
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn an_orphaned_provider_shuts_down_when_terraform_is_gone() {
    // A shell stands for Terraform: it starts the provider in the background, prints its pid once
    // the handshake line is out, and exits without calling Shutdown, as a crashed Terraform would.
    let dir = tempfile::tempdir().unwrap();
    let handshake = dir.path().join("handshake");
    let script = r#"
"$0" >"$1" 2>/dev/null </dev/null &
pid=$!
while [ ! -s "$1" ]; do sleep 0.05; done
echo "$pid"
"#;
    let out = Command::new("sh")
        .args(["-c", script, BIN])
        .arg(&handshake)
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .env("PLUGIN_UNIX_SOCKET_DIR", dir.path())
        .output()
        .unwrap();
    let pid: u32 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("provider pid");
    let proc_dir = std::path::PathBuf::from(format!("/proc/{pid}"));
    // Generous bound: the provider checks its parent every second. Zombie or gone both count.
    let gone = (0..200).any(|_| {
        let alive = std::fs::read_to_string(proc_dir.join("stat"))
            .map(|stat| !stat.contains(") Z "))
            .unwrap_or(false);
        if alive {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        !alive
    });
    assert!(gone, "the orphaned provider {pid} is still running");
}
