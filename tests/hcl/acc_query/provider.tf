# Every setting comes from the sandbox's environment variables (tests/acc_query.rs).
provider "apiclients" {}

# The Akamai client whose credentials find.tfquery.hcl lists, made behind Terraform's back.
variable "akamai_client" {
  type    = string
  default = null
}
