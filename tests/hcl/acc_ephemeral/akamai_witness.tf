# Terraform 1.11+: the credential's secret, through a write-only argument, into the test widget's
# store file, so that the test knows the secret it must find nowhere else.
variable "witness_store" {
  type = string
}

resource "apiclients_test_widget" "witness" {
  name          = "akamai-secret-witness"
  store_path    = var.witness_store
  passphrase_wo = ephemeral.apiclients_akamai_api_client_credential.run.client_secret
}
