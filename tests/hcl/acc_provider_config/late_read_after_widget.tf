# Read through the late provider once the widget (and so the identity domain) exists.
data "apiclients_oracle_oam_oauth_clients" "late" {
  provider   = apiclients.late
  depends_on = [apiclients_test_widget.w]
}
