//! Reader for Akamai's `.edgerc` credential file, compatible with the files Akamai's tools
//! (`edgegrid-python` `EdgeRc`, `edgegrid-golang` `config.go`, Akamai CLI) accept.
//!
//! Format: INI sections (`[default]`, `[ccu]`, …) holding `key = value` (or `key: value`) lines.
//! Required keys: `host`, `client_token`, `client_secret`, `access_token`; optional `max_body`
//! (default 131072), `headers_to_sign` (comma-separated) and `account_key` (Go's account switch
//! key). Other keys are ignored.
//!
//! Rules, and which reference client each follows where they differ:
//! - Key names are case-insensitive and `-` equals `_` (`max-body`, `client-token`), as Python's
//!   `optionxform` does. A key given twice in the selected section (also `max_body` plus
//!   `max-body`) is an error rather than a silent pick of one secret.
//! - Full-line comments start with `#` or `;` (both clients). A `#`/`;` preceded by whitespace
//!   starts an inline comment (Go strips inline comments; Python keeps them in the value, where
//!   they would break authentication anyway — no valid credential contains whitespace).
//! - A value wrapped in matching `"` or `'` is unquoted (Go); Python would keep the quotes, which
//!   no valid credential contains.
//! - Sections with the same name merge (Go); section names are case-sensitive (both).
//! - `host` is a bare host name (optionally `:port`); one trailing `/` is dropped (Python's
//!   sample file has one, Go rejects it), while a scheme or path is rejected with a clear error.
//! - Continuation lines and the special `[DEFAULT]` inheritance of Python's `ConfigParser` are
//!   not supported; Akamai's Go client does not support them either.
//!
//! Errors never contain secret values: syntax errors name only the line number.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::http::Secret;

use super::edgegrid::{DEFAULT_MAX_BODY, EdgeGridCredentials};

/// The credentials and settings of one `.edgerc` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgercSection {
    /// The section name the values came from.
    pub section: String,
    /// API host, e.g. `akab-xxxx.luna.akamaiapis.net` (no scheme, no trailing `/`).
    pub host: String,
    /// Tokens and secret; its `Debug` redacts them.
    pub credentials: EdgeGridCredentials,
    /// Body bytes covered by the POST content hash.
    pub max_body: usize,
    /// Header names to sign, in file order (empty unless the file lists some).
    pub headers_to_sign: Vec<String>,
    /// Account switch key (`account_key`), when present and non-empty.
    pub account_key: Option<String>,
}

/// Why a `.edgerc` file or section could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EdgercError {
    #[error("cannot read .edgerc file {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Wraps a content error from [`load`] with the file it came from.
    #[error("in .edgerc file {}: {source}", path.display())]
    InFile {
        path: PathBuf,
        #[source]
        source: Box<EdgercError>,
    },
    #[error(".edgerc line {line}: {reason}")]
    Syntax { line: usize, reason: &'static str },
    #[error(
        "section \"{section}\" not found in .edgerc; {}",
        describe_sections(found)
    )]
    SectionMissing { section: String, found: Vec<String> },
    #[error("key `{key}` is missing from .edgerc section \"{section}\"")]
    KeyMissing { key: &'static str, section: String },
    #[error("key `{key}` in .edgerc section \"{section}\" has an empty value")]
    EmptyValue { key: String, section: String },
    #[error(
        "key `{key}` is set more than once in .edgerc section \"{section}\" (lines {first_line} and {second_line})"
    )]
    DuplicateKey {
        key: String,
        section: String,
        first_line: usize,
        second_line: usize,
    },
    #[error(
        "`max_body` in .edgerc section \"{section}\" must be a non-negative integer, got {value:?}"
    )]
    InvalidMaxBody { section: String, value: String },
    #[error(
        "`host` in .edgerc section \"{section}\" must be a bare host name such as `akab-xxxx.luna.akamaiapis.net` (no scheme, path or spaces), got {host:?}"
    )]
    InvalidHost { section: String, host: String },
}

impl EdgercError {
    /// The underlying error, looking through the [`EdgercError::InFile`] wrapper that [`load`]
    /// adds, so callers can match on the cause.
    pub fn cause(&self) -> &EdgercError {
        match self {
            EdgercError::InFile { source, .. } => source.cause(),
            other => other,
        }
    }
}

fn describe_sections(found: &[String]) -> String {
    if found.is_empty() {
        "the file has no sections".to_owned()
    } else {
        // Quoted, never in brackets: Terraform prints diagnostics through a colorizer that takes
        // `[default]` (and other color names) for a color code and drops it.
        let names: Vec<String> = found.iter().map(|name| format!("\"{name}\"")).collect();
        format!(
            "sections found: {}; name the one to use in akamai.section (AKAMAI_EDGERC_SECTION)",
            names.join(", ")
        )
    }
}

/// `$HOME/.edgerc`, Akamai's default location; `None` when `HOME` is unset or empty.
pub fn default_path() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|home| !home.is_empty())?;
    Some(PathBuf::from(home).join(".edgerc"))
}

/// Reads `path` and returns `section` from it.
pub fn load(path: &Path, section: &str) -> Result<EdgercSection, EdgercError> {
    let text = std::fs::read_to_string(path).map_err(|source| EdgercError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    parse(&text, section).map_err(|source| EdgercError::InFile {
        path: path.to_owned(),
        source: Box::new(source),
    })
}

/// Parses `.edgerc` text and returns `section` from it.
pub fn parse(text: &str, section: &str) -> Result<EdgercSection, EdgercError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections_found: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let mut entries: Vec<Entry> = Vec::new();

    for (index, raw_line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = raw_line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(after_bracket) = line.strip_prefix('[') {
            let name = parse_section_header(after_bracket, line_number)?;
            if !sections_found.iter().any(|found| found == name) {
                sections_found.push(name.to_owned());
            }
            current = Some(name.to_owned());
            continue;
        }
        let Some(current_section) = current.as_deref() else {
            return Err(EdgercError::Syntax {
                line: line_number,
                reason: "key/value line before any [section] header",
            });
        };
        let Some(delimiter) = line.find(['=', ':']) else {
            return Err(EdgercError::Syntax {
                line: line_number,
                reason: "expected `key = value`, a [section] header or a comment",
            });
        };
        let key = line[..delimiter].trim();
        if key.is_empty() {
            return Err(EdgercError::Syntax {
                line: line_number,
                reason: "missing key name before `=` or `:`",
            });
        }
        if current_section != section {
            continue;
        }
        let key = key.to_lowercase().replace('-', "_");
        let value = parse_value(&line[delimiter + 1..]);
        if let Some(first) = entries.iter().find(|entry| entry.key == key) {
            return Err(EdgercError::DuplicateKey {
                key,
                section: section.to_owned(),
                first_line: first.line,
                second_line: line_number,
            });
        }
        entries.push(Entry {
            key,
            value: value.to_owned(),
            line: line_number,
        });
    }

    if !sections_found.iter().any(|found| found == section) {
        return Err(EdgercError::SectionMissing {
            section: section.to_owned(),
            found: sections_found,
        });
    }
    build_section(section, &entries)
}

struct Entry {
    key: String,
    value: String,
    line: usize,
}

fn parse_section_header(after_bracket: &str, line: usize) -> Result<&str, EdgercError> {
    let Some(close) = after_bracket.rfind(']') else {
        return Err(EdgercError::Syntax {
            line,
            reason: "section header without closing `]`",
        });
    };
    let rest = after_bracket[close + 1..].trim_start();
    if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
        return Err(EdgercError::Syntax {
            line,
            reason: "unexpected text after section header",
        });
    }
    let name = after_bracket[..close].trim();
    if name.is_empty() {
        return Err(EdgercError::Syntax {
            line,
            reason: "empty section name",
        });
    }
    Ok(name)
}

/// Trims, unquotes a value wrapped in matching quotes (which may then be followed by a
/// comment), and otherwise cuts an inline comment that whitespace introduces.
fn parse_value(raw: &str) -> &str {
    let value = raw.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote)
            && let Some(close) = inner.find(quote)
        {
            let rest = inner[close + 1..].trim_start();
            if rest.is_empty() || rest.starts_with('#') || rest.starts_with(';') {
                return &inner[..close];
            }
        }
    }
    let comment_start = value
        .char_indices()
        .zip(value.chars().skip(1))
        .find(|((_, before), after)| before.is_whitespace() && matches!(after, '#' | ';'))
        .map(|((index, _), _)| index);
    match comment_start {
        Some(index) => value[..index].trim_end(),
        None => value,
    }
}

fn build_section(section: &str, entries: &[Entry]) -> Result<EdgercSection, EdgercError> {
    let lookup = |key: &str| {
        entries
            .iter()
            .find(|entry| entry.key == key)
            .map(|entry| entry.value.as_str())
    };
    let required = |key: &'static str| -> Result<String, EdgercError> {
        match lookup(key) {
            None => Err(EdgercError::KeyMissing {
                key,
                section: section.to_owned(),
            }),
            Some("") => Err(EdgercError::EmptyValue {
                key: key.to_owned(),
                section: section.to_owned(),
            }),
            Some(value) => Ok(value.to_owned()),
        }
    };

    let host = validate_host(section, &required("host")?)?;
    let credentials = EdgeGridCredentials {
        client_token: Secret::new(required("client_token")?),
        client_secret: Secret::new(required("client_secret")?),
        access_token: Secret::new(required("access_token")?),
    };
    let max_body = match lookup("max_body") {
        None => DEFAULT_MAX_BODY,
        Some("") => {
            return Err(EdgercError::EmptyValue {
                key: "max_body".to_owned(),
                section: section.to_owned(),
            });
        }
        Some(value) => value
            .parse::<usize>()
            .map_err(|_| EdgercError::InvalidMaxBody {
                section: section.to_owned(),
                value: value.to_owned(),
            })?,
    };
    let headers_to_sign = lookup("headers_to_sign")
        .map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let account_key = lookup("account_key")
        .filter(|key| !key.is_empty())
        .map(str::to_owned);

    Ok(EdgercSection {
        section: section.to_owned(),
        host,
        credentials,
        max_body,
        headers_to_sign,
        account_key,
    })
}

fn validate_host(section: &str, host: &str) -> Result<String, EdgercError> {
    let bare = host.strip_suffix('/').unwrap_or(host);
    let valid = !bare.is_empty()
        && !bare.contains("://")
        && !bare.contains('/')
        && !bare.chars().any(char::is_whitespace);
    if valid {
        Ok(bare.to_owned())
    } else {
        Err(EdgercError::InvalidHost {
            section: section.to_owned(),
            host: host.to_owned(),
        })
    }
}

impl fmt::Display for EdgercSection {
    // A safe one-line description for logs: names where the credentials came from, not them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            ".edgerc section \"{}\" for host {}",
            self.section, self.host
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "SECRETxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=";

    fn full_section(name: &str) -> String {
        format!(
            "[{name}]\nhost = akab-host-{name}.luna.akamaiapis.net\nclient_token = akab-ct-{name}\n\
             client_secret = {SECRET}\naccess_token = akab-at-{name}\n"
        )
    }

    #[test]
    fn edgerc_picks_the_requested_section_with_defaults() {
        let text = format!("{}\n{}", full_section("default"), full_section("ccu"));
        let ccu = parse(&text, "ccu").unwrap();
        assert_eq!(ccu.section, "ccu");
        assert_eq!(ccu.host, "akab-host-ccu.luna.akamaiapis.net");
        assert_eq!(ccu.credentials.client_token, "akab-ct-ccu");
        assert_eq!(ccu.credentials.client_secret, SECRET);
        assert_eq!(ccu.credentials.access_token, "akab-at-ccu");
        assert_eq!(ccu.max_body, DEFAULT_MAX_BODY);
        assert!(ccu.headers_to_sign.is_empty());
        assert_eq!(ccu.account_key, None);
        assert_eq!(
            parse(&text, "default").unwrap().credentials.client_token,
            "akab-ct-default"
        );
    }

    #[test]
    fn edgerc_reads_reference_sample_file_sections() {
        // Sections of edgegrid-python 2.0.9 akamai/edgegrid/test/sample_edgerc.
        let text = "[default]\nhost = xxxx-xxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx.luna.akamaiapis.net/\n\
            client_token = xxxx-xxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx\n\
            client_secret = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\n\
            access_token = xxxx-xxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx\nmax_body = 131072\n\
            [headers]\nhost = h.luna.akamaiapis.net\nclient_token = ct\nclient_secret = cs\n\
            access_token = at\nmax_body = 131072\nheaders_to_sign=X-MyThing1,X-MyThing2\n\
            [dashes]\nhost = h.luna.akamaiapis.net/\nclient-token = ct\nclient-secret = cs\n\
            access-token = at\nmax-body = 4096\n";
        let default = parse(text, "default").unwrap();
        assert_eq!(
            default.host,
            "xxxx-xxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx.luna.akamaiapis.net"
        );
        assert_eq!(
            default.credentials.client_secret,
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx="
        );
        assert_eq!(default.max_body, 131072);
        let headers = parse(text, "headers").unwrap();
        assert_eq!(headers.headers_to_sign, vec!["X-MyThing1", "X-MyThing2"]);
        let dashes = parse(text, "dashes").unwrap();
        assert_eq!(dashes.credentials.client_token, "ct");
        assert_eq!(dashes.credentials.client_secret, "cs");
        assert_eq!(dashes.credentials.access_token, "at");
        assert_eq!(dashes.max_body, 4096);
    }

    #[test]
    fn edgerc_unquotes_values_and_strips_comments_and_whitespace() {
        let text = "\u{feff}# leading comment\n; another\n\n  [default]   # trailing comment\n\
            \thost   =   \"h.example:8443\"  \n\
            client_token: 'ct'  ; why\n\
            client_secret = \"s#;ret\" # quoted keeps # and ;\n\
            access_token = at # inline comment\r\n\
            CLIENT-TOKEN-NOT-USED = x\n\
            account_key = \"\"\n\
            max_body = \"2048\"\n";
        let section = parse(text, "default").unwrap();
        assert_eq!(section.host, "h.example:8443");
        assert_eq!(section.credentials.client_token, "ct");
        assert_eq!(section.credentials.client_secret, "s#;ret");
        assert_eq!(section.credentials.access_token, "at");
        assert_eq!(section.max_body, 2048);
        assert_eq!(section.account_key, None);
    }

    #[test]
    fn edgerc_keeps_hash_without_preceding_space_and_unbalanced_quotes() {
        let text = format!("{}account_key = 1-ABC#x\n", full_section("default"));
        assert_eq!(
            parse(&text, "default").unwrap().account_key.as_deref(),
            Some("1-ABC#x")
        );
        let text = full_section("default").replace("akab-ct-default", "\"ct");
        assert_eq!(
            parse(&text, "default").unwrap().credentials.client_token,
            "\"ct"
        );
    }

    #[test]
    fn edgerc_missing_section_names_it_and_lists_found_sections() {
        let text = format!("{}{}", full_section("default"), full_section("papi"));
        let err = parse(&text, "ccu").unwrap_err();
        match &err {
            EdgercError::SectionMissing { section, found } => {
                assert_eq!(section, "ccu");
                assert_eq!(found, &vec!["default".to_owned(), "papi".to_owned()]);
            }
            other => panic!("unexpected {other:?}"),
        }
        let message = err.to_string();
        assert!(
            message.contains("section \"ccu\" not found")
                && message.contains("\"default\", \"papi\"")
                && !message.contains('['),
            "{message}"
        );
        let empty = parse("# nothing\n", "default").unwrap_err().to_string();
        assert!(empty.contains("no sections"), "{empty}");
        assert!(matches!(
            parse(&text, "Default"),
            Err(EdgercError::SectionMissing { .. })
        ));
    }

    #[test]
    fn edgerc_missing_and_empty_keys_are_named_without_secrets() {
        for key in ["host", "client_token", "client_secret", "access_token"] {
            let text: String = full_section("default")
                .lines()
                .filter(|line| !line.starts_with(key))
                .map(|line| format!("{line}\n"))
                .collect();
            let err = parse(&text, "default").unwrap_err();
            assert!(
                matches!(&err, EdgercError::KeyMissing { key: k, section } if *k == key && section == "default"),
                "{err:?}"
            );
            assert!(err.to_string().contains(key));
            assert!(!err.to_string().contains(SECRET));
        }
        let text = full_section("default").replace(&format!("= {SECRET}"), "= \"\"");
        let err = parse(&text, "default").unwrap_err();
        assert!(
            matches!(&err, EdgercError::EmptyValue { key, section } if key == "client_secret" && section == "default"),
            "{err:?}"
        );
        let text = format!("{}max_body =\n", full_section("default"));
        assert!(
            matches!(parse(&text, "default"), Err(EdgercError::EmptyValue { key, .. }) if key == "max_body")
        );
    }

    #[test]
    fn edgerc_rejects_bad_max_body_host_and_duplicate_keys() {
        // Values of edgegrid-python's edgerc_that_doesnt_parse and its "broken" section.
        let text = format!("{}max_body = xx131072\n", full_section("default"));
        assert!(
            matches!(parse(&text, "default"), Err(EdgercError::InvalidMaxBody { value, .. }) if value == "xx131072")
        );
        let text = full_section("default").replace(
            "akab-host-default.luna.akamaiapis.net",
            "\"https://xxxx.luna.akamaiapis.net/\"",
        );
        let err = parse(&text, "default").unwrap_err();
        assert!(matches!(&err, EdgercError::InvalidHost { .. }), "{err:?}");
        assert!(
            err.to_string()
                .contains("https://xxxx.luna.akamaiapis.net/")
        );
        let text = format!("{}max_body = 1\nmax-body = 2\n", full_section("default"));
        assert!(matches!(
            parse(&text, "default"),
            Err(EdgercError::DuplicateKey { key, first_line: 6, second_line: 7, .. }) if key == "max_body"
        ));
        let text = format!("{}{}", full_section("default"), full_section("default"));
        let err = parse(&text, "default").unwrap_err();
        assert!(
            matches!(&err, EdgercError::DuplicateKey { key, .. } if key == "host"),
            "{err:?}"
        );
    }

    #[test]
    fn edgerc_syntax_errors_give_line_numbers_but_not_content() {
        let cases = [
            ("client_secret = NOTSHOWN\n[default]\n", 1),
            ("[default]\nNOTSHOWN-no-delimiter\n", 2),
            ("[default\n", 1),
            ("[]\n", 1),
            ("[default] NOTSHOWN\n", 1),
            ("[default]\n = NOTSHOWN\n", 2),
        ];
        for (text, expected_line) in cases {
            let err = parse(text, "default").unwrap_err();
            assert!(
                matches!(err, EdgercError::Syntax { line, .. } if line == expected_line),
                "{text:?}: {err:?}"
            );
            assert!(!err.to_string().contains("NOTSHOWN"), "{err}");
        }
    }

    #[test]
    fn edgerc_debug_and_display_hide_credentials() {
        let section = parse(&full_section("default"), "default").unwrap();
        for shown in [format!("{section:?}"), section.to_string()] {
            assert!(!shown.contains(SECRET), "{shown}");
            assert!(
                !shown.contains("akab-ct-default") && !shown.contains("akab-at-default"),
                "{shown}"
            );
        }
    }

    #[test]
    fn edgerc_load_reads_file_and_reports_path_in_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("edgerc");
        std::fs::write(&path, full_section("default")).unwrap();
        assert_eq!(
            load(&path, "default").unwrap().credentials.client_secret,
            SECRET
        );

        let err = load(&path, "other").unwrap_err();
        assert!(
            matches!(err.cause(), EdgercError::SectionMissing { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains(&path.display().to_string()));
    }

    #[test]
    fn edgerc_load_unreadable_paths_name_path_and_os_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("does-not-exist");
        let err = load(&missing, "default").unwrap_err();
        match &err {
            EdgercError::Unreadable { path, source } => {
                assert_eq!(path, &missing);
                assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("does-not-exist"), "{err}");

        let err = load(dir.path(), "default").unwrap_err();
        assert!(matches!(err, EdgercError::Unreadable { .. }), "{err:?}");
        assert!(
            err.to_string().contains(&dir.path().display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn edgerc_default_path_is_home_dot_edgerc() {
        match std::env::var_os("HOME").filter(|home| !home.is_empty()) {
            Some(home) => assert_eq!(default_path(), Some(PathBuf::from(home).join(".edgerc"))),
            None => assert_eq!(default_path(), None),
        }
    }
}
