"""Helpers shared by the test packages, by topic. Fixture modules (browser, duo, urls) are registered once
through ``pytest_plugins`` in tests/conftest.py; everything else is imported like any module."""
