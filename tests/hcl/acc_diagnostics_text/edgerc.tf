# Akamai credentials from an .edgerc file that lacks the default section (tests/acc_diagnostics_text.rs).
variable "edgerc" {
  type = string
}

provider "apiclients" {
  akamai {
    edgerc = var.edgerc
  }
}

data "apiclients_akamai_api_clients" "all" {}
