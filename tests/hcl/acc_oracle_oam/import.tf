# The lifecycle client imported with an import block (Terraform 1.5+; an id from a variable, 1.6+).
variable "import_id" {
  type = string
}

import {
  to = apiclients_oracle_oam_oauth_client.ci
  id = var.import_id
}
