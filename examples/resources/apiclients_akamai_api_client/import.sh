# Import by the API client's ID (clientId).
terraform import apiclients_akamai_api_client.ci 1a2b3c4d5e6f7g8h
