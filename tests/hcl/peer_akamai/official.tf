# akamai/akamai's own akamai_iam_api_client against the sandbox (tests/peer_akamai.rs): a client
# with purge options, a sub-group, an IP ACL and its credential.
terraform {
  required_providers {
    akamai = {
      source = "akamai/akamai"
    }
  }
}

variable "host" {
  type = string
}

variable "client_description" {
  type    = string
  default = "made by akamai/akamai"
}

provider "akamai" {
  config {
    host          = var.host
    client_token  = "akab-sandbox-client-token"
    client_secret = "sandbox-akamai-client-secret"
    access_token  = "akab-sandbox-access-token"
  }
}

resource "akamai_iam_api_client" "peer" {
  client_name         = "peer-client"
  client_type         = "CLIENT"
  client_description  = var.client_description
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
    groups = [{
      group_id   = 1001
      role_id    = 11
      sub_groups = [{ group_id = 1002, role_id = 12 }]
    }]
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
  credential = {
    description = "peer credential"
  }
}
