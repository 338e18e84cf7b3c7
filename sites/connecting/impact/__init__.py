"""The impact report of Community Connecting, and the cookieless site visitor count it uses.

See docs/community-connecting.md ("The impact report", "Site visitors").
"""
