# Every unlocked API client of the account.
list "apiclients_akamai_api_client" "unlocked" {
  provider         = apiclients
  include_resource = true
  config {
    locked = false
  }
}
