# A client for a CI pipeline: the tenant generates the client ID and secret.
resource "apiclients_ibm_verify_api_client" "ci" {
  client_name  = "ci-deployer"
  description  = "Deploys applications from the CI pipeline"
  entitlements = ["manageAppAccessAdmin", "readUserGroups"]

  # Only from the build network.
  ip_filter_op = "allow"
  ip_filters   = ["10.20.0.0/16"]

  # Increment to rotate the generated secret (the old one stops working).
  secret_version = 1
}

# A client limited to two scopes, authenticating with signed JWTs from a JWKS.
resource "apiclients_ibm_verify_api_client" "reporting" {
  client_name  = "nightly-report"
  entitlements = ["readReports", "readUserGroups"]
  jwk_uri      = "https://keys.example.com/.well-known/jwks.json"

  override_settings = {
    restrict_scopes = true
    scopes = [
      { name = "openid" },
      { name = "reports", description = "Read reports" },
    ]
  }

  additional_config = {
    client_auth_method            = "private_key_jwt"
    validate_client_assertion_jti = true
  }
}

output "ci_client_id" {
  value = apiclients_ibm_verify_api_client.ci.client_id
}

output "ci_client_secret" {
  value     = apiclients_ibm_verify_api_client.ci.client_secret
  sensitive = true
}
