# Every secret rotated once it is 90 days old, each by its platform's path.

# IBM Security Verify: a new secret on the same client (in place).
resource "apiclients_ibm_verify_api_client" "ci" {
  client_name  = "ci-deployer"
  entitlements = ["readUserGroups"]
  rotate_after = "2160h"
}

# Oracle Access Manager: a new secret on the same client (in place); the old one keeps working
# for old_secret_retention_time_in_days.
resource "apiclients_oracle_oam_oauth_client" "ci" {
  name                              = "ci-pipeline"
  grant_types                       = ["CLIENT_CREDENTIALS"]
  old_secret_retention_time_in_days = 2
  rotate_after                      = "2160h"
}

# SailPoint: a new client replaces the old one, created before the old one is deleted.
resource "apiclients_sailpoint_oauth_client" "ci" {
  name                          = "ci-pipeline"
  description                   = "Deploys identity configuration from CI"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
  rotate_after                  = "2160h"

  lifecycle {
    create_before_destroy = true
  }
}

# Akamai: a new credential replaces the old one (also within 30 days of its expires_on), created
# before the old one is deactivated and deleted.
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

resource "apiclients_akamai_api_client_credential" "ci" {
  client_id    = apiclients_akamai_api_client.ci.id
  description  = "CI pipeline"
  rotate_after = "2160h"

  lifecycle {
    create_before_destroy = true
  }
}
