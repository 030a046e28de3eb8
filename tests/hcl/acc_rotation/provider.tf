# The provider block the guide's configurations (rotate_after.tf, sailpoint_secret_version.tf) leave
# out: every setting comes from the sandbox's environment variables.
provider "apiclients" {}
