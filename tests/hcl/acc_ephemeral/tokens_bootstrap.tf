# Step 1: a SailPoint and an OAM client allowed the client-credentials grant, made by the default
# provider (the sandbox's admin credentials).
provider "apiclients" {}

resource "apiclients_sailpoint_oauth_client" "ci" {
  name                          = "eph-token-ci"
  description                   = "mints tokens for the run"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
  scope                         = ["sp:oauth-client:read"]
}

resource "apiclients_oracle_oam_oauth_client" "ci" {
  name          = "eph-token-ci"
  grant_types   = ["CLIENT_CREDENTIALS"]
  scopes        = ["ResServer1.deploy"]
  default_scope = "ResServer1.deploy"
}
