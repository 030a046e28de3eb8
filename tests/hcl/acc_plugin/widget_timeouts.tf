# The test widget with a timeouts block, each timeout from a variable (null: not set).
provider "apiclients" {}

variable "name" {
  type = string
}

variable "create_timeout" {
  type    = string
  default = null
}

variable "read_timeout" {
  type    = string
  default = null
}

resource "apiclients_test_widget" "w" {
  name = var.name
  tags = ["b", "a"]
  size = 1
  timeouts {
    create = var.create_timeout
    read   = var.read_timeout
  }
}
