# A client made behind Terraform's back with every optional field set, adopted with an import block
# and a configuration Terraform generates (-generate-config-out, Terraform 1.5+; an id from a
# variable, 1.6+).
provider "apiclients" {}

variable "import_id" {
  type = string
}

import {
  to = apiclients_akamai_api_client.adopted
  id = var.import_id
}
