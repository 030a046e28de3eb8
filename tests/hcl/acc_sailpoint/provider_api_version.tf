# The provider block with the SailPoint API version set (tests/acc_sailpoint.rs writes this file in
# the place of provider.tf).
variable "api_version" {
  type = string
}

provider "apiclients" {
  sailpoint {
    api_version = var.api_version
  }
}
