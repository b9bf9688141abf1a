"""Peerbill's domain: rules engine, claims, X12, persistence and use cases."""
