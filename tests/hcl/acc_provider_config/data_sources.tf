# Both data sources and outputs of what they read (tests/acc_provider_config.rs writes a provider
# block beside this file: provider.tf, or one of the provider_*.tf files in its place).
data "apiclients_oracle_oam_oauth_clients" "all" {}

data "apiclients_akamai_api_clients" "all" {}

output "oam_names" {
  value = [for c in data.apiclients_oracle_oam_oauth_clients.all.oauth_clients : c.name]
}

output "oam_domain" {
  value = data.apiclients_oracle_oam_oauth_clients.all.identity_domain
}

output "akamai" {
  value = [for c in data.apiclients_akamai_api_clients.all.api_clients : {
    id          = c.client_id
    name        = c.client_name
    description = c.description
    active      = c.active_credential_count
    users       = c.authorized_users
  }]
}
