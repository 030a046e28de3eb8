# The provider alone (its schema is what the test reads).
provider "apiclients" {}
