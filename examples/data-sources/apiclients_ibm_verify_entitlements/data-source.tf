# Every entitlement of IBM Security Verify's catalogue.
data "apiclients_ibm_verify_entitlements" "all" {}

# Only those of the Verify (CIV) offering.
data "apiclients_ibm_verify_entitlements" "civ" {
  offering = "CIV"
}

# A read-only client holding every "read..." entitlement available on any tenant.
resource "apiclients_ibm_verify_api_client" "auditor" {
  client_name = "auditor"
  entitlements = [
    for e in data.apiclients_ibm_verify_entitlements.all.entitlements : e.name
    if substr(e.name, 0, 4) == "read" && contains(e.offerings, "any")
  ]
}
