# OAuth clients not used since the start of 2024 (candidates for clean-up).
list "apiclients_sailpoint_oauth_client" "stale" {
  provider = apiclients
  limit    = 50
  config {
    last_used_before = "2024-01-01T00:00:00Z"
  }
}
