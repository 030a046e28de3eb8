# Configure only the vendors you use; every setting falls back to the vendor's own environment variable.
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
    base_url        = "https://oam.example.com:7001" # OAM_BASE_URL
    identity_domain = "DefaultDomain"                # OAM_IDENTITY_DOMAIN
    # username and password: OAM_USERNAME, OAM_PASSWORD
  }

  akamai {
    # Credentials from ~/.edgerc, section "default" (AKAMAI_EDGERC, AKAMAI_EDGERC_SECTION),
    # or AKAMAI_HOST, AKAMAI_CLIENT_TOKEN, AKAMAI_CLIENT_SECRET, AKAMAI_ACCESS_TOKEN.
    section = "default"
  }
}
