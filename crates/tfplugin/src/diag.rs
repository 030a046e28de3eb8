//! Diagnostics with attribute paths, and the single place where plugin-layer errors become
//! diagnostics.
//!
//! Terraform shows a diagnostic's summary and detail to the user and, when it carries an attribute
//! path, points at the offending line of configuration. Every error the plugin layer or a resource
//! reports travels as a `Diagnostic`; gRPC errors are reserved for transport failures because
//! Terraform turns them into the opaque "Plugin error".

use std::fmt;

use thiserror::Error;

use super::value::CodecError;

/// One step of an attribute path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathStep {
    /// An attribute or block name.
    Attribute(String),
    /// A map key.
    Key(String),
    /// A list index.
    Index(i64),
}

/// Where in a configuration or state a diagnostic points, e.g.
/// `AttributePath::root("entitlements").index(0)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AttributePath(pub Vec<PathStep>);

impl AttributePath {
    /// The empty path: the whole object.
    pub fn empty() -> Self {
        AttributePath(Vec::new())
    }

    /// A top-level attribute or block.
    pub fn root(name: impl Into<String>) -> Self {
        AttributePath(vec![PathStep::Attribute(name.into())])
    }

    /// A nested attribute.
    pub fn attr(mut self, name: impl Into<String>) -> Self {
        self.0.push(PathStep::Attribute(name.into()));
        self
    }

    /// An element of a list.
    pub fn index(mut self, index: i64) -> Self {
        self.0.push(PathStep::Index(index));
        self
    }

    /// An element of a map.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.push(PathStep::Key(key.into()));
        self
    }

    /// Whether the path is empty (the whole object).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for AttributePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                PathStep::Attribute(name) if i == 0 => f.write_str(name)?,
                PathStep::Attribute(name) => write!(f, ".{name}")?,
                PathStep::Key(key) => write!(f, "[{key:?}]")?,
                PathStep::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Terraform stops: the operation failed.
    Error,
    /// Terraform shows it and goes on.
    Warning,
}

/// A message for the Terraform user.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// One line saying what happened.
    pub summary: String,
    /// What is wrong and how to fix it.
    pub detail: String,
    /// The attribute it is about, which Terraform points at in the configuration.
    pub path: Option<AttributePath>,
}

impl Diagnostic {
    /// An error.
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            path: None,
        }
    }

    /// A warning.
    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            summary: summary.into(),
            detail: detail.into(),
            path: None,
        }
    }

    /// Points the diagnostic at an attribute.
    /// An error about one top-level attribute's value: the summary names it, the detail says
    /// what is wrong and how to fix it.
    pub fn invalid_attribute(attribute: &str, detail: impl Into<String>) -> Self {
        Diagnostic::error(format!("Invalid value for {attribute}"), detail)
            .at(AttributePath::root(attribute))
    }

    /// A value the plan promised is not known at apply time: a provider bug, said as such.
    pub fn incomplete_plan(attribute: &str) -> Self {
        Diagnostic::error(
            "Incomplete plan",
            format!("{attribute} is not known at apply time. This is a bug in the provider."),
        )
        .at(AttributePath::root(attribute))
    }

    /// Points the diagnostic at an attribute.
    pub fn at(mut self, path: AttributePath) -> Self {
        self.path = Some(path);
        self
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A list of diagnostics; also the error type of every resource method, so that `?` works on
/// any error convertible into a `Diagnostic`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds an error.
    pub fn error(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.push(Diagnostic::error(summary, detail));
    }

    /// Adds a warning.
    pub fn warning(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.push(Diagnostic::warning(summary, detail));
    }

    /// Adds all of `other`, in order.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The diagnostics, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{:?}: {}: {}", d.severity, d.summary, d.detail)?;
        }
        Ok(())
    }
}

impl<E: Into<Diagnostic>> From<E> for Diagnostics {
    fn from(e: E) -> Self {
        Diagnostics(vec![e.into()])
    }
}

/// Failures of the plugin layer itself.
#[derive(Debug, Error)]
pub enum PluginError {
    /// A value from Terraform does not decode.
    #[error("the {what} sent by Terraform could not be decoded: {source}")]
    Decode {
        /// What it was ("prior state", "configuration", …).
        what: &'static str,
        /// Why.
        #[source]
        source: CodecError,
    },
    /// A value for Terraform does not encode.
    #[error("the {what} could not be encoded for Terraform: {source}")]
    Encode {
        /// What it was.
        what: &'static str,
        /// Why.
        #[source]
        source: CodecError,
    },
    /// Terraform named a type this provider does not have.
    #[error("this provider has no {kind} named {name:?}")]
    UnknownType {
        /// "resource type", "data source", …
        kind: &'static str,
        /// The name Terraform sent.
        name: String,
    },
    /// A value does not fit the type's typed state.
    #[error("the {what} does not match the {type_name} schema: {message}")]
    Typed {
        /// What it was.
        what: &'static str,
        /// The type's full name.
        type_name: String,
        /// What the serde bridge said (never a value).
        message: String,
    },
    /// Terraform asked the provider to stop (or a deadline passed).
    #[error("the operation was cancelled because Terraform asked the provider to stop")]
    Cancelled,
    /// An operation needed the provider's configuration before ConfigureProvider.
    #[error("the provider has not been configured yet")]
    NotConfigured,
}

/// The one mapping from plugin-layer errors to what Terraform shows.
impl From<PluginError> for Diagnostic {
    fn from(e: PluginError) -> Self {
        let summary = match &e {
            PluginError::Decode { .. } => "Invalid value from Terraform",
            PluginError::Encode { .. } => "Provider produced a value it cannot encode",
            PluginError::UnknownType { .. } => "Unknown type",
            PluginError::Typed { .. } => "Value does not match the schema",
            PluginError::Cancelled => "Operation cancelled",
            PluginError::NotConfigured => "Provider not configured",
        };
        let hint = match &e {
            PluginError::Decode { .. } => {
                " This is a bug in Terraform or in the provider; please report it."
            }
            PluginError::Encode { .. } | PluginError::Typed { .. } => {
                " This is a bug in the provider; please report it."
            }
            PluginError::UnknownType { .. } => {
                " Check the resource or data source type in your configuration and the provider version."
            }
            PluginError::Cancelled => "",
            PluginError::NotConfigured => {
                " Terraform must configure the provider before using its resources."
            }
        };
        Diagnostic::error(summary, format!("{e}.{hint}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_terraform_addresses() {
        let p = AttributePath::root("entitlements")
            .index(0)
            .attr("name")
            .key("k");
        assert_eq!(p.to_string(), "entitlements[0].name[\"k\"]");
    }

    #[test]
    fn plugin_errors_become_error_diagnostics() {
        let d: Diagnostic = PluginError::UnknownType {
            kind: "resource type",
            name: "x".into(),
        }
        .into();
        assert!(d.is_error());
        assert!(d.detail.contains("\"x\""));
        let ds: Diagnostics = PluginError::Cancelled.into();
        assert!(ds.has_errors());
    }
}
