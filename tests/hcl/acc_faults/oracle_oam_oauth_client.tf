# `k` OAM OAuth clients named `<prefix>-<index>`, created under injected faults
# (tests/acc_faults.rs); the provider retries up to ten times.
provider "apiclients" {
  oracle_oam {
    max_retries = 10
  }
}

variable "prefix" {
  type = string
}

variable "k" {
  type = number
}

resource "apiclients_oracle_oam_oauth_client" "f" {
  count       = var.k
  name        = "${var.prefix}-${count.index}"
  grant_types = ["CLIENT_CREDENTIALS"]
}
