# A configuration that uses only Akamai: OAM's settings may be missing altogether.
data "apiclients_akamai_api_clients" "deployer" {
  client_name = "deployer"
}

output "count" {
  value = length(data.apiclients_akamai_api_clients.deployer.api_clients)
}
