//! The schema of `apiclients_akamai_api_client_credential` and its description.

use crate::vendors::rotation::WithRotationByAge as _;
use crate::vendors::{rotation, validators};
use tfplugin::IdentitySchema;
use tfplugin::{Attribute, Schema, Validator};

/// The statuses a configuration may ask for (`DELETED` is what a delete does).
pub const STATUSES: [&str; 2] = ["ACTIVE", "INACTIVE"];

const DESCRIPTION: &str = r#"Manages one credential of an Akamai IAM API client (`/identity-management/v3/api-clients/{clientId}/credentials`).
An EdgeGrid credential (an `.edgerc` section) is four values: the API `host`, this credential's
`client_token` and `client_secret`, and the client's `access_token` (an attribute of
`apiclients_akamai_api_client`).

## The secret

Akamai returns the client secret **only in the response to the create call**. The provider stores
it in the state (as a sensitive value) and keeps it there. There is no way to read it again, so:

* after `terraform import`, `client_secret` is **null** (replace the credential, for example with
  `terraform apply -replace=...`, if you need a secret Terraform knows);
* if the outcome of a create is unknown (connection lost after sending it, a gateway error, or
  Terraform cancelled after it was sent), the provider compares the client's credentials with those
  it had before, so it never creates a second one by accident and never touches one it did not
  make: a new credential it finds is deactivated and deleted and the create repeated (within
  `max_retries`), so the apply still ends with a known secret. Only when that fails is it recorded
  without a secret and tainted, so that the next apply replaces it.

## Changes

`description`, `status` (`ACTIVE` or `INACTIVE`) and `expires_on` are changed in place. Akamai sets
new credentials to expire after two years; `expires_on` may move that date, but not into the past and
not after `max_allowed_expiry` (checked at plan time).

While its API client is locked (`lock = true` on `apiclients_akamai_api_client`, or locked outside
Terraform), Akamai refuses to create or change a credential; the error names the lock. The provider
does not unlock the client for you (a lock may answer an incident): set `lock = false` and apply,
then lock it again in a later apply. Deactivating and deleting a credential work while locked.

## Rotation

A credential's secret never changes: rotating means a new credential. Either keep two credential
resources and move the users from the old one to the new one before deactivating (`status =
"INACTIVE"`) and removing the old one (no downtime, as long as you like in between), or set
`rotate_after` (such as `"2160h"`, 90 days) with `lifecycle { create_before_destroy = true }`: a
plan made once the credential is that old, or within 30 days of its `expires_on`, replaces it,
the new credential existing before the old one is deactivated and deleted, and says why.
`rotate_after` cannot be combined with a configured `expires_on` (every new credential would get
the same date); Akamai's default gives each new credential two years.

## Deletion

Akamai deletes only inactive credentials: the provider deactivates the credential, then deletes it
(one already `INACTIVE` is deleted at once).

## Import

The ID is `<client_id>/<credential_id>`:

```shell
terraform import apiclients_akamai_api_client_credential.example 1a2b3c4d5e6f7g8h/123456
```"#;

/// Rotation by age: the object its warning names, and the path (the schema's description and the
/// plan's rotation).
pub(super) const ROTATION: rotation::Rotation =
    rotation::Rotation::replace("Akamai API client credential");

/// The schema.
pub(super) fn schema() -> Schema {
    Schema::new(
        crate::vendors::write_only::secret_holding_block(DESCRIPTION, crate::vendors::write_only::SecretSource::Vendor)
            .attribute(
                Attribute::string("id")
                    .computed()
                    .use_state_for_unknown()
                    .description("The credential ID (`credentialId`), assigned by Akamai."),
            )
            .attribute(
                Attribute::string("client_id")
                    .required()
                    .requires_replace()
                    .validate(Validator::non_empty())
                    .description("ID of the API client the credential belongs to. Changing it replaces the credential."),
            )
            .attribute(
                Attribute::string("description")
                    .optional()
                    .validate(Validator::non_empty())
                    .description("Description of the credential."),
            )
            .attribute(
                Attribute::string("status")
                    .default("ACTIVE")
                    .validate(Validator::one_of(&STATUSES))
                    .description("ACTIVE (the default) or INACTIVE. An inactive credential cannot sign requests; it can be activated again."),
            )
            .attribute(
                Attribute::string("expires_on")
                    .optional()
                    .computed()
                    .use_state_for_unknown()
                    .validate(validators::rfc3339())
                    .description("When the credential expires (RFC 3339, such as \"2027-01-31T00:00:00.000Z\"; sent to Akamai with milliseconds whatever the precision written). Akamai's default is two years after creation; it must be in the future and not after `max_allowed_expiry`."),
            )
            .attribute(
                Attribute::string("client_token")
                    .computed()
                    .sensitive()
                    .use_state_for_unknown()
                    .description("The credential's client token (`client_token` of an `.edgerc` section)."),
            )
            .attribute(
                Attribute::string("client_secret")
                    .computed()
                    .sensitive()
                    .use_state_for_unknown()
                    .description("The credential's client secret (`client_secret` of an `.edgerc` section), returned by Akamai only when the credential is created. Null after an import."),
            )
            .attribute(
                Attribute::string("created_on")
                    .computed()
                    .use_state_for_unknown()
                    .description("When the credential was created (ISO 8601)."),
            )
            .rotation_by_age(ROTATION.path)
            .attribute(
                Attribute::string("max_allowed_expiry")
                    .computed()
                    .use_state_for_unknown()
                    .description("The latest `expires_on` Akamai accepts for this credential (ISO 8601)."),
            ),
    )
}

/// The identity: the API client's ID and the credential's ID within it.
pub(crate) fn identity() -> IdentitySchema {
    IdentitySchema::new()
        .required(
            "client_id",
            "The client ID of the API client the credential belongs to.",
        )
        .required(
            "id",
            "The credential's ID (`credentialId`, a number written as a string).",
        )
}
