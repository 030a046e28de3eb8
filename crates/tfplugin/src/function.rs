//! Provider-defined functions (Terraform 1.8+, protocol 6.5): `provider::<name>::<function>(…)`
//! in any expression. A function is pure: the same arguments give the same result, with no network
//! and no provider configuration (Terraform may call it before configuring the provider, and
//! during validate).
//!
//! A function writes its signature ([`Function::parameters`], [`Function::returns`]) and
//! [`Function::call`]; the framework decodes each argument by its parameter's type, encodes the
//! result by the return type, and answers a [`FunctionError`] with the argument it names, which
//! Terraform points at in the call. Arguments are never null or unknown when `call` runs:
//! Terraform refuses a null argument and returns an unknown result for an unknown one, as each
//! parameter declares (`allow_null_value`, `allow_unknown_values` false). A sensitive argument
//! makes the result sensitive (Terraform marks it); the framework logs no argument or result.

use crate::value::{Type, Value};

/// One parameter of a function.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Shown in errors and docs.
    pub name: &'static str,
    /// What the argument is converted to before [`Function::call`] sees it.
    pub ty: Type,
    /// Markdown.
    pub description: &'static str,
}

/// A function's failure: the text Terraform shows, and the argument (0-based) it is about.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{text}")]
pub struct FunctionError {
    /// What went wrong and the fix; never a secret argument's value.
    pub text: String,
    /// The argument it is about, 0-based; `None`: the call as a whole.
    pub argument: Option<usize>,
}

impl FunctionError {
    /// An error about argument `index` (0-based).
    pub fn argument(index: usize, text: impl Into<String>) -> Self {
        FunctionError {
            text: text.into(),
            argument: Some(index),
        }
    }
}

/// A provider-defined function.
pub trait Function: Send + Sync {
    /// The name in `provider::<provider>::<name>(…)`, without any prefix.
    fn name(&self) -> &'static str;
    /// One line for `terraform console` and the docs.
    fn summary(&self) -> &'static str;
    /// Markdown: what it does, and an example.
    fn description(&self) -> &'static str;
    /// The parameters, in call order.
    fn parameters(&self) -> Vec<Parameter>;
    /// The result's type.
    fn returns(&self) -> Type;
    /// The result for `arguments`, one per parameter, decoded by their types.
    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError>;
}

/// The string argument `index`, or the error that names it.
pub fn string_argument(arguments: &[Value], index: usize) -> Result<&str, FunctionError> {
    match arguments.get(index) {
        Some(Value::String(text)) => Ok(text),
        _ => Err(FunctionError::argument(index, "expected a string")),
    }
}
