# Import by <identity_domain>/<client_id>. OAM never returns a secret after creation, so
# client_secret (and secret_version) are null in the state of an imported client; set
# secret_version afterwards to rotate the secret into the state.
terraform import apiclients_oracle_oam_oauth_client.ci DefaultDomain/aac8a8f4a228448d9d69ac24a3def39a
