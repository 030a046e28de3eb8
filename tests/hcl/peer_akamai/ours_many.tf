# The same N clients and credentials by this provider, for the side-by-side timing.
provider "apiclients" {}

variable "n" {
  type = number
}

resource "apiclients_akamai_api_client" "many" {
  count            = var.n
  client_name      = "ours-${count.index}"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = false
    apis                = [{ api_id = 5000, access_level = "READ-ONLY" }]
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}

resource "apiclients_akamai_api_client_credential" "many" {
  count       = var.n
  client_id   = apiclients_akamai_api_client.many[count.index].id
  description = "peer credential"
}
