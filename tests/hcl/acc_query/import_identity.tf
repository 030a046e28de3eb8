# An OAM client made behind Terraform's back, imported by its identity (Terraform 1.12+).
provider "apiclients" {}

variable "identity_domain" {
  type = string
}

variable "client_id" {
  type = string
}

import {
  to = apiclients_oracle_oam_oauth_client.imported
  identity = {
    identity_domain = var.identity_domain
    client_id       = var.client_id
  }
}

resource "apiclients_oracle_oam_oauth_client" "imported" {
  identity_domain = var.identity_domain
  name            = "by-identity"
  client_type     = "CONFIDENTIAL_CLIENT"
  grant_types     = ["CLIENT_CREDENTIALS"]
}
