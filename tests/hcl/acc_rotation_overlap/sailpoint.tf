# SailPoint without downtime: a change of secret_version replaces the client, and with
# create_before_destroy the new client exists before the old one is deleted.
provider "apiclients" {}

variable "secret_version" {
  type    = number
  default = 1
}

resource "apiclients_sailpoint_oauth_client" "consumer" {
  name                          = "overlap-consumer"
  description                   = "rotated without downtime"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
  secret_version                = var.secret_version

  lifecycle {
    create_before_destroy = true
  }
}

output "client_id" {
  value = apiclients_sailpoint_oauth_client.consumer.id
}

output "client_secret" {
  value     = apiclients_sailpoint_oauth_client.consumer.secret
  sensitive = true
}
