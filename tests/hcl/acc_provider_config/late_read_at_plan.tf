# Read through the late provider at plan time, when its settings are not known yet.
data "apiclients_oracle_oam_oauth_clients" "late" {
  provider = apiclients.late
}
