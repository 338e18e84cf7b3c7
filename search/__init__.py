"""Search for every borough: backends, index naming, tenant context and query building.

Other apps only declare their ``search_fields``; everything engine-specific lives here.
"""
