"""Ownership and control: importers of registers and leaks, the OFAC / EU / UK ownership
rules, paths from designated people to property, and unexplained-wealth triage."""
