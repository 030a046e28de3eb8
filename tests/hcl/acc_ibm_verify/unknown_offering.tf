# An offering that does not exist: the plan names it and the ones that do.
provider "apiclients" {}

data "apiclients_ibm_verify_entitlements" "x" {
  offering = "CIX"
}
