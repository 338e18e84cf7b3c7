"""UK postcodes and their coordinates, for "near me" searches.

Shared by every borough: postcodes are public data and the same for everyone, and the
full ONS Postcode Directory (about 2.7 million rows) should exist once, not once per
borough. So this small app is in SHARED_APPS only and its tables live in the public
schema, which every borough's ``search_path`` also reads.
"""
