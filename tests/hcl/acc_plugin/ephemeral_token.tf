# An ephemeral token (Terraform 1.10+) that configures an aliased provider and, through a local, a
# write-only attribute (1.11+) of the widget that provider manages. The token resource journals its
# opens and closes to `journal_path`.
provider "apiclients" {}

variable "journal_path" {
  type = string
}

ephemeral "apiclients_test_token" "t" {
  name         = "run-token"
  journal_path = var.journal_path
}

locals {
  passphrase = ephemeral.apiclients_test_token.t.token
}

provider "apiclients" {
  alias = "minted"
  ibm_verify {
    client_secret = ephemeral.apiclients_test_token.t.token
  }
}

resource "apiclients_test_widget" "w" {
  provider      = apiclients.minted
  name          = "fed-by-a-token"
  size          = 1
  passphrase_wo = local.passphrase
}
