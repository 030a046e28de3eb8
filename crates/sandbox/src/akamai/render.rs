//! Responses of the Akamai IAM emulator, shaped as the OpenAPI schemas say (`api-client-detail-v3`,
//! the list item, `credential-nosecret`), keys in the schema's order.

use serde_json::{Map, Value, json};

use super::model::{ApiClient, Credential};
use crate::clock::format_millis;

/// Which optional parts of a client to show.
#[derive(Clone, Copy)]
pub struct Include {
    pub actions: bool,
    pub group_access: bool,
    pub api_access: bool,
    pub credentials: bool,
    pub ip_acl: bool,
}

impl Include {
    pub const ALL: Include = Include {
        actions: true,
        group_access: true,
        api_access: true,
        credentials: true,
        ip_acl: true,
    };
}

pub fn client_actions(client: &ApiClient) -> Value {
    let editable = !client.is_locked;
    let active = client.active_credential_count();
    json!({
        "delete": active == 0,
        "deactivateAll": active > 0,
        "edit": editable,
        "editApis": editable,
        "editAuth": editable,
        "editGroups": editable,
        "editIpAcl": editable,
        "editSwitchAccount": editable,
        "lock": !client.is_locked,
        "transfer": true,
        "unlock": client.is_locked,
    })
}

pub fn credential_actions(credential: &Credential) -> Value {
    let status = credential.status.as_str();
    json!({
        "delete": status != "ACTIVE",
        "activate": status == "INACTIVE",
        "deactivate": status == "ACTIVE",
        "editDescription": status != "DELETED",
        "editExpiration": status != "DELETED",
    })
}

/// `api-client-detail-v3`: the get, create and update response.
pub fn render_detail(
    client: &ApiClient,
    include: Include,
    new_secret: Option<&(u64, String)>,
) -> Value {
    let mut m = Map::new();
    m.insert("accessToken".into(), json!(client.access_token));
    if include.actions {
        m.insert("actions".into(), client_actions(client));
    }
    m.insert(
        "activeCredentialCount".into(),
        json!(client.active_credential_count()),
    );
    m.insert(
        "allowAccountSwitch".into(),
        json!(client.allow_account_switch),
    );
    if include.api_access {
        m.insert("apiAccess".into(), client.api_access.clone());
    }
    m.insert("authorizedUsers".into(), json!(client.authorized_users));
    m.insert("baseURL".into(), json!(client.base_url));
    m.insert(
        "canAutoCreateCredential".into(),
        json!(client.can_auto_create_credential),
    );
    m.insert("clientDescription".into(), json!(client.client_description));
    m.insert("clientId".into(), json!(client.client_id));
    m.insert("clientName".into(), json!(client.client_name));
    m.insert("clientType".into(), json!(client.client_type));
    m.insert("createdBy".into(), json!(client.created_by));
    m.insert(
        "createdDate".into(),
        json!(format_millis(client.created_date)),
    );
    if include.credentials {
        let credentials: Vec<Value> = client
            .credentials
            .iter()
            .map(|c| {
                let mut item = Map::new();
                item.insert("actions".into(), credential_actions(c));
                if let Some((id, secret)) = new_secret
                    && *id == c.credential_id
                {
                    item.insert("clientSecret".into(), json!(secret));
                }
                item.insert("clientToken".into(), json!(c.client_token));
                item.insert("createdOn".into(), json!(format_millis(c.created_on)));
                item.insert("credentialId".into(), json!(c.credential_id));
                item.insert("description".into(), json!(c.description));
                item.insert("expiresOn".into(), json!(format_millis(c.expires_on)));
                item.insert("status".into(), json!(c.status));
                Value::Object(item)
            })
            .collect();
        m.insert("credentials".into(), Value::Array(credentials));
    }
    if include.group_access {
        m.insert("groupAccess".into(), client.group_access.clone());
    }
    // A client never given an IP ACL has none to show: the response schema does not require
    // `ipAcl`, and akamai/akamai (v9.2.0) reads an answer with it as a configured ACL and
    // fails its apply with "inconsistent result" (docs/guides/sandbox.md, "Where sources disagree").
    if include.ip_acl
        && let Some(acl) = &client.ip_acl
    {
        m.insert("ipAcl".into(), acl.clone());
    }
    m.insert("isLocked".into(), json!(client.is_locked));
    m.insert(
        "notificationEmails".into(),
        json!(client.notification_emails),
    );
    if let Some(purge) = &client.purge_options {
        m.insert("purgeOptions".into(), purge.clone());
    }
    m.extend(client.newer_fields.clone());
    Value::Object(m)
}

/// The list item: a summary with `serviceConsumerToken` and the reduced list `actions`.
///
/// `actions` is always present: the list item schema lists it as required, although the `actions`
/// query parameter reads "`false` by default" (docs/guides/sandbox.md, "Where sources disagree"). The
/// Go library reads it as an optional pointer, so both readings parse there.
pub fn render_summary(client: &ApiClient) -> Value {
    let mut value = render_summary_without_actions(client);
    if let Value::Object(m) = &mut value {
        let all = client_actions(client);
        let reduced: Map<String, Value> = [
            "delete",
            "deactivateAll",
            "edit",
            "lock",
            "transfer",
            "unlock",
        ]
        .iter()
        .map(|k| ((*k).to_owned(), all[*k].clone()))
        .collect();
        m.insert("actions".into(), Value::Object(reduced));
    }
    value
}

/// The lock/unlock response (the list item without `actions`).
pub fn render_summary_without_actions(client: &ApiClient) -> Value {
    json!({
        "accessToken": client.access_token,
        "activeCredentialCount": client.active_credential_count(),
        "allowAccountSwitch": client.allow_account_switch,
        "authorizedUsers": client.authorized_users,
        "canAutoCreateCredential": client.can_auto_create_credential,
        "clientDescription": client.client_description,
        "clientId": client.client_id,
        "clientName": client.client_name,
        "clientType": client.client_type,
        "createdBy": client.created_by,
        "createdDate": format_millis(client.created_date),
        "isLocked": client.is_locked,
        "notificationEmails": client.notification_emails,
        "serviceConsumerToken": client.service_consumer_token,
    })
}

/// `credential-nosecret`: the list and get item.
pub fn render_credential(credential: &Credential, actions: bool) -> Value {
    let mut m = Map::new();
    if actions {
        m.insert("actions".into(), credential_actions(credential));
    }
    m.insert("clientToken".into(), json!(credential.client_token));
    m.insert(
        "createdOn".into(),
        json!(format_millis(credential.created_on)),
    );
    m.insert("credentialId".into(), json!(credential.credential_id));
    m.insert("description".into(), json!(credential.description));
    m.insert(
        "expiresOn".into(),
        json!(format_millis(credential.expires_on)),
    );
    m.insert(
        "maxAllowedExpiry".into(),
        json!(format_millis(credential.max_allowed_expiry())),
    );
    m.insert("status".into(), json!(credential.status));
    Value::Object(m)
}
