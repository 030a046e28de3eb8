# SailPoint: increment secret_version to rotate on demand. The plan shows a replacement: a new
# client (new client ID and secret) is created before the old one is deleted.
resource "apiclients_sailpoint_oauth_client" "ci" {
  name                          = "ci-pipeline"
  description                   = "Deploys identity configuration from CI"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
  secret_version                = 1

  lifecycle {
    create_before_destroy = true
  }
}
