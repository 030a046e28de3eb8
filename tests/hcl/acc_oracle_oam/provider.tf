# Every setting comes from the sandbox's environment variables (tests/acc_oracle_oam.rs writes this
# file beside each configuration).
provider "apiclients" {}
