# Import by the OAuth client's ID. SailPoint never returns a secret after creation, so `secret` is null
# in the state of an imported client.
terraform import apiclients_sailpoint_oauth_client.ci 2c9180835d2e5168015d32f890ca1581
