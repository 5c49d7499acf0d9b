"""The read API gives the kenmerken that held on the asked peildatum, not today's (issue 15 §5)."""

from datetime import date

import pytest
from django.urls import reverse

from registratie.services import opleiding as opl

pytestmark = pytest.mark.django_db


def test_api_op_verleden_peildatum_toont_oude_kenmerken(api, opzet, vandaag):
    ao = opzet.gemandateerd.opleiding
    ao.refresh_from_db()
    opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ao.versie, ingangsdatum=vandaag,
                                    eigen_naam="De Regenboog basis", internationale_naam="", omschrijving="",
                                    kenmerken={"doelgroepBasisonderwijs": ["BO"], "onderwijsconcept": ["DALTON"]})
    url = reverse("uitwisseling:api_v1_organisatie_opleidingen", args=[opzet.bestuur.code])
    verleden = api(url, peildatum=date(2026, 1, 1).isoformat()).json()["resultaten"][0]["kenmerken"]
    assert verleden == [{"naam": "doelgroepBasisonderwijs", "waarde": "BO"}]
    nu = api(url).json()["resultaten"][0]["kenmerken"]
    assert {k["waarde"] for k in nu} == {"BO", "DALTON"}
