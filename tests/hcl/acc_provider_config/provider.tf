# Every setting from the environment.
provider "apiclients" {}
