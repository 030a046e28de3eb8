# One IBM Verify client, applied with the provider installed from a release package
# (tests/acc_release_mirror.rs writes the required_providers block, with the exact version, beside
# this file: Terraform takes no variable there).
provider "apiclients" {}

resource "apiclients_ibm_verify_api_client" "mirror" {
  client_name  = "installed-from-a-mirror"
  entitlements = ["readUserGroups"]
}
