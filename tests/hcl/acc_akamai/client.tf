# The lifecycle API client of tests/acc_akamai.rs, and the variables of its credentials
# (credential_main.tf, credential_second.tf, written beside this file when a step has them). Each
# step sets the variables it changes; a variable left null is an attribute left out.
provider "apiclients" {}

variable "client_description" {
  type    = string
  default = null
}

variable "lock" {
  type    = bool
  default = null
}

variable "main_description" {
  type    = string
  default = null
}

variable "main_status" {
  type    = string
  default = null
}

variable "main_expires_on" {
  type    = string
  default = null
}

variable "second_expires_on" {
  type    = string
  default = null
}

resource "apiclients_akamai_api_client" "ci" {
  client_name      = "ci-pipeline"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = false
    apis = [
      { api_id = 5000, access_level = "READ-ONLY" },
      { api_id = 5801, access_level = "READ-WRITE" },
    ]
  }
  group_access = {
    clone_authorized_user_groups = true
  }
  ip_acl = {
    enable = true
    cidr   = ["192.0.2.0/24", "198.51.100.7"]
  }
  client_description = var.client_description
  lock               = var.lock
}
