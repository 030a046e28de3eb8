# `clients` clients per coalesced vendor (IBM Verify, SailPoint, OAM) and `akamai_clients` Akamai
# API clients, all refreshed by one plan (tests/acc_coalesced_reads.rs).
provider "apiclients" {}

variable "clients" {
  type = number
}

variable "akamai_clients" {
  type = number
}

resource "apiclients_ibm_verify_api_client" "c" {
  count        = var.clients
  client_name  = "coalesced-${count.index}"
  entitlements = ["readUserGroups"]
}

resource "apiclients_sailpoint_oauth_client" "c" {
  count                         = var.clients
  name                          = "coalesced-${count.index}"
  description                   = "coalesced"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}

resource "apiclients_oracle_oam_oauth_client" "c" {
  count         = var.clients
  name          = "coalesced-${count.index}"
  grant_types   = ["AUTHORIZATION_CODE"]
  redirect_uris = ["https://portal.example.com/cb"]
}

resource "apiclients_akamai_api_client" "c" {
  count            = var.akamai_clients
  client_name      = "coalesced-${count.index}"
  authorized_users = ["demo-user"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}
