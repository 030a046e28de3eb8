# Step 1: the bootstrap client, made by the default provider (the sandbox's admin client).
provider "apiclients" {}

variable "bootstrap_entitlements" {
  type = list(string)
}

resource "apiclients_ibm_verify_api_client" "bootstrap" {
  client_name  = "eph-bootstrap"
  entitlements = var.bootstrap_entitlements
}

output "bootstrap_client_id" {
  value = apiclients_ibm_verify_api_client.bootstrap.client_id
}
