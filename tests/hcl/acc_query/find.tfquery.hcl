# One list per resource type, each filtered down to the client the test made on that platform (the
# decoys beside them must not show).
list "apiclients_ibm_verify_api_client" "ibm" {
  provider         = apiclients
  include_resource = true
  config {
    client_name_contains = "found"
  }
}

list "apiclients_sailpoint_oauth_client" "sailpoint" {
  provider         = apiclients
  include_resource = true
  config {
    name       = "found-sailpoint"
    never_used = true
  }
}

list "apiclients_oracle_oam_oauth_client" "oam" {
  provider         = apiclients
  include_resource = true
  config {
    name = "found-oam"
  }
}

list "apiclients_akamai_api_client" "akamai" {
  provider         = apiclients
  include_resource = true
  config {
    client_name = "found-akamai"
    locked      = false
  }
}

list "apiclients_akamai_api_client_credential" "akamai" {
  provider         = apiclients
  include_resource = true
  config {
    client_id = var.akamai_client
    status    = "ACTIVE"
  }
}
