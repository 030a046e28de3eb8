# OAM without retries: the first 503 fails the plan.
provider "apiclients" {
  oracle_oam {
    max_retries = 0
  }
}
