# Step 2: a token of the bootstrap client configures an aliased provider, which makes another
# client as the bootstrap client.
ephemeral "apiclients_ibm_verify_access_token" "bootstrap" {
  client_id     = apiclients_ibm_verify_api_client.bootstrap.client_id
  client_secret = apiclients_ibm_verify_api_client.bootstrap.client_secret
}

provider "apiclients" {
  alias = "bootstrap"
  ibm_verify {
    access_token = ephemeral.apiclients_ibm_verify_access_token.bootstrap.access_token
  }
}

resource "apiclients_ibm_verify_api_client" "managed" {
  provider     = apiclients.bootstrap
  client_name  = "eph-managed"
  entitlements = ["readUserGroups"]
}
