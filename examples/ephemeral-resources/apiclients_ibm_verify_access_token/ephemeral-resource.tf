# A client made in an earlier apply, allowed to manage API clients.
resource "apiclients_ibm_verify_api_client" "deployer" {
  client_name  = "ci-deployer"
  entitlements = ["manageAPIClients"]
}

# A token of that client, minted for this run only (never in a plan or a state).
ephemeral "apiclients_ibm_verify_access_token" "deployer" {
  client_id     = apiclients_ibm_verify_api_client.deployer.client_id
  client_secret = apiclients_ibm_verify_api_client.deployer.client_secret
}

# A second provider configuration that acts as that client.
provider "apiclients" {
  alias = "deployer"
  ibm_verify {
    tenant_url   = "https://example.verify.ibm.com"
    access_token = ephemeral.apiclients_ibm_verify_access_token.deployer.access_token
  }
}

resource "apiclients_ibm_verify_api_client" "app" {
  provider     = apiclients.deployer
  client_name  = "app-backend"
  entitlements = ["readUserGroups"]
}
