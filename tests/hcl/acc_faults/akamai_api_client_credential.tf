# One credential for each client of akamai_api_client.tf, which is written beside this file.
resource "apiclients_akamai_api_client_credential" "f" {
  count     = var.k
  client_id = apiclients_akamai_api_client.f[count.index].id
}
