//! The schema of `apiclients_sailpoint_oauth_client` and its description.

use super::super::api::{AccessType, ClientType, GrantType};
use crate::vendors::rotation::WithRotationByAge as _;
use crate::vendors::{rotation, validators};
use tfplugin::IdentitySchema;
use tfplugin::{Attribute, Schema, Type, Validator};

const DESCRIPTION: &str = r#"Manages an OAuth client (API client) of SailPoint Identity Security Cloud, through the
`/{version}/oauth-clients` API (the provider's `sailpoint { api_version }`, `v3` by default).

The provider must authenticate with a **personal access token** (its client ID and secret): SailPoint
only allows creating, changing and deleting OAuth clients with a token that carries a user context.

## The secret

SailPoint returns the client secret **only in the response to the create call**. The provider stores
it in the state (as a sensitive value) and keeps it there across refreshes and updates. There is no
way to read it again, so:

* after `terraform import`, `secret` is **null** (replace the client, for example with
  `terraform apply -replace=...` or by changing `secret_version`, if you need a secret Terraform
  knows);
* if the outcome of a create is unknown (connection lost after sending it, a gateway error, or
  Terraform cancelled after it was sent), the provider compares the clients of that name with those
  that existed before, so it never creates a duplicate and never touches a client it did not make;
  when it finds the client the create made, it deletes it and creates it again (within
  `max_retries`), so the apply still ends with a known secret. Only when that delete fails is the
  client recorded without a secret and tainted, so that the next apply replaces it.

## Rotation

SailPoint cannot rotate a client's secret: a new secret is a new client. Change `secret_version`
(any number, e.g. increment it), or set `rotate_after` (such as `"2160h"`, 90 days) to have a plan
made once the secret is that old do it; either replaces the client, and the plan says why. Add
`lifecycle { create_before_destroy = true }` so that the new client exists (and works) before the
old one is deleted: without it the old client is deleted first, and nothing works until the new
one's ID and secret reach its users.

## Changes

`name`, `description`, `business_name`, `homepage_url`, the validity periods, `redirect_uris`,
`grant_types`, `access_type`, `enabled`, `strong_auth_supported` and `claims_supported` are changed
in place with one JSON Patch request carrying only the changed fields (a cleared optional field is
set to null). A change of `type`, `internal` or `scope` replaces the client (new ID, new secret).

Attributes SailPoint fills when they are omitted (`type`, `internal`, `scope`,
`refresh_token_validity_seconds`, `strong_auth_supported`, `claims_supported`) take the tenant's
value into the state; removing one of them from the configuration later keeps the current value.

`last_used` is updated by SailPoint at most once a day; it is refreshed on every read and never
causes a diff."#;

/// Rotation by age: the object its warning names, and the path (the schema's description and the
/// plan's rotation).
pub(super) const ROTATION: rotation::Rotation =
    rotation::Rotation::replace("SailPoint OAuth client");

/// The schema.
pub(super) fn schema() -> Schema {
    Schema::new(
        crate::vendors::write_only::secret_holding_block(DESCRIPTION, crate::vendors::write_only::SecretSource::Vendor)
            .attribute(
                Attribute::string("id")
                    .computed()
                    .use_state_for_unknown()
                    .description("ID of the OAuth client (its client ID), assigned by SailPoint."),
            )
            .attribute(
                Attribute::string("name")
                    .required()
                    .validate(Validator::non_empty())
                    .description("Name of the client."),
            )
            .attribute(
                Attribute::string("description")
                    .required()
                    .description("Description of the client."),
            )
            .attribute(
                Attribute::string("business_name")
                    .optional()
                    .description("Name of the business the client belongs to."),
            )
            .attribute(
                Attribute::string("homepage_url")
                    .optional()
                    .validate(Validator::url())
                    .description("Home page of the client: an absolute http:// or https:// URL."),
            )
            .attribute(
                Attribute::number("access_token_validity_seconds")
                    .required()
                    .validate(Validator::int_range(1, i32::MAX.into()))
                    .description("Lifetime of the access tokens issued to the client, in seconds (1 to 2147483647)."),
            )
            .attribute(
                Attribute::number("refresh_token_validity_seconds")
                    .optional()
                    .computed()
                    .validate(Validator::int_range(1, i32::MAX.into()))
                    .use_state_for_unknown()
                    .description("Lifetime of the refresh tokens issued to the client, in seconds (1 to 2147483647). When omitted, the tenant's default applies and is stored in the state."),
            )
            .attribute(
                Attribute::set("redirect_uris", Type::String)
                    .optional()
                    .validate(Validator::not_empty_collection())
                    .validate(Validator::each(validators::redirect_uri()))
                    .description("Redirect URIs (absolute URIs without a fragment). At least one is required with the AUTHORIZATION_CODE grant type. A set: the order is not significant."),
            )
            .attribute(
                Attribute::set("grant_types", Type::String)
                    .required()
                    .validate(Validator::not_empty_collection())
                    .validate(Validator::each(Validator::one_of(GrantType::NAMES)))
                    .description("Grant types the client may use: CLIENT_CREDENTIALS, AUTHORIZATION_CODE and/or REFRESH_TOKEN."),
            )
            .attribute(
                Attribute::string("access_type")
                    .required()
                    .validate(Validator::one_of(AccessType::NAMES))
                    .description("ONLINE (no refresh tokens) or OFFLINE."),
            )
            .attribute(
                Attribute::string("type")
                    .optional()
                    .computed()
                    .use_state_for_unknown()
                    .requires_replace()
                    .validate(Validator::one_of(ClientType::NAMES))
                    .description("CONFIDENTIAL or PUBLIC. Changing it replaces the client. When omitted, SailPoint's default (CONFIDENTIAL) is stored in the state."),
            )
            .attribute(
                Attribute::bool("internal")
                    .optional()
                    .computed()
                    .use_state_for_unknown()
                    .requires_replace()
                    .description("Whether the client is internal to SailPoint. Changing it replaces the client."),
            )
            .attribute(
                Attribute::bool("enabled")
                    .default(true)
                    .description("Whether the client may obtain tokens. Defaults to true."),
            )
            .attribute(
                Attribute::bool("strong_auth_supported")
                    .optional()
                    .computed()
                    .use_state_for_unknown()
                    .description("Whether the client supports strong authentication."),
            )
            .attribute(
                Attribute::bool("claims_supported")
                    .optional()
                    .computed()
                    .use_state_for_unknown()
                    .description("Whether the client supports OpenID Connect claims."),
            )
            .attribute(
                Attribute::set("scope", Type::String)
                    .optional()
                    .computed()
                    .use_state_for_unknown()
                    .requires_replace()
                    .validate(Validator::not_empty_collection())
                    .validate(Validator::each(Validator::non_empty()))
                    .description("Scopes of the client. When omitted, SailPoint assigns sp:scopes:all, which is stored in the state. Changing it replaces the client."),
            )
            .attribute(
                Attribute::string("secret")
                    .computed()
                    .sensitive()
                    .use_state_for_unknown()
                    .description("The client secret, returned by SailPoint only when the client is created. Null after an import."),
            )
            .attribute(
                Attribute::number("secret_version")
                    .optional()
                    .markdown_description(crate::vendors::secret_version::description(
                        ROTATION.path,
                        "SailPoint has no call that rotates a secret, so a change **replaces the client** (a new client ID and secret; the plan shows the replacement); with `lifecycle { create_before_destroy = true }` the new client exists before the old one is deleted, so both work until the apply ends.",
                    )),
            )
            .rotation_by_age(ROTATION.path)
            .attribute(
                Attribute::string("created")
                    .computed()
                    .use_state_for_unknown()
                    .description("When the client was created (RFC 3339)."),
            )
            .attribute(
                Attribute::string("modified")
                    .computed()
                    .description("When the client was last changed (RFC 3339)."),
            )
            .attribute(
                Attribute::string("last_used")
                    .computed()
                    // An update does not use the client: the plan keeps the refreshed value
                    // (null included) instead of showing it as known after apply.
                    .use_state_for_unknown()
                    .description("When the client was last used (RFC 3339), null if never; SailPoint updates it at most once a day."),
            ),
    )
}

/// The identity: the client's ID.
pub(crate) fn identity() -> IdentitySchema {
    IdentitySchema::new().required("id", "The OAuth client's ID, as `id` of the API.")
}
