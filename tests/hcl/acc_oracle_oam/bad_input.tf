# One bad value per resource: each must fail the plan naming its attribute, and nothing is created.
resource "apiclients_oracle_oam_oauth_client" "bad_type" {
  name        = "a"
  client_type = "SERVICE_CLIENT"
  grant_types = ["CLIENT_CREDENTIALS"]
}

resource "apiclients_oracle_oam_oauth_client" "bad_grant" {
  name        = "b"
  grant_types = ["CLIENT_CREDENTIALS", "IMPLICIT"]
}

resource "apiclients_oracle_oam_oauth_client" "code_without_redirect" {
  name        = "c"
  grant_types = ["AUTHORIZATION_CODE"]
}

resource "apiclients_oracle_oam_oauth_client" "bad_url" {
  name          = "d"
  grant_types   = ["AUTHORIZATION_CODE"]
  redirect_uris = ["app.example.com/cb"]
}

resource "apiclients_oracle_oam_oauth_client" "negative" {
  name                              = "e"
  grant_types                       = ["CLIENT_CREDENTIALS"]
  old_secret_retention_time_in_days = -1
}

resource "apiclients_oracle_oam_oauth_client" "public_with_secret" {
  name           = "f"
  client_type    = "PUBLIC_CLIENT"
  grant_types    = ["AUTHORIZATION_CODE"]
  redirect_uris  = ["https://app.example.com/cb"]
  secret_version = 1
}

resource "apiclients_oracle_oam_oauth_client" "bad_attr" {
  name        = "g"
  grant_types = ["CLIENT_CREDENTIALS"]
  attributes  = [{ attr_name = "x", attr_type = "CONSTANT", attr_value = "1" }]
}
