# An OAM machine client whose secret a consumer uses at the runtime token endpoint. The test sets
# the variables (Workdir::set_var) to rotate the secret and change the rollover period.
variable "secret_version" {
  type    = number
  default = 1
}

variable "retention_days" {
  type    = number
  default = 2
}

variable "grant_types" {
  type    = list(string)
  default = ["CLIENT_CREDENTIALS"]
}

provider "apiclients" {}

resource "apiclients_oracle_oam_oauth_client" "consumer" {
  name          = "token-consumer"
  grant_types   = var.grant_types
  scopes        = ["ResServer1.deploy"]
  default_scope = "ResServer1.deploy"

  secret_version                    = var.secret_version
  old_secret_retention_time_in_days = var.retention_days
}

output "identity_domain" {
  value = apiclients_oracle_oam_oauth_client.consumer.identity_domain
}

output "client_id" {
  value = apiclients_oracle_oam_oauth_client.consumer.client_id
}

output "client_secret" {
  value     = apiclients_oracle_oam_oauth_client.consumer.client_secret
  sensitive = true
}
