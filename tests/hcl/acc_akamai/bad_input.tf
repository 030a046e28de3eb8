# One bad value per resource: each must fail the plan naming its attribute, and nothing is created.
provider "apiclients" {}

resource "apiclients_akamai_api_client" "bad_enums" {
  client_name      = "bad"
  client_type      = "ROBOT"
  authorized_users = ["alice", "bob"]
  api_access = {
    all_accessible_apis = true
  }
  group_access = {
    clone_authorized_user_groups = true
  }
}

resource "apiclients_akamai_api_client" "bad_shapes" {
  client_name      = "bad"
  authorized_users = ["alice"]
  api_access = {
    all_accessible_apis = false
    apis                = [{ api_id = 1, access_level = "ADMIN" }]
  }
  group_access = {
    clone_authorized_user_groups = false
  }
  ip_acl = {
    enable = true
    cidr   = ["10.0.0.0/33"]
  }
}

resource "apiclients_akamai_api_client_credential" "bad_status" {
  client_id = "abc"
  status    = "REVOKED"
}

resource "apiclients_akamai_api_client_credential" "bad_date" {
  client_id  = "abc"
  expires_on = "next tuesday"
}
