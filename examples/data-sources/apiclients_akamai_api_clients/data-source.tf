# Every API client the provider's EdgeGrid credentials can see.
data "apiclients_akamai_api_clients" "all" {}

# Only the clients named "ci-deployer", for example to import the existing one.
data "apiclients_akamai_api_clients" "deployer" {
  client_name = "ci-deployer"
}

output "deployer_client_id" {
  value = one(data.apiclients_akamai_api_clients.deployer.api_clients[*].client_id)
}

output "clients_without_active_credentials" {
  value = [
    for c in data.apiclients_akamai_api_clients.all.api_clients : c.client_name
    if c.active_credential_count == 0
  ]
}
