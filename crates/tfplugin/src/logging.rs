//! Logging to stderr as hclog JSON lines, the format go-plugin re-logs at the right level inside
//! Terraform's own log (`TF_LOG` / `TF_LOG_PROVIDER`).
//!
//! A process-wide redaction registry keeps secrets out of every line: anything registered with
//! [`redact_secret`] is replaced by `***` in the message and in every field before the line is
//! written. The server additionally never logs DynamicValues, only type and attribute names.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::LazyLock;

use parking_lot::RwLock;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

const REDACTED: &str = "***";

static SECRETS: LazyLock<RwLock<Vec<String>>> = LazyLock::new(|| RwLock::new(Vec::new()));

/// Registers a secret: from now on it never appears in a log line. Empty strings are ignored.
pub fn redact_secret(secret: &str) {
    if secret.is_empty() {
        return;
    }
    let mut secrets = SECRETS.write();
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_owned());
        // Longest first, so a secret containing another is redacted whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// Secrets shorter than this are redacted only where they stand alone (not inside a word): a
/// one-letter secret replaced everywhere would mangle every message ("must ***e ***etween"),
/// while the same letters inside a longer word reveal nothing about it.
const SHORT_SECRET: usize = 8;

/// Replaces every registered secret in `text` with `***`.
pub fn redact(text: &str) -> String {
    let secrets = SECRETS.read();
    let mut out = text.to_owned();
    for s in secrets.iter() {
        if !out.contains(s.as_str()) {
            continue;
        }
        out = if s.chars().count() >= SHORT_SECRET {
            out.replace(s.as_str(), REDACTED)
        } else {
            replace_standalone(&out, s)
        };
    }
    out
}

/// `text` with the occurrences of `secret` that no letter or digit touches replaced.
fn replace_standalone(text: &str, secret: &str) -> String {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before: Option<char> = None;
    while let Some(at) = rest.find(secret) {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let prev = head.chars().next_back().or(before);
        let next = tail[secret.len()..].chars().next();
        if is_word(prev) || is_word(next) {
            out.push_str(secret);
            before = secret.chars().next_back();
        } else {
            out.push_str(REDACTED);
            before = REDACTED.chars().next_back();
        }
        rest = &tail[secret.len()..];
    }
    out.push_str(rest);
    out
}

/// The level asked for by `TF_LOG_PROVIDER`, else `TF_LOG`, else warnings only.
pub fn level_from_env() -> LevelFilter {
    let raw = std::env::var("TF_LOG_PROVIDER")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("TF_LOG").ok().filter(|v| !v.is_empty()));
    match raw.map(|v| v.to_ascii_lowercase()).as_deref() {
        Some("trace" | "json") => LevelFilter::TRACE,
        Some("debug") => LevelFilter::DEBUG,
        Some("info") => LevelFilter::INFO,
        Some("warn") => LevelFilter::WARN,
        Some("error") => LevelFilter::ERROR,
        Some("off") => LevelFilter::OFF,
        _ => LevelFilter::WARN,
    }
}

/// Installs the stderr hclog logger for the provider binary `binary_name` (Terraform shows
/// `provider.<binary_name>` in front of its lines). The provider's own crates (`targets`) log at
/// the requested level; dependencies (hyper, h2, rustls) only from warnings up, or they would
/// drown the provider's lines.
pub fn init(binary_name: &str, targets: &[&str]) {
    let level = level_from_env();
    let filter = targets.iter().fold(
        Targets::new().with_default(LevelFilter::WARN.min(level)),
        |filter, target| filter.with_target(*target, level),
    );
    let _ = tracing_subscriber::registry()
        .with(HclogLayer::new(std::io::stderr, binary_name).with_filter(filter))
        .try_init();
}

/// A tracing layer writing hclog JSON lines with redaction.
pub struct HclogLayer<W> {
    make_writer: W,
    /// hclog's `@module`: `provider.<binary name>`.
    module: String,
}

impl<W> HclogLayer<W> {
    /// A layer writing to `make_writer`, naming the module `provider.<binary_name>` as go-plugin expects.
    pub fn new(make_writer: W, binary_name: &str) -> Self {
        HclogLayer {
            make_writer,
            module: format!("provider.{binary_name}"),
        }
    }
}

struct JsonFields {
    message: String,
    fields: serde_json::Map<String, serde_json::Value>,
}

impl Visit for JsonFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, serde_json::Value::String(redact(value)));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, serde_json::Value::Bool(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, serde_json::Value::from(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, serde_json::Value::from(value));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let mut s = String::new();
        let _ = write!(s, "{value:?}");
        self.put(field, serde_json::Value::String(redact(&s)));
    }
}

impl JsonFields {
    fn put(&mut self, field: &Field, value: serde_json::Value) {
        if field.name() == "message" {
            self.message = match value {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
        } else {
            self.fields.insert(field.name().to_owned(), value);
        }
    }
}

fn hclog_level(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "trace",
        Level::DEBUG => "debug",
        Level::INFO => "info",
        Level::WARN => "warn",
        Level::ERROR => "error",
    }
}

impl<S, W> Layer<S> for HclogLayer<W>
where
    S: Subscriber,
    W: for<'a> MakeWriter<'a> + 'static,
{
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut visitor = JsonFields {
            message: String::new(),
            fields: serde_json::Map::new(),
        };
        event.record(&mut visitor);
        let mut line = serde_json::Map::new();
        line.insert(
            "@level".into(),
            hclog_level(event.metadata().level()).into(),
        );
        line.insert("@message".into(), visitor.message.into());
        line.insert("@module".into(), self.module.clone().into());
        line.insert(
            "@timestamp".into(),
            chrono::Utc::now()
                .format("%Y-%m-%dT%H:%M:%S%.6fZ")
                .to_string()
                .into(),
        );
        for (k, v) in visitor.fields {
            line.insert(k, v);
        }
        let mut text = serde_json::Value::Object(line).to_string();
        text.push('\n');
        let mut w = self.make_writer.make_writer();
        let _ = w.write_all(text.as_bytes());
        let _ = w.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl<'a> MakeWriter<'a> for Buffer {
        type Writer = Buffer;
        fn make_writer(&'a self) -> Buffer {
            self.clone()
        }
    }

    #[test]
    fn lines_are_hclog_json_and_secrets_are_redacted() {
        redact_secret("s3cr3t-value-for-log-test");
        let buf = Buffer::default();
        let subscriber = tracing_subscriber::registry()
            .with(HclogLayer::new(buf.clone(), "terraform-provider-example"));
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(
                client = "abc",
                token = "Bearer s3cr3t-value-for-log-test",
                "got s3cr3t-value-for-log-test back"
            );
            tracing::debug!(detail = ?vec!["s3cr3t-value-for-log-test"], "debug");
        });
        let out = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert!(!out.contains("s3cr3t-value-for-log-test"), "{out}");
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["@level"], "info");
        assert_eq!(lines[0]["@message"], "got *** back");
        assert_eq!(lines[0]["@module"], "provider.terraform-provider-example");
        assert_eq!(lines[0]["token"], "Bearer ***");
        assert_eq!(lines[0]["client"], "abc");
        assert!(lines[0]["@timestamp"].as_str().unwrap().ends_with('Z'));
        assert_eq!(lines[1]["@level"], "debug");
    }

    #[test]
    fn a_short_secret_is_redacted_only_where_it_stands_alone() {
        redact_secret("b");
        redact_secret("q7x");
        assert_eq!(
            redact("max_retries must be between 0 and 4294967295"),
            "max_retries must be between 0 and 4294967295"
        );
        assert_eq!(redact("secret=b&next"), "secret=***&next");
        assert_eq!(redact("\"b\" b b"), "\"***\" *** ***");
        assert_eq!(redact("token q7x, not q7xy"), "token ***, not q7xy");
    }

    #[test]
    fn redact_handles_overlapping_secrets() {
        redact_secret("overlap-abc");
        redact_secret("overlap-abc-longer");
        assert_eq!(redact("x overlap-abc-longer y"), "x *** y");
        redact_secret("");
        assert_eq!(redact("plain text"), "plain text");
    }
}
