# requests_per_10s out of range: refused by terraform validate, before any plan.
provider "apiclients" {
  sailpoint {
    requests_per_10s = 0
  }
}

# Terraform validates a provider's configuration only when something uses the provider.
resource "apiclients_test_widget" "any" {
  name       = "any"
  store_path = "widgets.json"
}
