"""Borough websites: one Django app per page family, plus a small shared core."""
