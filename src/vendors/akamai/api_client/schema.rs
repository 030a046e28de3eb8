//! The schema of `apiclients_akamai_api_client` and its description.

use std::collections::BTreeMap;

use tfplugin::IdentitySchema;
use tfplugin::{Attribute, Schema, Type, Validator};

/// Client types of the create body (`api-client-post-request-v3`).
pub const CLIENT_TYPES: [&str; 2] = ["CLIENT", "USER_CLIENT"];

/// Access levels per API: the spec's two plus the credential-only ones Akamai's provider accepts.
pub const ACCESS_LEVELS: [&str; 4] = [
    "READ-ONLY",
    "READ-WRITE",
    "CREDENTIAL-READ-ONLY",
    "CREDENTIAL-READ-WRITE",
];

const DESCRIPTION: &str = r#"Manages an Akamai Identity and Access Management (IAM) **API client**: which user it acts for,
which Akamai APIs it may call and in which groups, through the `/identity-management/v3/api-clients`
API. The provider signs its calls with EdgeGrid (configure the `akamai` block or `~/.edgerc`).

This resource never creates credentials: manage them with `apiclients_akamai_api_client_credential`,
so that every client secret is created, rotated and deleted explicitly.

## Changes

Everything but `client_name` and `client_type` is changed in place (one `PUT`, a full replace of the
client's settings). Akamai cannot rename a client, and the client type is fixed at creation: changing
either replaces the client (a new ID, a new access token, and its credentials are gone with it).

`lock = true` locks the client (`PUT …/lock`): Akamai then refuses its API calls and any change to
it. To change a locked client, the provider unlocks it, applies the change and locks it again.
While a client is locked, Akamai also refuses to create or change its credentials (they can still be
deactivated and deleted): unlock it in one apply before changing its credentials in the next.

When `notification_emails` is omitted, Akamai fills in the address of the user who created the
client, which is stored in the state; an explicit `[]` is honoured.

Akamai fills in API names, endpoints, group and role names: they are not attributes, so they never
show up as a difference. The `PUT` replaces the client's settings as a whole, so the provider reads
the client right before it and sends back, as the tenant holds them, the purge options and
sub-groups the configuration leaves out and every field it does not model (a group's `isBlocked`,
fields Akamai adds later): a change changes on Akamai exactly what the plan shows.

## Deletion

Akamai refuses to delete a client that still has active credentials. When it refuses, the provider
deactivates all of the client's credentials (including ones Terraform does not manage) and deletes
it again; a client without active credentials is deleted with one `DELETE`.

## Import

```shell
terraform import apiclients_akamai_api_client.example <client_id>
```"#;

fn api_access_attributes() -> Vec<Attribute> {
    vec![
        Attribute::bool("all_accessible_apis")
            .required()
            .description("true: the client may call every API its authorized user may call (`apis` must then be omitted). false: only the APIs in `apis`."),
        // A set of objects rather than a nested attribute: Terraform 1.0 crashes rendering a
        // set-nested attribute inside a single-nested one.
        Attribute::set(
            "apis",
            Type::Object(BTreeMap::from([
                ("api_id".to_owned(), Type::Number),
                ("access_level".to_owned(), Type::String),
            ])),
        )
        .optional()
        .description("The APIs the client may call, required when `all_accessible_apis` is false (Akamai allows at most 99): objects with `api_id` (the API's ID, see Akamai's \"List allowed APIs\" operation) and `access_level` (READ-ONLY, READ-WRITE, CREDENTIAL-READ-ONLY or CREDENTIAL-READ-WRITE)."),
    ]
}

fn group_access_attributes() -> Vec<Attribute> {
    vec![
        Attribute::bool("clone_authorized_user_groups")
            .required()
            .description("true: the client gets the groups and roles of its authorized user (`groups` must then be omitted). false: only the groups in `groups`."),
        Attribute::set(
            "groups",
            Type::Object(BTreeMap::from([
                ("group_id".to_owned(), Type::Number),
                ("role_id".to_owned(), Type::Number),
            ])),
        )
        .optional()
        .description("Groups and roles of the client, required when `clone_authorized_user_groups` is false: objects with `group_id` and `role_id` (the ID of the role the client has in that group)."),
        // Flat, each naming its parent, rather than nested as Akamai nests them (`subGroups` in
        // each group): a recursive object type would make every configuration write
        // `sub_groups = []` at each leaf (an object type's attributes are all required), and a
        // nested attribute here crashes Terraform 1.0.
        Attribute::set(
            "sub_groups",
            Type::Object(BTreeMap::from([
                ("parent_group_id".to_owned(), Type::Number),
                ("group_id".to_owned(), Type::Number),
                ("role_id".to_owned(), Type::Number),
            ])),
        )
        .optional()
        .computed()
        .use_state_for_unknown()
        .description("Sub-groups of `groups` the client has a role in, each naming its parent: objects with `parent_group_id` (a `group_id` of `groups`, or of another sub-group), `group_id` and `role_id`. Akamai nests them under their parent (`subGroups`); the provider sends and reads them so. When omitted, the client keeps the sub-groups it has (an imported client's stay as they are); `[]` removes them."),
    ]
}

fn purge_options_attributes() -> Vec<Attribute> {
    vec![
        Attribute::bool("can_purge_by_cache_tag")
            .required()
            .description("Whether the client may purge content by cache tag."),
        Attribute::bool("can_purge_by_cp_code")
            .required()
            .description("Whether the client may purge content by CP code."),
        // An object rather than a nested attribute: a nested attribute inside a nested
        // attribute is what Terraform 1.0 cannot plan.
        Attribute::new(
            "cp_code_access",
            Type::Object(BTreeMap::from([
                ("all_current_and_new_cp_codes".to_owned(), Type::Bool),
                ("cp_codes".to_owned(), Type::set(Type::Number)),
            ])),
        )
        .required()
        .description("The CP codes the client may purge: an object with `all_current_and_new_cp_codes` (true: every CP code, present and future; `cp_codes` must then be `[]`) and `cp_codes` (the CP codes, as numbers)."),
    ]
}

/// The read-only `actions` object: what the provider's credentials may do with the client.
pub const ACTIONS: [(&str, &str); 11] = [
    ("delete", "delete the client"),
    ("deactivate_all", "deactivate all its credentials"),
    ("edit", "change the client"),
    ("edit_apis", "change the APIs it may call"),
    (
        "edit_auth",
        "change the APIs it may call (the same as `edit_apis`)",
    ),
    ("edit_groups", "change its groups"),
    ("edit_ip_acl", "change its IP ACL"),
    (
        "edit_switch_account",
        "change whether it may switch accounts",
    ),
    ("lock", "lock it"),
    ("transfer", "transfer it to another owner"),
    ("unlock", "unlock it"),
];

fn actions_attribute() -> Attribute {
    let description = ACTIONS
        .iter()
        .map(|(name, what)| format!("`{name}` (may {what})"))
        .collect::<Vec<_>>()
        .join(", ");
    Attribute::new(
        "actions",
        Type::Object(
            ACTIONS
                .iter()
                .map(|(name, _)| ((*name).to_owned(), Type::Bool))
                .collect(),
        ),
    )
    .computed()
    .use_state_for_unknown()
    .description(format!("What the provider's credentials may do with the client, as Akamai reports it: {description}."))
}

fn ip_acl_attributes() -> Vec<Attribute> {
    vec![
        Attribute::bool("enable")
            .required()
            .description("Whether the list is enforced."),
        Attribute::set("cidr", Type::String)
            .required()
            .validate(Validator::not_empty_collection())
            .description(
                "IP addresses or CIDR blocks the client may call from, such as \"192.0.2.0/24\".",
            ),
    ]
}

/// The schema.
pub(super) fn schema() -> Schema {
    Schema::new(
        crate::vendors::write_only::secret_holding_block(
            DESCRIPTION,
            crate::vendors::write_only::SecretSource::ReadableToken {
                token: "access_token",
                secret_in: "apiclients_akamai_api_client_credential",
            },
        )
            .attribute(
                Attribute::string("id")
                    .computed()
                    .use_state_for_unknown()
                    .description("The client ID (`clientId`), assigned by Akamai."),
            )
            .attribute(
                Attribute::string("client_name")
                    .required()
                    .requires_replace()
                    .validate(Validator::non_empty())
                    .description("Name of the client. Akamai cannot rename a client: changing it replaces the client."),
            )
            .attribute(
                Attribute::string("client_description")
                    .optional()
                    .validate(Validator::non_empty())
                    .description("Description of the client."),
            )
            .attribute(
                Attribute::string("client_type")
                    .default("CLIENT")
                    .requires_replace()
                    .validate(Validator::one_of(&CLIENT_TYPES))
                    .description("CLIENT (the creator owns the client and its credentials; the default) or USER_CLIENT (the authorized user owns them). Changing it replaces the client."),
            )
            .attribute(
                Attribute::set("authorized_users", Type::String)
                    .required()
                    .validate(Validator::size(1, 1))
                    .description("The user the client acts for: exactly one username for CLIENT and USER_CLIENT."),
            )
            .attribute(
                Attribute::set("notification_emails", Type::String)
                    .optional()
                    .computed()
                    .use_state_for_unknown()
                    .description("Addresses notified before the client's credentials expire. When omitted, Akamai uses the creator's address, which is stored in the state; `[]` means none."),
            )
            .attribute(
                Attribute::bool("allow_account_switch")
                    .default(false)
                    .description("Whether the client may act on other accounts (account switch keys). Defaults to false."),
            )
            .attribute(
                Attribute::bool("can_auto_create_credential")
                    .default(false)
                    .description("Whether the client may create credentials for new API clients. Defaults to false."),
            )
            .attribute(
                Attribute::single_nested("api_access", api_access_attributes())
                    .required()
                    .description("The Akamai APIs the client may call."),
            )
            .attribute(
                Attribute::single_nested("group_access", group_access_attributes())
                    .required()
                    .description("The groups the client may act in, and its role in each."),
            )
            .attribute(
                // Optional + computed rather than optional: Terraform 1.0 crashes planning an
                // optional single nested attribute that is absent from the configuration.
                Attribute::single_nested("ip_acl", ip_acl_attributes())
                    .optional()
                    .computed()
                    .use_state_for_unknown()
                    .description("Restricts the addresses the client may call Akamai from. Omit it at creation for no restriction. Removing it from the configuration later keeps the current list: set `enable = false` to lift a restriction."),
            )
            .attribute(
                // Optional + computed, like `ip_acl` (Terraform 1.0).
                Attribute::single_nested("purge_options", purge_options_attributes())
                    .optional()
                    .computed()
                    .use_state_for_unknown()
                    .description("The client's Fast Purge (CCU API) rights. Akamai takes them only when the client may call the CCU API (`all_accessible_apis`, or a CCU API in `apis`). Omit it at creation for none. Removing it from the configuration later keeps the current rights (an imported client's stay as they are)."),
            )
            .attribute(
                Attribute::bool("lock")
                    .default(false)
                    .description("true locks the client (its calls are refused, and it cannot be changed until unlocked); false unlocks it. Defaults to false."),
            )
            .attribute(
                Attribute::string("access_token")
                    .computed()
                    .sensitive()
                    .use_state_for_unknown()
                    .description("The client's access token: the `access_token` of every EdgeGrid credential (`.edgerc`) of this client."),
            )
            .attribute(
                Attribute::string("base_url")
                    .computed()
                    .use_state_for_unknown()
                    .description("The client's API host as an URL (`https://akab-….luna.akamaiapis.net`); without `https://` it is the `host` of an `.edgerc` section."),
            )
            .attribute(
                Attribute::string("created_by")
                    .computed()
                    .use_state_for_unknown()
                    .description("The user who created the client."),
            )
            .attribute(
                Attribute::string("created_date")
                    .computed()
                    .use_state_for_unknown()
                    .description("When the client was created (ISO 8601)."),
            )
            .attribute(actions_attribute())
            .attribute(
                Attribute::number("active_credential_count")
                    .computed()
                    .use_state_for_unknown()
                    .description("How many of the client's credentials are active, as of the last refresh. With none, the client can be deleted without interrupting anyone."),
            ),
    )
}

/// The identity: the client ID (`clientId`), as in `id`.
pub(crate) fn identity() -> IdentitySchema {
    IdentitySchema::new().required("id", "The API client's client ID (`clientId`).")
}
