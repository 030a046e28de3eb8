# The OAuth clients of the provider's default identity domain (oracle_oam.identity_domain or
# OAM_IDENTITY_DOMAIN).
data "apiclients_oracle_oam_oauth_clients" "default" {}

# The OAuth clients of another identity domain.
data "apiclients_oracle_oam_oauth_clients" "partners" {
  identity_domain = "PartnerDomain"
}

output "confidential_client_ids" {
  value = [
    for c in data.apiclients_oracle_oam_oauth_clients.partners.oauth_clients : c.id
    if c.client_type == "CONFIDENTIAL_CLIENT"
  ]
}
