# A client made in an earlier apply, allowed the client-credentials grant.
resource "apiclients_oracle_oam_oauth_client" "ci" {
  name          = "ci-pipeline"
  grant_types   = ["CLIENT_CREDENTIALS"]
  scopes        = ["ResServer1.deploy"]
  default_scope = "ResServer1.deploy"
}

# A token of that client from the OAuth runtime (a managed server), for this run only.
ephemeral "apiclients_oracle_oam_access_token" "ci" {
  client_id     = apiclients_oracle_oam_oauth_client.ci.client_id
  client_secret = apiclients_oracle_oam_oauth_client.ci.client_secret
  server_url    = "https://oam.example.com:14100"
  scope         = "ResServer1.deploy"
}
