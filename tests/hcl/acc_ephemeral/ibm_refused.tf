# A token for whatever client the variables name: the plan opens it, and a refusal fails there.
provider "apiclients" {}

variable "client_id" {
  type = string
}

variable "client_secret" {
  type      = string
  sensitive = true
}

ephemeral "apiclients_ibm_verify_access_token" "t" {
  client_id     = var.client_id
  client_secret = var.client_secret
}

provider "apiclients" {
  alias = "minted"
  ibm_verify {
    access_token = ephemeral.apiclients_ibm_verify_access_token.t.access_token
  }
}

data "apiclients_ibm_verify_entitlements" "all" {
  provider = apiclients.minted
}
