"""The aanbieder resource carries organisatierelatie OVERGANG (issue 18 §2): ``opvolger`` and ``voorgangers``, as the
OpenAPI document describes them; a successor of another board shows as a code only (no data of that board)."""

from datetime import date

from django.urls import reverse

from registratie.services import organisatie as org
from tests.helpers import factories
from tests.uitwisseling.api.test_openapi import _document, valideer


def _url(code: str) -> str:
    return reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[code])


def test_opvolger_en_voorgangers_in_de_api_en_het_document(api, client, opzet):
    regenboog = opzet.gemandateerd.aanbieder
    # De Regenboog (11AA, mandated) continues a school of the same BRIN that ends in a merger, and will itself go
    # on in Het Baken of board B, a board this system may not read.
    wilg = factories.aanbieder(opzet.bestuur, naam="De Wilg", brin4="11AA")
    org.beeindig_aanbieder(wilg, door="test", versie=wilg.versie, einddatum=date(2027, 1, 31),
                           opvolgercode=regenboog.code)
    baken = opzet.van_b.aanbieder
    org.beeindig_aanbieder(regenboog, door="test", versie=regenboog.versie, einddatum=date(2027, 7, 31),
                           opvolgercode=baken.code)
    data = api(_url(opzet.bestuur.code)).json()
    per_code = {r["code"]: r for r in data["resultaten"]}
    assert per_code[regenboog.code]["opvolger"] == {"code": baken.code, "datum": "2027-08-01"}
    assert per_code[regenboog.code]["voorgangers"] == [{"code": wilg.code, "datum": "2027-02-01"}]
    assert per_code[wilg.code]["opvolger"] == {"code": regenboog.code, "datum": "2027-02-01"}
    assert per_code[wilg.code]["voorgangers"] == []
    assert "Het Baken" not in str(data)  # only the code of the other board's school
    doc = _document(client)
    schema = doc["components"]["schemas"]["Onderwijsaanbieder"]
    assert {"opvolger", "voorgangers"} <= set(schema["required"])
    for record in data["resultaten"]:
        valideer(doc, schema, record)
    try:  # the validator must reject a malformed successor: a test that cannot fail is a defect
        valideer(doc, schema, {**per_code[wilg.code], "opvolger": {"code": "De Regenboog", "datum": "2027-02-01"}})
    except AssertionError:
        pass
    else:
        raise AssertionError("het schema van opvolger controleert de code niet")
