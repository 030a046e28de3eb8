# The demo stack `make demo` applies against apiclients-sandbox. Credentials come from the vendors' own
# environment variables (IBM_VERIFY_*, SAIL_*), which scripts/demo.sh reads from the sandbox.

terraform {
  required_providers {
    apiclients = {
      source = "apiclients/apiclients"
    }
  }
}

provider "apiclients" {}

# An IBM Security Verify API client for a reporting job: random client ID and secret, two entitlements.
resource "apiclients_ibm_verify_api_client" "reporting" {
  client_name  = "reporting-job"
  description  = "Reads users and groups for the nightly report"
  entitlements = ["readUserGroups", "readReports"]
}

output "ibm_verify_client_id" {
  value = apiclients_ibm_verify_api_client.reporting.client_id
}

output "ibm_verify_client_secret" {
  value     = apiclients_ibm_verify_api_client.reporting.client_secret
  sensitive = true
}
