# Settings in the blocks, each from a variable; one left null is a setting left out, which the
# environment then gives.
variable "oam_password" {
  type    = string
  default = null
}

variable "oam_identity_domain" {
  type    = string
  default = null
}

variable "oam_ca_cert_file" {
  type    = string
  default = null
}

variable "akamai_host" {
  type    = string
  default = null
}

variable "akamai_client_secret" {
  type    = string
  default = null
}

variable "akamai_edgerc" {
  type    = string
  default = null
}

variable "akamai_section" {
  type    = string
  default = null
}

variable "akamai_ca_cert_file" {
  type    = string
  default = null
}

provider "apiclients" {
  oracle_oam {
    password        = var.oam_password
    identity_domain = var.oam_identity_domain
    ca_cert_file    = var.oam_ca_cert_file
  }
  akamai {
    host          = var.akamai_host
    client_secret = var.akamai_client_secret
    edgerc        = var.akamai_edgerc
    section       = var.akamai_section
    ca_cert_file  = var.akamai_ca_cert_file
  }
}
