//! The provider's own value rules, as [`Validator::custom`] checks that the vendors' schemas
//! share. A rule the framework's validators can say (one of, length, URL, IP or CIDR, …) is not
//! written here; a rule across attributes belongs in the resource's `validate` (the one two
//! resources share, [`check_code_grant_redirect`], is here for them to call).

use std::collections::BTreeSet;

use tfplugin::{Diagnostic, Problem, Tf, Validator, Value};

/// The rule across attributes OAM and SailPoint share: the `AUTHORIZATION_CODE` grant needs a
/// redirect URI. `noun` is the vendor's word for one (OAM's "URL", SailPoint's "URI").
pub fn check_code_grant_redirect(
    grant_types: &Tf<BTreeSet<String>>,
    redirect_uris: &Tf<BTreeSet<String>>,
    noun: &str,
) -> Option<Diagnostic> {
    let Tf::Known(grants) = grant_types else {
        return None;
    };
    (grants.contains("AUTHORIZATION_CODE") && redirect_uris.is_null()).then(|| {
        Diagnostic::invalid_attribute(
            "redirect_uris",
            format!("redirect_uris must contain at least one {noun} when grant_types includes AUTHORIZATION_CODE. Add the client's redirect {noun}s or remove that grant type."),
        )
    })
}

/// An OAuth redirect URL that must be http(s): an absolute URL with a host and no fragment
/// (Oracle Access Manager, whose `isHttps` flag is derived from the scheme). For an element of a
/// set (`Validator::each`).
pub fn http_redirect_url() -> Validator {
    Validator::custom(|value| {
        let uri = value.as_str()?;
        let problem = match url::Url::parse(uri) {
            Err(_) => "is not an absolute URL",
            Ok(parsed) if !matches!(parsed.scheme(), "http" | "https") => {
                "is not an http:// or https:// URL"
            }
            Ok(parsed) if !parsed.has_host() => "has no host",
            Ok(parsed) if parsed.fragment().is_some() => FRAGMENT,
            Ok(_) => return None,
        };
        Some(Problem::new(format!(
            "contains {uri:?}, which {problem}. Use an absolute URL such as \"https://app.example.com/callback\"."
        )))
    })
}

/// An OAuth redirect URI of any scheme (a native app's `com.example.app:/callback` too): absolute,
/// no fragment, and an http(s) URI has a host (SailPoint). For an element of a set.
pub fn redirect_uri() -> Validator {
    Validator::custom(|value| {
        let uri = value.as_str()?;
        let problem = match url::Url::parse(uri) {
            Err(_) => "is not an absolute URI",
            Ok(parsed) if parsed.fragment().is_some() => FRAGMENT,
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && !parsed.has_host() => {
                "has no host"
            }
            Ok(_) => return None,
        };
        Some(Problem::new(format!(
            "contains {uri:?}, which {problem}. Use an absolute URI such as \"https://app.example.com/callback\"."
        )))
    })
}

/// RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component."
const FRAGMENT: &str = "has a fragment (#...), which OAuth 2.0 forbids in a redirect URI";

/// An RFC 3339 date-time (Akamai's `expiresOn`).
pub fn rfc3339() -> Validator {
    Validator::custom(|value: &Value| {
        let text = value.as_str()?;
        chrono::DateTime::parse_from_rfc3339(text).is_err().then(|| {
            Problem::new(format!(
                "is {text:?}, which is not an RFC 3339 date-time. Use a value such as \"2027-01-31T00:00:00.000Z\"."
            ))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfplugin::{Attribute, AttributePath, Block, Diagnostics, Type};

    fn problems(validator: Validator, values: &[&str]) -> Vec<String> {
        let block = Block::new().attribute(
            Attribute::set("redirect_uris", Type::String)
                .optional()
                .validate(Validator::each(validator)),
        );
        let config = Value::Object(
            [(
                "redirect_uris".to_owned(),
                Value::Set(values.iter().map(|v| Value::from(*v)).collect()),
            )]
            .into(),
        );
        let mut diags = Diagnostics::new();
        tfplugin::validate::validate_block(&block, &config, &AttributePath::default(), &mut diags);
        diags.iter().map(|d| d.detail.clone()).collect()
    }

    #[test]
    fn redirect_rules() {
        assert_eq!(
            problems(
                http_redirect_url(),
                &["app.example.com/cb", "https://a.example/cb"]
            ),
            [
                "redirect_uris contains \"app.example.com/cb\", which is not an absolute URL. Use an absolute URL such as \"https://app.example.com/callback\"."
            ]
        );
        assert_eq!(
            problems(http_redirect_url(), &["com.example.app:/cb"]).len(),
            1
        );
        assert_eq!(
            problems(http_redirect_url(), &["https://a.example/cb#x"]).len(),
            1
        );
        assert!(
            problems(
                redirect_uri(),
                &["com.example.app:/cb", "https://a.example/cb"]
            )
            .is_empty()
        );
        assert_eq!(
            problems(redirect_uri(), &["not a uri", "https://a.example/#x"]).len(),
            2
        );
    }
}
