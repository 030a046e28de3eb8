# A locked Akamai API client and an ephemeral credential of it (tests/acc_akamai_lock.rs): Akamai
# refuses the credential, and the error names the lock, as it does for the managed credential.

provider "apiclients" {}

resource "apiclients_akamai_api_client" "ci" {
  client_name      = "ci-locked-ephemeral"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
  lock = true
}

ephemeral "apiclients_akamai_api_client_credential" "run" {
  client_id  = apiclients_akamai_api_client.ci.id
  expires_in = "30m"
}
