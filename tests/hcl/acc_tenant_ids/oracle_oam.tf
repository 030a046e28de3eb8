# A client and its dependents in one apply: the outputs get the client ID and secret the state
# records, which must be what the tenant holds.
provider "apiclients" {}

resource "apiclients_oracle_oam_oauth_client" "ci" {
  name        = "tenant-ids"
  client_type = "CONFIDENTIAL_CLIENT"
  grant_types = ["CLIENT_CREDENTIALS"]
}

output "client_id" {
  value = apiclients_oracle_oam_oauth_client.ci.client_id
}

output "client_secret" {
  value     = apiclients_oracle_oam_oauth_client.ci.client_secret
  sensitive = true
}
