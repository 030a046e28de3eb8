# A SailPoint OAuth client for a machine consumer (client credentials only): the test reads the
# outputs and asks /oauth/token for a token, as the consumer would.
provider "apiclients" {}

variable "enabled" {
  type    = bool
  default = true
}

resource "apiclients_sailpoint_oauth_client" "consumer" {
  name                          = "credential-consumer"
  description                   = "Uses its own client credentials"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
  enabled                       = var.enabled
}

output "client_id" {
  value = apiclients_sailpoint_oauth_client.consumer.id
}

output "client_secret" {
  value     = apiclients_sailpoint_oauth_client.consumer.secret
  sensitive = true
}
