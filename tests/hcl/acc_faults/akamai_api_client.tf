# `k` Akamai API clients named `<prefix>-<index>`, created under injected faults
# (tests/acc_faults.rs); the provider retries up to ten times.
provider "apiclients" {
  akamai {
    max_retries = 10
  }
}

variable "prefix" {
  type = string
}

variable "k" {
  type = number
}

resource "apiclients_akamai_api_client" "f" {
  count            = var.k
  client_name      = "${var.prefix}-${count.index}"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}
