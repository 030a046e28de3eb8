# `k` SailPoint OAuth clients named `<prefix>-<index>`, created under injected faults
# (tests/acc_faults.rs); the provider retries up to ten times.
provider "apiclients" {
  sailpoint {
    max_retries = 10
  }
}

variable "prefix" {
  type = string
}

variable "k" {
  type = number
}

resource "apiclients_sailpoint_oauth_client" "f" {
  count                         = var.k
  name                          = "${var.prefix}-${count.index}"
  description                   = "fault matrix"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}
