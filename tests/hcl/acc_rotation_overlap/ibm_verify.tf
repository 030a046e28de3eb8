# IBM Security Verify without downtime: replace the client, the new one first. Rotating in place
# (secret_version) refuses the old secret at once; a replacement with create_before_destroy keeps
# both working until the old client is deleted:
#   terraform apply -replace=apiclients_ibm_verify_api_client.consumer
provider "apiclients" {}

resource "apiclients_ibm_verify_api_client" "consumer" {
  client_name  = "overlap-consumer"
  entitlements = ["readAPIClients"]

  lifecycle {
    create_before_destroy = true
  }
}

output "client_id" {
  value = apiclients_ibm_verify_api_client.consumer.client_id
}

output "client_secret" {
  value     = apiclients_ibm_verify_api_client.consumer.client_secret
  sensitive = true
}
