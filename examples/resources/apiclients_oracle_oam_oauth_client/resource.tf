# A machine client for a CI pipeline (client credentials only), in the provider's default
# identity domain (oracle_oam.identity_domain or OAM_IDENTITY_DOMAIN). OAM generates the
# client ID and the secret.
resource "apiclients_oracle_oam_oauth_client" "ci" {
  name          = "ci-pipeline"
  description   = "Deploys access policies from CI"
  grant_types   = ["CLIENT_CREDENTIALS"]
  scopes        = ["ResServer1.deploy"]
  default_scope = "ResServer1.deploy"

  # Increment to rotate the secret; the previous one keeps working for two days.
  secret_version                    = 1
  old_secret_retention_time_in_days = 2
}

# A web application using the authorization code flow, in a named identity domain.
resource "apiclients_oracle_oam_oauth_client" "portal" {
  identity_domain = "CustomerDomain"
  name            = "access-portal"
  client_id       = "access-portal"
  client_type     = "CONFIDENTIAL_CLIENT"
  grant_types     = ["AUTHORIZATION_CODE", "REFRESH_TOKEN"]
  redirect_uris   = ["https://portal.example.com/oauth/callback"]

  attributes = [
    { attr_name = "department", attr_type = "STATIC", attr_value = "sales" },
    { attr_name = "user", attr_type = "DYNAMIC", attr_value = "$user.userid" },
  ]
}

output "ci_client_id" {
  value = apiclients_oracle_oam_oauth_client.ci.client_id
}

# The secret exists in clear only in the create response (and after a rotation).
output "ci_client_secret" {
  value     = apiclients_oracle_oam_oauth_client.ci.client_secret
  sensitive = true
}
