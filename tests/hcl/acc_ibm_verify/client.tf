# The lifecycle client of tests/acc_ibm_verify.rs: each step sets the variables it changes, and a
# variable left null is an attribute left out.
provider "apiclients" {}

variable "entitlements" {
  type = list(string)
}

variable "description" {
  type = string
}

variable "secret_version" {
  type    = number
  default = null
}

variable "client_secret" {
  type    = string
  default = null
}

variable "client_id" {
  type    = string
  default = null
}

resource "apiclients_ibm_verify_api_client" "ci" {
  client_name  = "ci-deployer"
  description  = var.description
  entitlements = var.entitlements
  ip_filter_op = "allow"
  ip_filters   = ["10.0.0.1", "192.168.0.0/16"]
  jwk_uri      = "https://keys.example.com/jwks"
  override_settings = {
    restrict_scopes = true
    scopes          = [{ name = "openid" }, { name = "profile", description = "Profile" }]
  }
  additional_config = {
    client_auth_method            = "default"
    validate_client_assertion_jti = true
  }
  additional_properties = {
    team = "platform"
  }
  secret_version = var.secret_version
  client_secret  = var.client_secret
  client_id      = var.client_id
}
