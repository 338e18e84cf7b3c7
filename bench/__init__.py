"""Benchmarks of the platform (not tests): see bench/README.md."""
