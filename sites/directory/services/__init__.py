"""Business logic of the community directory: called by views, commands and the admin."""
