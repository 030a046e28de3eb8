# Every unlocked API client of the account.
list "apiclients_akamai_api_client" "unlocked" {
  provider         = apiclients
  include_resource = true
  config {
    locked = false
  }
}
# The active credentials of every API client.
list "apiclients_akamai_api_client_credential" "active" {
  provider = apiclients
  config {
    status    = "ACTIVE"
  }
}
# Every enabled API client whose name contains "report".
list "apiclients_ibm_verify_api_client" "reporting" {
  provider         = apiclients
  include_resource = true
  config {
    client_name_contains = "report"
    enabled              = true
  }
}
# The confidential clients of one identity domain.
list "apiclients_oracle_oam_oauth_client" "confidential" {
  provider         = apiclients
  include_resource = true
  config {
    identity_domain = "DemoDomain"
    client_type     = "CONFIDENTIAL_CLIENT"
  }
}
# OAuth clients not used since the start of 2024 (candidates for clean-up).
list "apiclients_sailpoint_oauth_client" "stale" {
  provider = apiclients
  limit    = 50
  config {
    last_used_before = "2024-01-01T00:00:00Z"
  }
}
