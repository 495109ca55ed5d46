"""The service catalogue: institution kinds and services contributed by plugins."""
