"""GET /api/v1/organisaties/{code}/begeleidingsaanbieders (issue 18 §2): a system sees the board's
onderwijsbegeleidingsaanbieders that hang under a school (BRIN4) that mandates it today, as with aanbieders."""

from django.urls import reverse

from registratie.models import Instellingserkenning
from registratie.services import begeleiding as begeleiding_services
from tests.helpers import factories
from tests.uitwisseling.api.test_openapi import _document, valideer


def _begeleider(bestuur, brin4: str, naam: str, vandaag):
    school = Instellingserkenning.objects.create(code=brin4, naam=f"SO-school {brin4}", soort="SO", cluster="1",
                                                 bevoegd_gezag=bestuur.bevoegd_gezag)
    return begeleiding_services.registreer_begeleidingsaanbieder(
        bestuur, door="test", naam=naam, begindatum=vandaag, instellingen=[school],
        expertises=["VISUELE_BEPERKINGEN", "DOOFBLINDHEID"])


def test_alleen_begeleiders_onder_een_gemandateerde_school(api, client, opzet, vandaag):
    zichtbaar = _begeleider(opzet.bestuur, "11SO", "Visio Ambulant", vandaag)
    _begeleider(opzet.bestuur, "11SP", "Bartiméus Ambulant", vandaag)  # its school does not mandate the LAS
    url = reverse("uitwisseling:api_v1_organisatie_begeleidingsaanbieders", args=[opzet.bestuur.code])
    assert api(url).json()["resultaten"] == []  # 11AA mandates the LAS, but neither so-school does
    factories.mandaat(opzet.bestuur, "11SO", opzet.systeem)
    antwoord = api(url)
    assert antwoord.status_code == 200
    data = antwoord.json()
    assert data["resultaten"] == [{
        "code": zichtbaar.code, "onderwijsbestuurcode": opzet.bestuur.code, "naam": "Visio Ambulant",
        "internationale_naam": None, "begindatum": vandaag.isoformat(), "einddatum": None,
        "instellingscodes": ["11SO"], "expertises": ["VISUELE_BEPERKINGEN", "DOOFBLINDHEID"]}]
    assert "Bartiméus" not in antwoord.content.decode()
    doc = _document(client)
    beschreven = doc["paths"]["/organisaties/{code}/begeleidingsaanbieders"]["get"]["responses"]["200"]
    valideer(doc, beschreven["content"]["application/json"]["schema"], data)
    # Board B's begeleiders: this system has no mandate of any school of B.
    url_b = reverse("uitwisseling:api_v1_organisatie_begeleidingsaanbieders", args=[opzet.ander_bestuur.code])
    assert api(url_b).status_code == 403
