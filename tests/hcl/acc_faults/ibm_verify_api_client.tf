# `k` IBM Verify API clients named `<prefix>-<index>`, created under injected faults
# (tests/acc_faults.rs); the provider retries up to ten times.
provider "apiclients" {
  ibm_verify {
    max_retries = 10
  }
}

variable "prefix" {
  type = string
}

variable "k" {
  type = number
}

resource "apiclients_ibm_verify_api_client" "f" {
  count        = var.k
  client_name  = "${var.prefix}-${count.index}"
  entitlements = ["readUserGroups"]
}
