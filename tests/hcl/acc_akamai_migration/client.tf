# The client akamai/akamai made against the sandbox (fixtures/akamai_provider_state/), written for
# this provider: the attributes of the migration guide's table, with the recorded values.
provider "apiclients" {}

resource "apiclients_akamai_api_client" "peer" {
  client_name         = "peer-client"
  client_description  = "changed by akamai/akamai"
  authorized_users    = ["alice"]
  notification_emails = ["ops@example.com"]
  api_access = {
    all_accessible_apis = false
    apis = [
      { api_id = 5000, access_level = "READ-ONLY" },
      { api_id = 5801, access_level = "READ-WRITE" },
    ]
  }
  group_access = {
    clone_authorized_user_groups = false
    groups                       = [{ group_id = 1001, role_id = 11 }]
    sub_groups                   = [{ parent_group_id = 1001, group_id = 1002, role_id = 12 }]
  }
  ip_acl = {
    enable = true
    cidr   = ["192.0.2.0/24"]
  }
  purge_options = {
    can_purge_by_cache_tag = true
    can_purge_by_cp_code   = true
    cp_code_access = {
      all_current_and_new_cp_codes = false
      cp_codes                     = [101, 202]
    }
  }
}

variable "credential_import_id" {
  type = string
}

import {
  to = apiclients_akamai_api_client_credential.peer
  id = var.credential_import_id
}

resource "apiclients_akamai_api_client_credential" "peer" {
  client_id   = apiclients_akamai_api_client.peer.id
  description = "peer credential"
}
