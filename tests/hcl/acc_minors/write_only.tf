# Write-only attributes (Terraform 1.11 and later): a secret sent to OAM, never kept in plan or state.
resource "apiclients_oracle_oam_oauth_client" "write_only" {
  identity_domain          = "SmokeDomain"
  name                     = "smoke-write-only"
  grant_types              = ["CLIENT_CREDENTIALS"]
  client_secret_wo         = "smoke-Write-Only-8361"
  client_secret_wo_version = 1
}
