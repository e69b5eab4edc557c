"""Processing after a fetch: archive the bytes, parse them, load the result."""
