terraform {
  required_providers {
    apiclients = {
      source = "apiclients/apiclients"
    }
  }
}

provider "apiclients" {}
