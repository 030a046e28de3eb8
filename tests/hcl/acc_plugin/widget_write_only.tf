# A widget with a write-only passphrase (Terraform 1.11+) whose create fails after the object exists.
# The passphrase is written here, not taken from a variable: before 1.11 Terraform validates with
# every variable unknown, and the provider refuses a write-only attribute that may be set.
provider "apiclients" {}

resource "apiclients_test_widget" "w" {
  name          = "fail-after-create-wo"
  tags          = ["b", "a"]
  size          = 1
  passphrase_wo = "wo-passphrase-5e1f"
}
