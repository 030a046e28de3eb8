# The removed + import path: after `terraform state rm akamai_iam_api_client.peer`, the client is
# imported by its client ID.
variable "client_id" {
  type = string
}

import {
  to = apiclients_akamai_api_client.peer
  id = var.client_id
}
