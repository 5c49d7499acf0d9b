"""Shared core every app may import: errors, today, validity on a date, export writers, form and view helpers.

It imports no app of the portal (an import-linter contract in pyproject.toml keeps it so)."""
