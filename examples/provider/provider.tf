# Configure only the vendors you use. Every setting falls back to the environment variable in its
# comment; an attribute set here wins over the variable. Keep secrets out of the file: leave them to
# the environment (or to sensitive variables).
terraform {
  required_providers {
    apiclients = {
      source = "apiclients/apiclients"
    }
  }
}

provider "apiclients" {
  ibm_verify {
    tenant_url = "https://example.verify.ibm.com" # IBM_VERIFY_TENANT_URL
    # client_id and client_secret: IBM_VERIFY_CLIENT_ID, IBM_VERIFY_CLIENT_SECRET
  }

  sailpoint {
    base_url = "https://example.api.identitynow.com" # SAIL_BASE_URL
    # A personal access token's id and secret: SAIL_CLIENT_ID, SAIL_CLIENT_SECRET
  }

  oracle_oam {
    base_url        = "https://oam.example.com:7002" # OAM_BASE_URL
    identity_domain = "DefaultDomain"                # OAM_IDENTITY_DOMAIN
    # username and password: OAM_USERNAME, OAM_PASSWORD
    ca_cert_file = "/etc/ssl/private-ca.pem" # the admin server's certificate comes from a private CA
  }

  akamai {
    # Each credential: the attribute here, else AKAMAI_HOST, AKAMAI_CLIENT_TOKEN, AKAMAI_CLIENT_SECRET,
    # AKAMAI_ACCESS_TOKEN, else this section of the .edgerc file (AKAMAI_EDGERC, default ~/.edgerc).
    section = "iam" # AKAMAI_EDGERC_SECTION, default "default"

    request_timeout = "1m"
    max_retries     = 3
  }
}
