"""Fixtures of the controle tests: a board that passes every check, and the browser fixtures for the e2e test."""


import pytest

from tests.helpers.controle import vul_schoon


@pytest.fixture(autouse=True)
def exportmap(settings, tmp_path):
    """Should a test choose the folder storage (EXPORT_OPSLAG=map), it writes into a temporary folder, never into
    the checkout; the default storage is the database."""
    settings.EXPORT_MAP = tmp_path / "exports"
    return settings.EXPORT_MAP


@pytest.fixture
def schoon_bestuur(bestuur, vandaag):
    """``bestuur`` (BRIN4 11AA and 11AB, one BRIN6 each) registered without any defect."""
    vul_schoon(bestuur, vandaag)
    return bestuur
