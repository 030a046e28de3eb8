//! `provider::apiclients::edgerc_encode` and `edgerc_decode`: an Akamai credential as the
//! `.edgerc` text Akamai's own tools read (edgegrid-python's `EdgeRc`, edgegrid-golang, the Akamai
//! CLI), and back, with the one parser the provider's `edgerc` setting uses ([`super::edgerc`]).

use std::collections::BTreeMap;

use tfplugin::function::string_argument;
use tfplugin::{Function, FunctionError, Parameter, Type, Value};

use super::edgerc;

/// The four keys of a credential, in the order the file lists them (as Akamai's sample does).
const KEYS: [&str; 4] = ["client_secret", "host", "access_token", "client_token"];

fn credential_type() -> Type {
    Type::Object(
        KEYS.iter()
            .map(|k| ((*k).to_owned(), Type::String))
            .collect(),
    )
}

/// A section name Akamai's readers accept: no brackets, no line breaks, not empty.
fn check_section(section: &str, index: usize) -> Result<(), FunctionError> {
    if section.trim().is_empty() || section.contains(['[', ']', '\n', '\r']) {
        return Err(FunctionError::argument(
            index,
            "section must be a name such as \"default\" or \"ccu\", without brackets or line breaks",
        ));
    }
    Ok(())
}

/// `edgerc_encode(credential, section)`.
pub struct EdgercEncode;

impl Function for EdgercEncode {
    fn name(&self) -> &'static str {
        "edgerc_encode"
    }

    fn summary(&self) -> &'static str {
        "An Akamai credential as the text of a .edgerc section"
    }

    fn description(&self) -> &'static str {
        "Returns the `.edgerc` text of one section holding `credential`'s `host`, `client_token`, `client_secret` and `access_token`, as Akamai's own tools (edgegrid-python, edgegrid-golang, the Akamai CLI) read it. `credential` is the ephemeral `apiclients_akamai_api_client_credential`, or any object with those four strings (other attributes are ignored); for a managed credential, take `client_token` and `client_secret` from `apiclients_akamai_api_client_credential` and `access_token` and the host (`base_url` without `https://`) from its `apiclients_akamai_api_client`. The result is sensitive when the secret is.\n\n```terraform\nresource \"local_sensitive_file\" \"edgerc\" {\n  filename = \"${path.module}/.edgerc\"\n  content  = provider::apiclients::edgerc_encode({\n    host          = trimprefix(apiclients_akamai_api_client.ci.base_url, \"https://\")\n    access_token  = apiclients_akamai_api_client.ci.access_token\n    client_token  = apiclients_akamai_api_client_credential.ci.client_token\n    client_secret = apiclients_akamai_api_client_credential.ci.client_secret\n  }, \"ci\")\n}\n```"
    }

    fn parameters(&self) -> Vec<Parameter> {
        vec![
            Parameter {
                name: "credential",
                ty: credential_type(),
                description: "An object with `host`, `client_token`, `client_secret` and `access_token`.",
            },
            Parameter {
                name: "section",
                ty: Type::String,
                description: "The section name, such as `default`.",
            },
        ]
    }

    fn returns(&self) -> Type {
        Type::String
    }

    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError> {
        let Some(Value::Object(credential)) = arguments.first() else {
            return Err(FunctionError::argument(0, "expected an object"));
        };
        let section = string_argument(arguments, 1)?;
        check_section(section, 1)?;
        let mut text = format!("[{section}]\n");
        for key in KEYS {
            let value = match credential.get(key) {
                Some(Value::String(value)) if !value.trim().is_empty() => value.trim(),
                _ => {
                    return Err(FunctionError::argument(
                        0,
                        format!(
                            "credential.{key} is null or empty: the credential must have all of host, client_token, client_secret and access_token"
                        ),
                    ));
                }
            };
            if value.contains(['\n', '\r']) {
                return Err(FunctionError::argument(
                    0,
                    format!("credential.{key} contains a line break"),
                ));
            }
            text.push_str(&format!("{key} = {value}\n"));
        }
        // Read back with the provider's parser, so what is returned is what `edgerc` accepts
        // (a host with a scheme or path is refused here, not by the tool that reads the file).
        edgerc::parse(&text, section)
            .map_err(|error| FunctionError::argument(0, error.to_string()))?;
        Ok(Value::String(text))
    }
}

/// `edgerc_decode(text, section)`.
pub struct EdgercDecode;

impl Function for EdgercDecode {
    fn name(&self) -> &'static str {
        "edgerc_decode"
    }

    fn summary(&self) -> &'static str {
        "The credential in one section of .edgerc text"
    }

    fn description(&self) -> &'static str {
        "Returns `host`, `client_token`, `client_secret` and `access_token` of `section` in `.edgerc` text, with the rules and errors of the provider's `akamai.edgerc` setting (INI sections, `key = value` or `key: value`, `#`/`;` comments, quoted values). Wrap the text in `sensitive()` if it does not come from a sensitive value already.\n\n```terraform\nlocals {\n  ci = provider::apiclients::edgerc_decode(sensitive(file(\"~/.edgerc\")), \"ci\")\n}\n```"
    }

    fn parameters(&self) -> Vec<Parameter> {
        vec![
            Parameter {
                name: "text",
                ty: Type::String,
                description: "The `.edgerc` text.",
            },
            Parameter {
                name: "section",
                ty: Type::String,
                description: "The section to read, such as `default`.",
            },
        ]
    }

    fn returns(&self) -> Type {
        credential_type()
    }

    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError> {
        let text = string_argument(arguments, 0)?;
        let section = string_argument(arguments, 1)?;
        let parsed = edgerc::parse(text, section).map_err(|error| {
            let index = match error.cause() {
                edgerc::EdgercError::SectionMissing { .. } => 1,
                _ => 0,
            };
            FunctionError::argument(index, error.to_string())
        })?;
        let credentials = &parsed.credentials;
        let object: BTreeMap<String, Value> = [
            ("host", parsed.host.clone()),
            ("client_token", credentials.client_token.expose().to_owned()),
            (
                "client_secret",
                credentials.client_secret.expose().to_owned(),
            ),
            ("access_token", credentials.access_token.expose().to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::String(v)))
        .collect();
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credential() -> Value {
        Value::Object(
            [
                ("host", "akab-h.luna.akamaiapis.net"),
                ("client_token", "akab-ct"),
                ("client_secret", "s3cret="),
                ("access_token", "akab-at"),
                ("credential_id", "ignored"),
            ]
            .into_iter()
            .filter(|(k, _)| KEYS.contains(k))
            .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
            .collect(),
        )
    }

    #[test]
    fn encode_then_decode_gives_the_credential_back() {
        let text = EdgercEncode
            .call(&[credential(), Value::String("ci".into())])
            .unwrap();
        let Value::String(text) = &text else { panic!() };
        assert!(
            text.starts_with("[ci]\nclient_secret = s3cret=\n"),
            "{text}"
        );
        let back = EdgercDecode
            .call(&[Value::String(text.clone()), Value::String("ci".into())])
            .unwrap();
        assert_eq!(back, credential());
    }

    #[test]
    fn errors_name_the_argument_and_never_the_secret() {
        let bad_section = EdgercEncode
            .call(&[credential(), Value::String("a]b".into())])
            .unwrap_err();
        assert_eq!(bad_section.argument, Some(1));
        let Value::Object(mut without) = credential() else {
            panic!()
        };
        without.insert("client_secret".into(), Value::String(String::new()));
        let missing = EdgercEncode
            .call(&[Value::Object(without), Value::String("ci".into())])
            .unwrap_err();
        assert_eq!(missing.argument, Some(0));
        assert!(
            missing.text.contains("credential.client_secret"),
            "{}",
            missing.text
        );
        let absent = EdgercDecode
            .call(&[
                Value::String("[default]\nclient_secret = s3cret=\n".into()),
                Value::String("ci".into()),
            ])
            .unwrap_err();
        assert_eq!(absent.argument, Some(1));
        assert!(!absent.text.contains("s3cret"), "{}", absent.text);
        let incomplete = EdgercDecode
            .call(&[
                Value::String("[ci]\nclient_secret = s3cret=\n".into()),
                Value::String("ci".into()),
            ])
            .unwrap_err();
        assert_eq!(incomplete.argument, Some(0));
        assert!(!incomplete.text.contains("s3cret"), "{}", incomplete.text);
    }
}
