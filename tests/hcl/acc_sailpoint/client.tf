# The lifecycle client of tests/acc_sailpoint.rs: each step sets the variables it changes, and a
# variable left null is an attribute left out.
variable "description" {
  type    = string
  default = null
}

variable "business_name" {
  type    = string
  default = null
}

variable "enabled" {
  type    = bool
  default = null
}

variable "type" {
  type    = string
  default = null
}

resource "apiclients_sailpoint_oauth_client" "ci" {
  name                          = "ci-pipeline"
  access_token_validity_seconds = 750
  grant_types                   = ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE", "REFRESH_TOKEN"]
  redirect_uris                 = ["https://b.example.com/cb", "https://a.example.com/cb"]
  access_type                   = "OFFLINE"
  description                   = var.description
  business_name                 = var.business_name
  enabled                       = var.enabled
  type                          = var.type
}
