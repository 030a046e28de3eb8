import {
  to = apiclients_akamai_api_client.ci
  id = "1a2b3c4d5e6f7g8h"
}
