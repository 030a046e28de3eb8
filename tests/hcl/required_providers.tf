# The block Workdir::write_config puts in front of every test configuration (tests/support/terraform.rs):
# the provider under test, which the working directory's CLI configuration finds through dev_overrides.
terraform {
  required_providers {
    apiclients = {
      source = "apiclients/apiclients"
    }
  }
}
