# The test widget of tests/acc_plugin.rs; each step sets its name, size and mode. A variable left
# null is an attribute left out.
provider "apiclients" {}

variable "name" {
  type = string
}

variable "size" {
  type = number
}

variable "mode" {
  type    = string
  default = null
}

resource "apiclients_test_widget" "w" {
  name = var.name
  tags = ["b", "a"]
  size = var.size
  mode = var.mode
}
