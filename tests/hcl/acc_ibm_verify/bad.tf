# A client whose entitlements and IP filters each case of tests/acc_ibm_verify.rs sets.
provider "apiclients" {}

variable "entitlements" {
  type = list(string)
}

variable "ip_filter_op" {
  type    = string
  default = null
}

variable "ip_filters" {
  type    = list(string)
  default = null
}

resource "apiclients_ibm_verify_api_client" "bad" {
  client_name  = "bad"
  entitlements = var.entitlements
  ip_filter_op = var.ip_filter_op
  ip_filters   = var.ip_filters
}
