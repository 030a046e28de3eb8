# An IBM Verify and an OAM client whose secret is write-only (Terraform 1.11+): set on the tenant,
# never stored; a new version sends it again.
provider "apiclients" {}

variable "identity_domain" {
  type = string
}

variable "secret" {
  type = string
}

variable "secret_version" {
  type = number
}

resource "apiclients_ibm_verify_api_client" "wo" {
  client_name              = "write-only"
  entitlements             = ["readUserGroups"]
  client_secret_wo         = var.secret
  client_secret_wo_version = var.secret_version
}

resource "apiclients_oracle_oam_oauth_client" "wo" {
  identity_domain          = var.identity_domain
  name                     = "write-only"
  grant_types              = ["CLIENT_CREDENTIALS"]
  client_secret_wo         = var.secret
  client_secret_wo_version = var.secret_version
}
