# A client made in an earlier apply, with IAM access.
resource "apiclients_akamai_api_client" "ci" {
  client_name      = "ci-pipeline"
  authorized_users = ["jsmith"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}

# A credential of that client that exists only for this run: deactivated and deleted when
# Terraform closes it, and expiring by itself after 30 minutes should the run die.
ephemeral "apiclients_akamai_api_client_credential" "run" {
  client_id  = apiclients_akamai_api_client.ci.id
  expires_in = "30m"
}

# A second provider configuration that signs as that client.
provider "apiclients" {
  alias = "ci"
  akamai {
    host          = ephemeral.apiclients_akamai_api_client_credential.run.host
    client_token  = ephemeral.apiclients_akamai_api_client_credential.run.client_token
    client_secret = ephemeral.apiclients_akamai_api_client_credential.run.client_secret
    access_token  = ephemeral.apiclients_akamai_api_client_credential.run.access_token
  }
}

resource "apiclients_akamai_api_client" "reporting" {
  provider         = apiclients.ci
  client_name      = "reporting"
  authorized_users = ["jsmith"]
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
