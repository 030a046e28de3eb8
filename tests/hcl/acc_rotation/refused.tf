# rotate_after where it cannot work: a duration in days, a secret the configuration chooses, and a
# credential whose expiry is fixed (tests/acc_rotation.rs).
resource "apiclients_ibm_verify_api_client" "days" {
  client_name  = "bad-duration"
  entitlements = ["readUserGroups"]
  rotate_after = "90d"
}

resource "apiclients_ibm_verify_api_client" "chosen" {
  client_name   = "chosen-secret"
  entitlements  = ["readUserGroups"]
  client_secret = "a-secret-of-mine"
  rotate_after  = "2160h"
}

resource "apiclients_akamai_api_client_credential" "fixed" {
  client_id    = "abc"
  expires_on   = "2030-01-01T00:00:00Z"
  rotate_after = "2160h"
}
