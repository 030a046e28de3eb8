# One resource per platform, so that a plan proves each platform's credentials once.
variable "skip_credentials_validation" {
  type    = bool
  default = null
}

provider "apiclients" {
  skip_credentials_validation = var.skip_credentials_validation
  oracle_oam {
    identity_domain = "Default"
  }
}

resource "apiclients_ibm_verify_api_client" "ci" {
  client_name  = "plan-check"
  entitlements = ["readUserGroups"]
}

resource "apiclients_sailpoint_oauth_client" "ci" {
  name                          = "plan-check"
  description                   = "plan-time credential check"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}

resource "apiclients_oracle_oam_oauth_client" "ci" {
  name        = "plan-check"
  grant_types = ["CLIENT_CREDENTIALS"]
}

resource "apiclients_akamai_api_client" "ci" {
  client_name      = "plan-check"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}
