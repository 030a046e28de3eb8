# A widget whose create takes longer than its two-second create timeout.
provider "apiclients" {}

resource "apiclients_test_widget" "s" {
  name = "slow-create-1"
  tags = ["b", "a"]
  size = 1
  timeouts {
    create = "2s"
  }
}
