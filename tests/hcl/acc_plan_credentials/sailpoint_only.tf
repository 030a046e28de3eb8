# Only SailPoint is used: no other platform may be contacted, whatever its credentials.
resource "apiclients_sailpoint_oauth_client" "ci" {
  name                          = "plan-check"
  description                   = "plan-time credential check"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}
