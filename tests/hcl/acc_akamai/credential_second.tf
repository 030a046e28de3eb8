# The client's second credential (variables in client.tf).
resource "apiclients_akamai_api_client_credential" "second" {
  client_id  = apiclients_akamai_api_client.ci.id
  expires_on = var.second_expires_on
}
