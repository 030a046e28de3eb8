# The entitlement catalogue, filtered by offering and whole; it needs no settings.
provider "apiclients" {}

data "apiclients_ibm_verify_entitlements" "civ" {
  offering = "CIV"
}

data "apiclients_ibm_verify_entitlements" "all" {}

output "civ" {
  value = data.apiclients_ibm_verify_entitlements.civ.names
}
