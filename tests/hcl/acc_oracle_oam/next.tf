# A second client, created after the provider's default identity domain changed.
resource "apiclients_oracle_oam_oauth_client" "next" {
  name        = "ci-next"
  grant_types = ["CLIENT_CREDENTIALS"]
}
