# A machine client for a CI pipeline (client credentials only).
resource "apiclients_sailpoint_oauth_client" "ci" {
  name                          = "ci-pipeline"
  description                   = "Deploys identity configuration from CI"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
  scope                         = ["sp:scopes:all"]
}

# A web application using the authorization code flow with refresh tokens.
resource "apiclients_sailpoint_oauth_client" "portal" {
  name                           = "access-portal"
  description                    = "Self-service access portal"
  business_name                  = "Acme"
  homepage_url                   = "https://portal.example.com"
  access_token_validity_seconds  = 900
  refresh_token_validity_seconds = 86400
  grant_types                    = ["AUTHORIZATION_CODE", "REFRESH_TOKEN"]
  redirect_uris                  = ["https://portal.example.com/oauth/callback"]
  access_type                    = "OFFLINE"
  type                           = "CONFIDENTIAL"
}

# The secret exists only in the create response; hand it to whatever needs it.
output "ci_client_id" {
  value = apiclients_sailpoint_oauth_client.ci.id
}

output "ci_client_secret" {
  value     = apiclients_sailpoint_oauth_client.ci.secret
  sensitive = true
}
