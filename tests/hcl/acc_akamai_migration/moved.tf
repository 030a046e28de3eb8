# The moved path (Terraform 1.8+): akamai/akamai's state handed to this provider.
moved {
  from = akamai_iam_api_client.peer
  to   = apiclients_akamai_api_client.peer
}
