# Ephemeral resources (Terraform 1.10 and later): the framework's test token, opened and closed at plan and at
# apply, every open and close written to the journal the test reads.
ephemeral "apiclients_test_token" "smoke" {
  name         = "smoke"
  journal_path = "${path.root}/journal.jsonl"
}
