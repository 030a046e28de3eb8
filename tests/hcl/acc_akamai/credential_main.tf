# The client's first credential (variables in client.tf).
resource "apiclients_akamai_api_client_credential" "main" {
  client_id   = apiclients_akamai_api_client.ci.id
  description = var.main_description
  status      = var.main_status
  expires_on  = var.main_expires_on
}
