# Two clients made behind Terraform's back: one written by hand and imported by its client ID, one
# whose configuration Terraform generates (import blocks, Terraform 1.5+; an id from a variable, 1.6+).
provider "apiclients" {}

variable "legacy_client_id" {
  type = string
}

variable "reporting_id" {
  type = string
}

import {
  to = apiclients_ibm_verify_api_client.legacy
  id = var.legacy_client_id
}

resource "apiclients_ibm_verify_api_client" "legacy" {
  client_name  = "legacy"
  description  = "made by hand"
  entitlements = ["readUserGroups"]
  ip_filter_op = "deny"
  ip_filters   = ["203.0.113.7"]
}

import {
  to = apiclients_ibm_verify_api_client.reporting
  id = var.reporting_id
}
