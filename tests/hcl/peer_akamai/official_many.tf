# N plain clients with their credentials by akamai/akamai, for the side-by-side timing.
terraform {
  required_providers {
    akamai = {
      source = "akamai/akamai"
    }
  }
}

variable "host" {
  type = string
}

variable "n" {
  type = number
}

provider "akamai" {
  config {
    host          = var.host
    client_token  = "akab-sandbox-client-token"
    client_secret = "sandbox-akamai-client-secret"
    access_token  = "akab-sandbox-access-token"
  }
}

resource "akamai_iam_api_client" "many" {
  count            = var.n
  client_name      = "peer-${count.index}"
  client_type      = "CLIENT"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = false
    apis                = [{ api_id = 5000, access_level = "READ-ONLY" }]
  }
  group_access = {
    clone_authorized_user_groups = true
  }
  credential = {
    description = "peer credential"
  }
}
