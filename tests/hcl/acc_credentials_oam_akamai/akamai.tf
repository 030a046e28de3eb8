# An Akamai API client and its credentials, whose tokens a consumer signs EdgeGrid requests with.
# The test sets the variables (Workdir::set_var) to add a second credential, retire the first, lock
# the client and shorten the second credential's life.
variable "lock" {
  type    = bool
  default = false
}

variable "keep_first" {
  type    = bool
  default = true
}

variable "first_status" {
  type    = string
  default = "ACTIVE"
}

variable "second" {
  type    = bool
  default = false
}

variable "second_expires_on" {
  type    = string
  default = null
}

provider "apiclients" {}

resource "apiclients_akamai_api_client" "consumer" {
  client_name      = "edgegrid-consumer"
  authorized_users = ["jsmith"]
  lock             = var.lock
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}

resource "apiclients_akamai_api_client_credential" "first" {
  count       = var.keep_first ? 1 : 0
  client_id   = apiclients_akamai_api_client.consumer.id
  description = "first"
  status      = var.first_status
}

resource "apiclients_akamai_api_client_credential" "second" {
  count       = var.second ? 1 : 0
  client_id   = apiclients_akamai_api_client.consumer.id
  description = "second"
  expires_on  = var.second_expires_on
}

output "client_id" {
  value = apiclients_akamai_api_client.consumer.id
}

output "access_token" {
  value     = apiclients_akamai_api_client.consumer.access_token
  sensitive = true
}

output "first" {
  sensitive = true
  value = var.keep_first ? {
    client_token  = one(apiclients_akamai_api_client_credential.first[*].client_token)
    client_secret = one(apiclients_akamai_api_client_credential.first[*].client_secret)
  } : null
}

output "second" {
  sensitive = true
  value = var.second ? {
    client_token  = one(apiclients_akamai_api_client_credential.second[*].client_token)
    client_secret = one(apiclients_akamai_api_client_credential.second[*].client_secret)
  } : null
}
