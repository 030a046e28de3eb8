# token_url for each platform with a token endpoint, on the sandbox's address (tests/acc_functions.rs).
variable "url" {
  type = string
}

output "ibm_verify" {
  value = provider::apiclients::token_url("ibm_verify", var.url)
}

output "sailpoint" {
  value = provider::apiclients::token_url("sailpoint", var.url)
}

output "oracle_oam" {
  value = provider::apiclients::token_url("oracle_oam", var.url)
}
