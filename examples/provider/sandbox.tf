# Against apiclients-sandbox (see docs/sandbox.md): every base URL is the sandbox's, and the credentials are
# the ones `GET /_sandbox/credentials` returns.
provider "apiclients" {
  ibm_verify {
    tenant_url    = "http://127.0.0.1:8080"
    client_id     = var.sandbox_ibm_client_id
    client_secret = var.sandbox_ibm_client_secret
  }

  sailpoint {
    base_url      = "http://127.0.0.1:8080"
    client_id     = var.sandbox_sailpoint_client_id
    client_secret = var.sandbox_sailpoint_client_secret
  }
}
