# Every OAuth client of the tenant.
data "apiclients_sailpoint_oauth_clients" "all" {}

# Clients never used: candidates for clean-up.
data "apiclients_sailpoint_oauth_clients" "never_used" {
  filters = "lastUsed isnull"
}

# Clients not used since the start of 2024.
data "apiclients_sailpoint_oauth_clients" "stale" {
  filters = "lastUsed le 2024-01-01T00:00:00Z"
}

output "unused_client_names" {
  value = [for c in data.apiclients_sailpoint_oauth_clients.never_used.clients : c.name]
}
