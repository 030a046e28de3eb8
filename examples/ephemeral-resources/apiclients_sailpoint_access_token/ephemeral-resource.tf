# A token of an OAuth client (or personal access token) with the CLIENT_CREDENTIALS grant,
# minted for this run only (never in a plan or a state).
variable "pat_client_id" {
  type = string
}

variable "pat_client_secret" {
  type      = string
  sensitive = true
}

ephemeral "apiclients_sailpoint_access_token" "pat" {
  client_id     = var.pat_client_id
  client_secret = var.pat_client_secret
}

# A second provider configuration that acts with that token.
provider "apiclients" {
  alias = "pat"
  sailpoint {
    base_url     = "https://acme.api.identitynow.com"
    access_token = ephemeral.apiclients_sailpoint_access_token.pat.access_token
  }
}

resource "apiclients_sailpoint_oauth_client" "app" {
  provider                      = apiclients.pat
  name                          = "app-backend"
  description                   = "Backend of the app"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "ONLINE"
}
