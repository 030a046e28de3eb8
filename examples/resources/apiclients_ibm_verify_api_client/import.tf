import {
  to = apiclients_ibm_verify_api_client.ci
  id = "0f3c8e6a-5a43-4c9e-9b7c-2f9d7e1a2b3c"
}
