# One bad value per resource: each must fail the plan naming its attribute, and nothing is created.
resource "apiclients_sailpoint_oauth_client" "bad_enum" {
  name                          = "a"
  description                   = "a"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  access_type                   = "SOMETIMES"
}

resource "apiclients_sailpoint_oauth_client" "bad_grant" {
  name                          = "a2"
  description                   = "a2"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS", "PASSWORD"]
  access_type                   = "ONLINE"
}

resource "apiclients_sailpoint_oauth_client" "code_without_redirect" {
  name                          = "b"
  description                   = "b"
  access_token_validity_seconds = 750
  grant_types                   = ["AUTHORIZATION_CODE"]
  access_type                   = "ONLINE"
}

resource "apiclients_sailpoint_oauth_client" "negative" {
  name                           = "c"
  description                    = "c"
  access_token_validity_seconds  = -1
  refresh_token_validity_seconds = 0
  grant_types                    = ["CLIENT_CREDENTIALS"]
  access_type                    = "ONLINE"
}

resource "apiclients_sailpoint_oauth_client" "bad_urls" {
  name                          = "d"
  description                   = "d"
  access_token_validity_seconds = 750
  grant_types                   = ["AUTHORIZATION_CODE"]
  redirect_uris                 = ["not a uri"]
  access_type                   = "ONLINE"
}

resource "apiclients_sailpoint_oauth_client" "bad_homepage" {
  name                          = "e"
  description                   = "e"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS"]
  homepage_url                  = "example.com"
  access_type                   = "ONLINE"
}
