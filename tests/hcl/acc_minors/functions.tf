# A provider-defined function (Terraform 1.8+) in the smoke lifecycle of tests/acc_minors.rs; before
# 1.8 Terraform refuses the call.
output "token_url" {
  value = provider::apiclients::token_url("sailpoint", "acme.api.identitynow.com")
}
