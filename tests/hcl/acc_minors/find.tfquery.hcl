# List resources (`terraform query`, Terraform 1.14 and later): finds the smoke client by name.
list "apiclients_oracle_oam_oauth_client" "smoke" {
  provider = apiclients
  config {
    identity_domain = "SmokeDomain"
    name            = "smoke"
  }
}
