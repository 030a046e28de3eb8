# A create timeout that is not a duration: refused by `terraform validate`, which sees no variable
# values, so it is written here.
provider "apiclients" {}

resource "apiclients_test_widget" "w" {
  name = "timed"
  tags = ["b", "a"]
  size = 1
  timeouts {
    create = "10 minutes"
  }
}
