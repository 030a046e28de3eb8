# A client for a CI pipeline: read-only reporting and read-write Property Manager, in the groups of
# its user, callable only from the CI network. Its credentials are separate resources.
resource "apiclients_akamai_api_client" "ci" {
  client_name         = "ci-pipeline"
  client_description  = "Deploys property configuration from CI"
  authorized_users    = ["jsmith"]
  notification_emails = ["platform-team@example.com"]

  api_access = {
    all_accessible_apis = false
    apis = [
      { api_id = 5000, access_level = "READ-ONLY" },
      { api_id = 5801, access_level = "READ-WRITE" },
    ]
  }

  group_access = {
    clone_authorized_user_groups = true
  }

  ip_acl = {
    enable = true
    cidr   = ["192.0.2.0/24"]
  }
}

# A client limited to two groups, locked until it is needed.
resource "apiclients_akamai_api_client" "standby" {
  client_name      = "standby-automation"
  authorized_users = ["jsmith"]
  lock             = true

  api_access = {
    all_accessible_apis = true
  }

  group_access = {
    clone_authorized_user_groups = false
    groups = [
      { group_id = 32145, role_id = 1 },
      { group_id = 18385, role_id = 2 },
    ]
  }
}
