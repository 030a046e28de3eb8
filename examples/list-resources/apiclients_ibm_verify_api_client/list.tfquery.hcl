# Every enabled API client whose name contains "report".
list "apiclients_ibm_verify_api_client" "reporting" {
  provider         = apiclients
  include_resource = true
  config {
    client_name_contains = "report"
    enabled              = true
  }
}
