# The demo stack `make demo` applies against apiclients-sandbox: one machine client on each of the four
# platforms. Credentials come from the vendors' own environment variables (IBM_VERIFY_*, SAIL_*, OAM_*,
# AKAMAI_*), which scripts/demo.sh reads from the sandbox.

terraform {
  required_providers {
    apiclients = {
      source = "apiclients/apiclients"
    }
  }
}

provider "apiclients" {}

# IBM Security Verify: an API client for a reporting job, random client ID and secret.
resource "apiclients_ibm_verify_api_client" "reporting" {
  client_name  = "reporting-job"
  description  = "Reads users and groups for the nightly report"
  entitlements = ["readUserGroups", "readReports"]
}

# SailPoint Identity Security Cloud: an OAuth client for a CI pipeline.
resource "apiclients_sailpoint_oauth_client" "ci" {
  name                          = "ci-pipeline"
  description                   = "Deploys identity configuration from CI"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}

# Oracle Access Manager: an OAuth client in the provider's default identity domain (OAM_IDENTITY_DOMAIN).
resource "apiclients_oracle_oam_oauth_client" "portal" {
  name          = "access-portal"
  description   = "Self-service access portal"
  grant_types   = ["AUTHORIZATION_CODE", "REFRESH_TOKEN"]
  redirect_uris = ["https://portal.example.com/oauth/callback"]
}

# Akamai IAM: an API client and the credential it signs requests with.
resource "apiclients_akamai_api_client" "deploy" {
  client_name      = "property-deploy"
  authorized_users = ["demo-user"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}

resource "apiclients_akamai_api_client_credential" "deploy" {
  client_id   = apiclients_akamai_api_client.deploy.id
  description = "Used by the deploy job"
}

output "client_ids" {
  value = {
    ibm_verify = apiclients_ibm_verify_api_client.reporting.client_id
    sailpoint  = apiclients_sailpoint_oauth_client.ci.id
    oracle_oam = apiclients_oracle_oam_oauth_client.portal.client_id
    akamai     = apiclients_akamai_api_client.deploy.id
  }
}

# What another system would be handed: Terraform keeps these hidden in plan and apply output.
output "client_secrets" {
  sensitive = true
  value = {
    ibm_verify = apiclients_ibm_verify_api_client.reporting.client_secret
    sailpoint  = apiclients_sailpoint_oauth_client.ci.secret
    oracle_oam = apiclients_oracle_oam_oauth_client.portal.client_secret
    akamai     = apiclients_akamai_api_client_credential.deploy.client_secret
  }
}
