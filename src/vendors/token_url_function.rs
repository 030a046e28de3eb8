//! `provider::apiclients::token_url(platform, base_url)`: the token endpoint a consumer of a client
//! made here calls for the client-credentials grant, from the same paths the provider's own token
//! requests use (one definition per vendor).

use tfplugin::function::string_argument;
use tfplugin::{Function, FunctionError, Parameter, Type, Value};

use crate::http::Vendor;
use crate::vendors::{join_path, parse_base_url};

/// `token_url(platform, base_url)`.
pub struct TokenUrl;

/// The platforms with a token endpoint, as `platform` names them.
const PLATFORMS: &str = "\"ibm_verify\", \"sailpoint\" or \"oracle_oam\"";

impl Function for TokenUrl {
    fn name(&self) -> &'static str {
        "token_url"
    }

    fn summary(&self) -> &'static str {
        "The OAuth 2.0 token endpoint of a platform's tenant"
    }

    fn description(&self) -> &'static str {
        "Returns the URL a consumer of a client made here calls for a client-credentials token: IBM Security Verify `{tenant}/v1.0/endpoint/default/token`, SailPoint `{base}/oauth/token`, Oracle Access Manager `{base}/oauth2/rest/token` (which also needs the client's identity domain in the `X-OAUTH-IDENTITY-DOMAIN-NAME` header). `base_url` is written as in the provider block (`tenant.verify.ibm.com` means `https://tenant.verify.ibm.com`). Akamai has no token endpoint: EdgeGrid signs every request (see `edgerc_encode`).\n\n```terraform\noutput \"token_url\" {\n  value = provider::apiclients::token_url(\"ibm_verify\", \"https://acme.verify.ibm.com\")\n}\n```"
    }

    fn parameters(&self) -> Vec<Parameter> {
        vec![
            Parameter {
                name: "platform",
                ty: Type::String,
                description: "`ibm_verify`, `sailpoint` or `oracle_oam`.",
            },
            Parameter {
                name: "base_url",
                ty: Type::String,
                description: "The tenant's address, as the provider block's `tenant_url` or `base_url`.",
            },
        ]
    }

    fn returns(&self) -> Type {
        Type::String
    }

    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError> {
        let platform = string_argument(arguments, 0)?;
        let base = string_argument(arguments, 1)?;
        let vendor = Vendor::ALL
            .into_iter()
            .find(|vendor| vendor.config_block() == platform);
        let token_url = match vendor {
            Some(Vendor::IbmVerify) => crate::vendors::ibm_verify::config::token_url,
            Some(Vendor::SailPoint) => crate::vendors::sailpoint::config::token_url,
            Some(Vendor::OracleOam) => {
                |base: &url::Url| join_path(base, crate::vendors::oracle_oam::api::TOKEN_PATH)
            }
            Some(Vendor::Akamai) => {
                return Err(FunctionError::argument(
                    0,
                    format!(
                        "Akamai has no token endpoint (EdgeGrid signs every request; edgerc_encode writes a credential for the tools that sign): platform must be {PLATFORMS}"
                    ),
                ));
            }
            None => {
                return Err(FunctionError::argument(
                    0,
                    format!("platform must be {PLATFORMS}, got {platform:?}"),
                ));
            }
        };
        let url = parse_base_url(base, "base_url", "such as https://tenant.verify.ibm.com")
            .map_err(|error| FunctionError::argument(1, error.to_string()))?;
        Ok(Value::String(token_url(&url).to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(platform: &str, base: &str) -> Result<Value, FunctionError> {
        TokenUrl.call(&[Value::String(platform.into()), Value::String(base.into())])
    }

    #[test]
    fn each_platform_has_the_path_the_provider_uses() {
        assert_eq!(
            call("ibm_verify", "acme.verify.ibm.com/").unwrap(),
            Value::String("https://acme.verify.ibm.com/v1.0/endpoint/default/token".into())
        );
        assert_eq!(
            call("sailpoint", "https://acme.api.identitynow.com").unwrap(),
            Value::String("https://acme.api.identitynow.com/oauth/token".into())
        );
        assert_eq!(
            call("oracle_oam", "http://127.0.0.1:8787").unwrap(),
            Value::String("http://127.0.0.1:8787/oauth2/rest/token".into())
        );
    }

    #[test]
    fn errors_name_the_argument() {
        assert_eq!(
            call("akamai", "x.example.com").unwrap_err().argument,
            Some(0)
        );
        assert_eq!(call("okta", "x.example.com").unwrap_err().argument, Some(0));
        assert_eq!(call("sailpoint", "foo").unwrap_err().argument, Some(1));
    }
}
