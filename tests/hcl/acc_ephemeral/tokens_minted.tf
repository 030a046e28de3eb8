# Step 2 (Terraform 1.11+): a token of each client, minted for this run, handed through a
# write-only argument to the test widget's store files, so that the test knows the tokens it must
# find nowhere else and can use them as the consumer would.
variable "sailpoint_store" {
  type = string
}

variable "oam_store" {
  type = string
}

ephemeral "apiclients_sailpoint_access_token" "ci" {
  client_id     = apiclients_sailpoint_oauth_client.ci.id
  client_secret = apiclients_sailpoint_oauth_client.ci.secret
}

ephemeral "apiclients_oracle_oam_access_token" "ci" {
  client_id     = apiclients_oracle_oam_oauth_client.ci.client_id
  client_secret = apiclients_oracle_oam_oauth_client.ci.client_secret
  scope         = "ResServer1.deploy"
}

resource "apiclients_test_widget" "sailpoint_token" {
  name          = "sailpoint-token-witness"
  store_path    = var.sailpoint_store
  passphrase_wo = ephemeral.apiclients_sailpoint_access_token.ci.access_token
}

resource "apiclients_test_widget" "oam_token" {
  name          = "oam-token-witness"
  store_path    = var.oam_store
  passphrase_wo = ephemeral.apiclients_oracle_oam_access_token.ci.access_token
}
