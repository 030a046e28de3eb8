# The active credentials of one API client (leave client_id out for every client's).
list "apiclients_akamai_api_client_credential" "active" {
  provider = apiclients
  config {
    client_id = "1a2b3c4d5e6f7g8h"
    status    = "ACTIVE"
  }
}
