# Import by <client_id>/<credential_id>. Akamai never returns a secret after creation, so
# `client_secret` is null in the state of an imported credential.
terraform import apiclients_akamai_api_client_credential.ci 1a2b3c4d5e6f7g8h/123456
