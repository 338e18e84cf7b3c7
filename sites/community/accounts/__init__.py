"""Member accounts: sign up, confirm, sign in and out, passwords, profile, privacy."""
