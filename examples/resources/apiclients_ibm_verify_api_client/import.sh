# By key: the last segment of the Location of the client's creation (the "id" of the list API).
terraform import apiclients_ibm_verify_api_client.ci 0f3c8e6a-5a43-4c9e-9b7c-2f9d7e1a2b3c

# Or by client ID.
terraform import apiclients_ibm_verify_api_client.ci 6d1e2f3a-ci-deployer-client-id
