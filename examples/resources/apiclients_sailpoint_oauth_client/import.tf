import {
  to = apiclients_sailpoint_oauth_client.ci
  id = "2c9180835d2e5168015d32f890ca1581"
}
