# A filter the API does not support: the plan fails naming the attribute and the filters it takes.
data "apiclients_sailpoint_oauth_clients" "bad" {
  filters = "name eq \"x\""
}
