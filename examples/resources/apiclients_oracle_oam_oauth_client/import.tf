import {
  to = apiclients_oracle_oam_oauth_client.ci
  id = "DefaultDomain/aac8a8f4a228448d9d69ac24a3def39a"
}
