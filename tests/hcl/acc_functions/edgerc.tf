# The edgerc functions on a plain object (tests/acc_functions.rs); extra attributes are dropped by
# Terraform's conversion to the parameter's object type.
variable "section" {
  type    = string
  default = "ci"
}

locals {
  credential = {
    host          = "akab-h.luna.akamaiapis.net"
    client_token  = "akab-client-token"
    client_secret = "c2VjcmV0LWZvci1lZGdlcmM="
    access_token  = "akab-access-token"
    credential_id = 7
  }
}

output "text" {
  value = provider::apiclients::edgerc_encode(local.credential, var.section)
}

output "back" {
  value = provider::apiclients::edgerc_decode(provider::apiclients::edgerc_encode(local.credential, var.section), var.section)
}
