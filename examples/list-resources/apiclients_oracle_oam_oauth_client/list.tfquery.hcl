# The confidential clients of one identity domain.
list "apiclients_oracle_oam_oauth_client" "confidential" {
  provider         = apiclients
  include_resource = true
  config {
    identity_domain = "DemoDomain"
    client_type     = "CONFIDENTIAL_CLIENT"
  }
}
