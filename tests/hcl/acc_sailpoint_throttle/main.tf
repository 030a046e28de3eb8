# `clients` SailPoint OAuth clients in one apply, at Terraform's default parallelism
# (tests/acc_sailpoint_throttle.rs).
provider "apiclients" {}

variable "clients" {
  type = number
}

resource "apiclients_sailpoint_oauth_client" "bulk" {
  count                         = var.clients
  name                          = "bulk-${count.index}"
  description                   = "throttling test"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}
