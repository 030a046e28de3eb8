# Step 1: an Akamai API client with IAM access, made by the default provider (the sandbox's own
# credentials).
provider "apiclients" {}

resource "apiclients_akamai_api_client" "bootstrap" {
  client_name                = "eph-akamai-bootstrap"
  authorized_users           = ["alice"]
  can_auto_create_credential = true
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}

output "bootstrap_client_id" {
  value = apiclients_akamai_api_client.bootstrap.id
}
