"""Test helpers: a local fixture HTTP server and database fixtures (no network in tests)."""
