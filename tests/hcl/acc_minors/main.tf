# The smoke lifecycle of tests/acc_minors.rs, the same on every Terraform minor: one OAM client on the
# sandbox (the cheapest vendor: basic auth, no token), updated in place through var.description.
terraform {
  required_providers {
    apiclients = {
      source = "apiclients/apiclients"
    }
  }
}

provider "apiclients" {}

variable "description" {
  type = string
}

# The client ID import_identity.tf imports by identity (Terraform 1.12+).
variable "import_client_id" {
  type    = string
  default = null
}

resource "apiclients_oracle_oam_oauth_client" "smoke" {
  identity_domain = "SmokeDomain"
  name            = "smoke"
  description     = var.description
  grant_types     = ["CLIENT_CREDENTIALS"]
}
