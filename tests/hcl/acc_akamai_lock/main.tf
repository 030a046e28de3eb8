# An Akamai API client and one credential of it, with the client's lock and the credential's
# description as variables (tests/acc_akamai_lock.rs).

variable "lock" {
  type = bool
}

variable "description" {
  type    = string
  default = "deploys"
}

provider "apiclients" {}

resource "apiclients_akamai_api_client" "ci" {
  client_name      = "ci-locked"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
  lock = var.lock
}

resource "apiclients_akamai_api_client_credential" "main" {
  client_id   = apiclients_akamai_api_client.ci.id
  description = var.description
}
