"""Organisations and the public site: asking to be listed, and confirming listings are current."""
