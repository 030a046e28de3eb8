# Step 2: a credential of the bootstrap client that exists only for this run configures an
# aliased provider (host comes from AKAMAI_HOST, the sandbox), which makes another client as the
# bootstrap client.
ephemeral "apiclients_akamai_api_client_credential" "run" {
  client_id  = apiclients_akamai_api_client.bootstrap.id
  expires_in = "30m"
}

provider "apiclients" {
  alias = "run"
  akamai {
    client_token  = ephemeral.apiclients_akamai_api_client_credential.run.client_token
    client_secret = ephemeral.apiclients_akamai_api_client_credential.run.client_secret
    access_token  = ephemeral.apiclients_akamai_api_client_credential.run.access_token
  }
}

resource "apiclients_akamai_api_client" "managed" {
  provider         = apiclients.run
  client_name      = "eph-akamai-managed"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = false
    apis = [
      { api_id = 5000, access_level = "READ-ONLY" },
    ]
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}
