"""The HTTP API (FastAPI). Thin: it authenticates, validates, and calls billing's use cases."""
