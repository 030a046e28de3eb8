# An IBM Security Verify API client whose credentials a consumer uses: the test reads the outputs and
# asks the tenant's token endpoint for a client-credentials token, as the consumer would.
provider "apiclients" {}

variable "enabled" {
  type    = bool
  default = true
}

variable "secret_version" {
  type    = number
  default = 1
}

resource "apiclients_ibm_verify_api_client" "consumer" {
  client_name    = "credential-consumer"
  entitlements   = ["readAPIClients"]
  enabled        = var.enabled
  secret_version = var.secret_version
}

output "client_id" {
  value = apiclients_ibm_verify_api_client.consumer.client_id
}

output "client_secret" {
  value     = apiclients_ibm_verify_api_client.consumer.client_secret
  sensitive = true
}
