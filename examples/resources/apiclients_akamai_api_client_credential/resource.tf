resource "apiclients_akamai_api_client" "ci" {
  client_name      = "ci-pipeline"
  authorized_users = ["jsmith"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}

# The credential CI signs its requests with. Akamai shows the secret only once: it is kept in the
# (sensitive) state.
resource "apiclients_akamai_api_client_credential" "ci" {
  client_id   = apiclients_akamai_api_client.ci.id
  description = "CI pipeline"
  # expires_on = "<an RFC 3339 date within Akamai's limit>"; left out, Akamai sets it two years ahead.
}

# An .edgerc section for the new credential. `host` is the client's API host (for the
# apiclients-sandbox, use the sandbox's address instead).
output "edgerc" {
  sensitive = true
  value     = <<-EOT
    [ci]
    host = ${trimprefix(apiclients_akamai_api_client.ci.base_url, "https://")}
    client_token = ${apiclients_akamai_api_client_credential.ci.client_token}
    client_secret = ${apiclients_akamai_api_client_credential.ci.client_secret}
    access_token = ${apiclients_akamai_api_client.ci.access_token}
  EOT
}

# Rotation: add a second credential, move CI to it, then set the old one INACTIVE and finally
# remove it (the provider deactivates, then deletes it).
