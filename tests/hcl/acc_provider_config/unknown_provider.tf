# A second provider instance whose OAM identity domain is known only once the widget exists; a
# data source read through it is in late.tf (late_read_at_plan.tf or late_read_after_widget.tf).
provider "apiclients" {}

resource "apiclients_test_widget" "w" {
  name = "domain-source"
}

provider "apiclients" {
  alias = "late"
  oracle_oam {
    # Unknown until the widget exists, then "Late".
    identity_domain = replace(apiclients_test_widget.w.id, "/.*/", "Late")
  }
}

output "names" {
  value = [for c in data.apiclients_oracle_oam_oauth_clients.late.oauth_clients : c.name]
}
