# One resource of every type, each leaving its optional attributes out; changing var.note updates
# every one of them in place.
variable "note" {
  type = string
}

provider "apiclients" {
  oracle_oam {
    identity_domain = "Default"
  }
}

resource "apiclients_ibm_verify_api_client" "quiet" {
  client_name  = "plan-noise"
  entitlements = ["readUserGroups"]
  description  = var.note
}

resource "apiclients_sailpoint_oauth_client" "quiet" {
  name                          = "plan-noise"
  description                   = var.note
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}

resource "apiclients_oracle_oam_oauth_client" "quiet" {
  name        = "plan-noise"
  description = var.note
  grant_types = ["CLIENT_CREDENTIALS"]
}

resource "apiclients_akamai_api_client" "quiet" {
  client_name        = "plan-noise"
  client_description = var.note
  authorized_users   = ["alice"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}

resource "apiclients_akamai_api_client_credential" "quiet" {
  client_id   = apiclients_akamai_api_client.quiet.id
  description = var.note
}
