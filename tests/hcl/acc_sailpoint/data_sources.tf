# The data source without a filter and with the two kinds of filter, and what each lists.
data "apiclients_sailpoint_oauth_clients" "all" {}

data "apiclients_sailpoint_oauth_clients" "never_used" {
  filters = "lastUsed isnull"
}

data "apiclients_sailpoint_oauth_clients" "stale" {
  filters = "lastUsed le 2024-01-01T00:00:00Z"
}

output "all" { value = data.apiclients_sailpoint_oauth_clients.all.clients }
output "never_used" { value = [for c in data.apiclients_sailpoint_oauth_clients.never_used.clients : c.name] }
output "stale" { value = [for c in data.apiclients_sailpoint_oauth_clients.stale.clients : c.name] }
