"""Every call, also a refused one, lands in ApiAanroep; the key's laatst_gebruikt_op is set."""

import pytest
from django.urls import reverse

from uitwisseling.models import ApiAanroep

pytestmark = pytest.mark.django_db


def _laatste() -> ApiAanroep:
    return ApiAanroep.objects.order_by("-id").first()


def test_geslaagde_aanroep_wordt_gelogd_met_aantal(api, opzet, vandaag):
    url = reverse("uitwisseling:api_v1_organisatie_opleidingen", args=[opzet.bestuur.code])
    assert opzet.systeem.sleutels.get().laatst_gebruikt_op is None
    api(url, peildatum="2026-11-28")
    regel = _laatste()
    assert (regel.systeem, regel.sleutel.prefix, regel.methode, regel.pad, regel.statuscode, regel.aantal) == (
        opzet.systeem, "las1", "GET", url, 200, 1)
    assert regel.operatie == "opvragen_aangebodenOpleidingenVanOrganisatie"
    assert regel.formaat == "json" and regel.parameters == {"peildatum": "2026-11-28"} and regel.melding == ""
    assert opzet.systeem.sleutels.get().laatst_gebruikt_op is not None


def test_geweigerde_aanroepen_worden_gelogd(api, client, opzet):
    voor = ApiAanroep.objects.count()
    organisatie = reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[opzet.ander_bestuur.code])
    api(organisatie)  # 403
    api(organisatie, sleutel=None)  # 401
    api(reverse("uitwisseling:api_v1_aanbieder_opleidingen", args=["onzin"]))  # 400
    client.post(organisatie, headers={"X-API-Key": opzet.sleutel})  # 405
    regels = list(ApiAanroep.objects.order_by("id"))[voor:]
    assert [(r.statuscode, r.systeem_id, r.aantal) for r in regels] == [
        (403, opzet.systeem.pk, 0), (401, None, 0), (400, opzet.systeem.pk, 0), (405, opzet.systeem.pk, 0)]
    assert "geen enkele school" in regels[0].melding.lower() and "API-sleutel" in regels[1].melding
    assert regels[3].methode == "POST"


def test_aantal_is_het_aantal_records_op_de_pagina(api, opzet):
    from tests.helpers import factories

    for _ in range(2):
        factories.bo_opleiding(opzet.gemandateerd.aanbieder, locatie=opzet.gemandateerd.gebruik.locatie)
    url = reverse("uitwisseling:api_v1_aanbieder_opleidingen", args=[opzet.gemandateerd.aanbieder.code])
    api(url, perPagina=2, pagina=2)
    assert (_laatste().aantal, _laatste().parameters) == (1, {"perPagina": "2", "pagina": "2"})
    api(reverse("uitwisseling:api_v1_wijzigingen"), sinds="2026-01-01T00:00:00Z")
    assert _laatste().aantal == 5 and _laatste().operatie == "opvragen_wijzigingen"


def test_openbare_documentatie_vraagt_geen_sleutel(client, opzet):
    voor = ApiAanroep.objects.count()
    assert client.get(reverse("uitwisseling:api_v1_openapi")).status_code == 200
    pagina = client.get(reverse("uitwisseling:api_v1_index"))
    assert pagina.status_code == 200
    assert reverse("uitwisseling:api_v1_openapi") in pagina.content.decode()
    assert ApiAanroep.objects.count() == voor


@pytest.mark.django_db(transaction=True)
def test_logregel_buiten_een_transactie_is_een_aanroep_van_de_database(rf, caplog):
    """Outside a transaction (as a real request, ATOMIC_REQUESTS off) PostgreSQL gets the log row in one round trip:
    SET LOCAL and the INSERT as one query string, one transaction; the connection's own setting is untouched. A row
    the database refuses is logged as an error, never raised."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from uitwisseling.aanroep import _log

    verzoek = rf.get("/api/v1/wijzigingen", {"sinds": "2026-01-01"})
    with CaptureQueriesContext(connection) as vragen:
        _log(verzoek, "opvragen_wijzigingen", "json", None, 200, 7, "goed")
    regel = ApiAanroep.objects.get(operatie="opvragen_wijzigingen")
    assert (regel.statuscode, regel.aantal, regel.parameters) == (200, 7, {"sinds": "2026-01-01"})
    if connection.vendor != "postgresql":
        return
    assert len(vragen) == 1 and vragen[0]["sql"].startswith("SET LOCAL synchronous_commit TO OFF; INSERT")
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)
    with caplog.at_level("ERROR", logger="uitwisseling.api"):
        _log(verzoek, "te_groot", "json", None, 70000, 0, "")  # smallint: the database refuses it
    assert not ApiAanroep.objects.filter(operatie="te_groot").exists()
    assert any("niet gelogd" in r.getMessage() for r in caplog.records)
    assert ApiAanroep.objects.count() == 1  # the connection still works
