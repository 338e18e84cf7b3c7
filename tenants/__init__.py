"""Boroughs: the register of tenants, their schemas, hosts and life cycle."""
