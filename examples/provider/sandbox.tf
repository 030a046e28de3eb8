# Against apiclients-sandbox (see docs/guides/sandbox.md), started with
# `apiclients-sandbox --listen 127.0.0.1:8787`: every base URL is the sandbox's, and the credentials
# are its defaults, which `GET /_sandbox/credentials` returns.
terraform {
  required_providers {
    apiclients = {
      source = "apiclients/apiclients"
    }
  }
}

provider "apiclients" {
  ibm_verify {
    tenant_url    = "http://127.0.0.1:8787"
    client_id     = "sandbox-ibm-admin"
    client_secret = "sandbox-ibm-secret"
  }

  sailpoint {
    base_url      = "http://127.0.0.1:8787"
    client_id     = "sandbox-sailpoint-admin"
    client_secret = "sandbox-sailpoint-secret"
  }

  oracle_oam {
    base_url        = "http://127.0.0.1:8787"
    username        = "oamadmin"
    password        = "sandbox-oam-password"
    identity_domain = "DemoDomain" # the identity domain of make demo and examples/query
  }

  akamai {
    # A full URL is accepted here (not in .edgerc, where hosts are bare names that mean https).
    host          = "http://127.0.0.1:8787"
    client_token  = "akab-sandbox-client-token"
    client_secret = "sandbox-akamai-client-secret"
    access_token  = "akab-sandbox-access-token"
  }
}
