"""Jinja templates of modelgen, one folder a flavour (shipped inside the package)."""
