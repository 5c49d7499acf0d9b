"""Recorded request/response pairs per operation (tests/uitwisseling/soap/voorbeelden/), examples for suppliers.

The test makes every call again (zeep, signed with a certificate made in the test, as DUO's clients send it) and
compares the envelopes with the recorded ones, after replacing what differs per run by placeholders: document and
message ids, digests, signature and certificate. So an example cannot rot: a change in what the service answers
fails here. ``REGENEREER_VOORBEELDEN=1`` writes the files anew (look at the diff before committing it).
"""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from tests.helpers import soap
from uitwisseling.rio_xml import schema
from uitwisseling.soap.envelop import DS_NS, SOAP_NS, WSA_NS, WSSE_NS
from uitwisseling.soap.operaties import OPERATIES

pytestmark = pytest.mark.django_db(transaction=True)

MAP = Path(__file__).parent / "voorbeelden"
# Placeholders that keep the envelope valid (the identificatiecode's pattern, base64 where base64 belongs).
VERANDERLIJK = {
    f"{{{soap.NS}}}identificatiecodeBedrijfsdocument": "voorbeeld-identificatiecode",
    f"{{{WSA_NS}}}MessageID": "urn:uuid:00000000-0000-4000-8000-000000000001",
    f"{{{WSA_NS}}}RelatesTo": "urn:uuid:00000000-0000-4000-8000-000000000001",
    f"{{{DS_NS}}}DigestValue": "VOORBEELD=", f"{{{DS_NS}}}SignatureValue": "VOORBEELD=",
    f"{{{WSSE_NS}}}BinarySecurityToken": "VOORBEELD-CERTIFICAAT=",
}
# Fixed example codes for the aangeboden opleidingen (their UUIDs are new in every run).
VOORBEELD_UUID = {"bo": "0b6f2a4e-1111-4222-8333-444455556601", "so": "0b6f2a4e-1111-4222-8333-444455556602",
                  "bo_eind": "0b6f2a4e-1111-4222-8333-444455556603"}
SINDS = datetime(2026, 1, 1, tzinfo=UTC)


def _verzoeken(register) -> dict[str, dict]:
    return {
        "opvragen_onderwijsaanbiedersVanOrganisatie": {"onderwijsbestuurCode": register.bestuur.code},
        "opvragen_onderwijslocatiegebruikVanOrganisatie": {"onderwijsbestuurCode": register.bestuur.code},
        "opvragen_aangebodenOpleidingenVanOrganisatie": {
            "erkendeVestigingCode": "11AA00", "onderwijslocatiecode": register.gebruik_aa.locatie.code, "pagina": 0},
        "opvragen_onderwijsaanbieder": {"onderwijsaanbiedercode": register.regenboog.code},
        "opvragen_onderwijslocatie": {"onderwijslocatieCode": register.gebruik_aa.locatie.code},
        "opvragen_onderwijslocatiegebruik": {"onderwijsbestuurCode": register.bestuur.code,
                                             "onderwijslocatieCode": register.gebruik_aa.locatie.code},
        "opvragen_aangebodenOpleiding": {"aangebodenOpleidingCode": str(register.bo.code)},
        "opvragen_gewijzigdeOnderwijsaanbieders": {"peildatumtijdMutaties": SINDS, "pagina": 0},
        "opvragen_gewijzigdOnderwijslocatiegebruik": {"peildatumtijdMutaties": SINDS, "pagina": 0},
        "opvragen_gewijzigdeAangebodenOpleidingen": {"peildatumtijdMutaties": SINDS, "pagina": 0,
                                                     "onderwijsaanbiederCode": register.eik.code},
        "opvragen_instellingsstructuur": {"bevoegdGezagNummer": register.bestuur.bevoegd_gezag.nummer},
        "opvragen_rioIdentificatiecode": {"eigenOnderwijsaanbiederSleutel": "LAS-4711"},
        "opvragen_opleidingseenhedenVanOrganisatie": {"onderwijsbestuurcode": register.bestuur.code, "pagina": 0},
        "opvragen_opleidingsrelatiesBijOpleidingseenheid": {"opleidingseenheidcode": register.bo.opleiding.code},
    }


def _normaliseer(inhoud: bytes, uuids: dict[str, str]) -> bytes:
    root = etree.fromstring(inhoud)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in VERANDERLIJK:
            element.text = VERANDERLIJK[element.tag]
        elif element.text and element.text.strip() in uuids:
            element.text = uuids[element.text.strip()]
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def test_elke_operatie_heeft_een_opgenomen_voorbeeld_dat_klopt(live_server, register, certificaat):
    register.systeem.oin = soap.LAS_OIN
    register.systeem.certificaat = certificaat.pem
    register.systeem.save()
    uuids = {str(getattr(register, naam).code): code for naam, code in VOORBEELD_UUID.items()}
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(certificaat=certificaat))
    verzoeken = _verzoeken(register)
    assert set(verzoeken) == set(OPERATIES)  # an example for each of the 14 operations
    regenereer = os.environ.get("REGENEREER_VOORBEELDEN") == "1"
    verschillen = []
    for operatie, velden in verzoeken.items():
        getattr(client.service, operatie)(**soap.kop(), **velden)
        antwoord = soap.antwoord_van(plugin)
        assert antwoord.findtext(f"{{{soap.NS}}}requestGoedgekeurd") == "true", operatie
        for soort, inhoud in (("request", plugin.verzonden), ("response", plugin.ontvangen)):
            pad = MAP / f"{operatie}.{soort}.xml"
            nieuw = _normaliseer(inhoud, uuids)
            if regenereer:
                pad.write_bytes(nieuw)
            elif not pad.exists() or pad.read_bytes() != nieuw:
                verschillen.append(pad.name)
    assert not verschillen, f"Opgenomen voorbeelden wijken af (REGENEREER_VOORBEELDEN=1): {verschillen}"


@pytest.mark.parametrize("pad", sorted(MAP.glob("*.xml")), ids=lambda p: p.name)
def test_opgenomen_body_voldoet_aan_het_xsd_van_duo(pad):
    envelop = etree.parse(str(pad)).getroot()
    body = envelop.find(f"{{{SOAP_NS}}}Body")[0]
    schema.valideer(etree.fromstring(etree.tostring(body)))
    operatie = pad.name.split(".")[0]
    assert etree.QName(body).localname == f"{operatie}_{pad.name.split('.')[1]}"
