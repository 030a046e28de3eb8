//! The schema of `apiclients_ibm_verify_api_client` and its description.

use crate::vendors::rotation::WithRotationByAge as _;
use crate::vendors::{rotation, write_only};
use tfplugin::IdentitySchema;
use tfplugin::{Attribute, Schema, Type, Validator};

/// What the resource's description says, as the documentation page's intro.
const DESCRIPTION: &str = r#"Manages a privileged **API client** of IBM Security Verify (`/v1.0/apiclients`): a
client_credentials client holding a set of entitlements, for automation that calls the Verify
admin APIs.

The tenant generates the client ID and the client secret unless you set them. Both are read back
after the create (the API answers only with a `Location`) and exported as `client_id` and
`client_secret` (sensitive). Every entitlement is checked against IBM's published catalogue at
plan time; the data source `apiclients_ibm_verify_entitlements` lists it.

## Secret rotation

IBM Verify generates a new secret whenever an update omits it. This resource always sends the
current secret, so an update (entitlements, description, ...) never rotates it by accident.
To rotate on purpose, change `secret_version` (any number, e.g. increment it): the plan shows
`client_secret` as known after apply, the update asks the tenant for a new secret, and the new
secret lands in state. To rotate by age, set `rotate_after` (such as `"2160h"`, 90 days): a plan
made once `secret_issued_at` is that old rotates the same way, in place, and says why. Setting `secret_version` for the first time (from null: created
without it, or after an import) only records the number, and removing it does nothing. When you manage `client_secret` yourself, changing its value updates it in
place and `secret_version` has no effect.

## Import

Import with the client's key (the last segment of the `Location` of its creation, the `id` of the
list API) or with its client ID. After an import `secret_version` is null; a configuration that
already sets it records the number on the next apply without rotating the secret. Terraform 1.5+ `import` blocks
and `terraform plan -generate-config-out` work too; the generated configuration leaves
`client_secret` out (Terraform does not generate sensitive values), which keeps the imported secret."#;

// ---------------------------------------------------------------------------------------------
// Schema

/// Rotation by age: the object its warning names, and the path (the schema's description and the
/// plan's rotation).
pub(super) const ROTATION: rotation::Rotation =
    rotation::Rotation::in_place("IBM Security Verify API client");

pub(super) fn schema() -> Schema {
    Schema::new(
        crate::vendors::write_only::secret_holding_block(DESCRIPTION, crate::vendors::write_only::SecretSource::VendorOrUser)
            .attribute(
                Attribute::string("id")
                    .computed()
                    .use_state_for_unknown()
                    .description("The client's key in the API (the last segment of the Location of its creation); the import ID."),
            )
            .attribute(
                Attribute::string("client_name")
                    .required()
                    .description("Display name of the API client.")
                    .validate(Validator::non_empty()),
            )
            .attribute(
                Attribute::set("entitlements", Type::String)
                    .required()
                    .markdown_description("Entitlements of the client, such as `manageAPIClients` or `readUserGroups`: at least one, each from IBM's catalogue (see the `apiclients_ibm_verify_entitlements` data source). Checked at plan time; a misspelt name gets the closest valid names."),
            )
            .attribute(
                Attribute::bool("enabled")
                    .default(true)
                    .description("Whether the client may obtain tokens. Default true."),
            )
            .attribute(Attribute::string("description").optional().description("Free-text description."))
            .attribute(
                Attribute::string("client_id")
                    .optional()
                    .computed()
                    .requires_replace()
                    .use_state_for_unknown()
                    .description("The OAuth client ID. Generated when left out (by the provider, as a random UUID, the form the tenant's own take); it cannot change, so a new value replaces the client.")
                    .validate(Validator::non_empty()),
            )
            .attribute(
                Attribute::string("client_secret")
                    .optional()
                    .computed()
                    .sensitive()
                    .use_state_for_unknown()
                    .markdown_description("The client secret. Generated when left out (at create by the provider: 40 random letters and digits); changing a configured value updates it in place. To have the tenant generate a new one, change `secret_version`.")
                    .validate(Validator::non_empty()),
            )
            .attribute(
                Attribute::number("secret_version")
                    .optional()
                    .markdown_description(crate::vendors::secret_version::description(
                        ROTATION.path,
                        "the update asks the tenant for a new secret and the old one stops working at once.",
                    )),
            )
            .attribute(
                Attribute::string("ip_filter_op")
                    .optional()
                    .markdown_description("`allow` (only `ip_filters` may use the client) or `deny` (they may not). Requires `ip_filters`; leave both out to disable the IP filter.")
                    .validate(Validator::one_of(&["allow", "deny"])),
            )
            .attribute(
                Attribute::set("ip_filters", Type::String)
                    .optional()
                    .markdown_description("IP addresses or CIDR blocks the filter applies to, such as `10.0.0.0/8`. Requires `ip_filter_op`."),
            )
            .attribute(
                Attribute::string("jwk_uri")
                    .optional()
                    .description("URL of the JWKS holding the keys of the client's signed client assertions.")
                    .validate(Validator::url()),
            )
            .attribute(
                Attribute::single_nested(
                    "override_settings",
                    vec![
                        Attribute::bool("restrict_scopes")
                            .optional()
                            .markdown_description("Whether the client's tokens are limited to `scopes`."),
                        Attribute::list_nested(
                            "scopes",
                            vec![
                                Attribute::string("name")
                                    .required()
                                    .description("Scope name.")
                                    .validate(Validator::non_empty()),
                                Attribute::string("description")
                                    .optional()
                                    .description("Scope description."),
                            ],
                        )
                        .optional()
                        .description("The scopes the client may request; their order does not matter to the API."),
                    ],
                )
                // Optional + computed because Terraform 1.0 crashes planning an optional-only
                // single nested attribute without a prior value; use_state_for_unknown keeps the
                // plan quiet.
                .optional()
                .computed()
                .use_state_for_unknown()
                .markdown_description("Scope override settings (APIClientOverrideSettings). Leaving it out keeps what the tenant holds; set it to `{}` to clear it."),
            )
            .attribute(
                Attribute::single_nested(
                    "additional_config",
                    vec![
                        Attribute::string("client_auth_method")
                            .optional()
                            .markdown_description("Client authentication method at the token endpoint, such as `default`."),
                        Attribute::bool("validate_client_assertion_jti")
                            .optional()
                            .description("Whether the jti of client assertions is checked against replay."),
                        Attribute::set("allowed_client_assertion_verification_keys", Type::String)
                            .optional()
                            .description("Names of the keys allowed to verify client assertions."),
                    ],
                )
                .optional()
                .computed()
                .use_state_for_unknown()
                .markdown_description("Additional client configuration (APIClientAdditionalConfig). Leaving it out keeps what the tenant holds; set it to `{}` to clear it."),
            )
            .attribute(
                Attribute::map("additional_properties", Type::String)
                    .optional()
                    .markdown_description("The API's free-form `additionalProperties` object, as a map of strings. A property the tenant holds as a non-string JSON value (number, object, ...) appears as its JSON text, such as `\"42\"` or `\"{\\\"a\\\":1}\"`, and is sent back with its original type as long as the text still parses to the same JSON value; any other value is sent as a string."),
            )
            .rotation_by_age(ROTATION.path)
            .attribute(write_only::secret_attribute())
            .attribute(write_only::version_attribute()),
    )
}

/// The identity: the client's key, as in `id`.
pub(crate) fn identity() -> IdentitySchema {
    IdentitySchema::new().required(
        "id",
        "The client's key in the API (the `id` of the list API, the last segment of the Location of its creation).",
    )
}
