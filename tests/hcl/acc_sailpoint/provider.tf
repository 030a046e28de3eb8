# Every setting comes from the sandbox's environment variables (tests/acc_sailpoint.rs writes this
# file beside each configuration).
provider "apiclients" {}
