# A delete timeout of zero: refused by `terraform validate`.
provider "apiclients" {}

resource "apiclients_test_widget" "w" {
  name = "timed"
  tags = ["b", "a"]
  size = 1
  timeouts {
    delete = "0s"
  }
}
