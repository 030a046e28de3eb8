# Resource identity (Terraform 1.12 and later): an import block by identity, no ID string. The test puts the
# client ID in place of CLIENT_ID.
import {
  to = apiclients_oracle_oam_oauth_client.smoke
  identity = {
    identity_domain = "SmokeDomain"
    client_id       = "CLIENT_ID"
  }
}
