# One client per platform whose names are not unique, each named like a client the test made
# beforehand through the sandbox's admin API (tests/acc_duplicate_names.rs).

variable "duplicate_names" {
  type    = string
  default = null
}

provider "apiclients" {
  duplicate_names = var.duplicate_names
}

resource "apiclients_ibm_verify_api_client" "twin" {
  client_name  = "twin-ibm"
  entitlements = ["readUserGroups"]
}

resource "apiclients_sailpoint_oauth_client" "twin" {
  name                          = "twin-sailpoint"
  description                   = "duplicate names"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}

resource "apiclients_akamai_api_client" "twin" {
  client_name      = "twin-akamai"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}
