# A filter that is not an RFC 3339 date-time: refused when Terraform validates the list block.
list "apiclients_sailpoint_oauth_client" "bad" {
  provider = apiclients
  config {
    last_used_before = "yesterday"
  }
}
