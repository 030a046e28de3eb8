# Resource identity (Terraform 1.12 and later): an import block by identity, no ID string. The client
# ID is var.import_client_id (declared in main.tf).
import {
  to = apiclients_oracle_oam_oauth_client.smoke
  identity = {
    identity_domain = "SmokeDomain"
    client_id       = var.import_client_id
  }
}
