# A client and its dependents in one apply: the outputs get the client ID and secret the state
# records, which must be what the tenant holds.
provider "apiclients" {}

resource "apiclients_ibm_verify_api_client" "ci" {
  client_name  = "tenant-ids"
  entitlements = ["readUserGroups"]
}

output "client_id" {
  value = apiclients_ibm_verify_api_client.ci.client_id
}

output "client_secret" {
  value     = apiclients_ibm_verify_api_client.ci.client_secret
  sensitive = true
}
