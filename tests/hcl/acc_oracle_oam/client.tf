# The lifecycle client of tests/acc_oracle_oam.rs: each step sets the variables it changes, and a
# variable left null is an attribute left out.
variable "name" {
  type = string
}

variable "description" {
  type    = string
  default = null
}

variable "grant_types" {
  type = list(string)
}

variable "attributes" {
  type = list(object({
    attr_name  = string
    attr_type  = string
    attr_value = string
  }))
  default = null
}

variable "secret_version" {
  type    = number
  default = null
}

variable "identity_domain" {
  type    = string
  default = null
}

resource "apiclients_oracle_oam_oauth_client" "ci" {
  name                                             = var.name
  redirect_uris                                    = ["https://b.example.com/cb", "http://localhost:8080/cb"]
  scopes                                           = ["ResServer1.scope1", "ResServer1.scope2"]
  default_scope                                    = "ResServer1.scope1"
  issue_tls_client_certificate_bound_access_tokens = true
  old_secret_retention_time_in_days                = 2
  description                                      = var.description
  grant_types                                      = var.grant_types
  attributes                                       = var.attributes
  secret_version                                   = var.secret_version
  identity_domain                                  = var.identity_domain
}
