"""Scheduled runs: the lock that keeps two from overlapping, and the per-portal run summary."""
