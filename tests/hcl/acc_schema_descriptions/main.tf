# Nothing to manage: `terraform providers schema -json` needs only the provider requirement.
provider "apiclients" {}
