"""The shared work of every SOAP call, made cheaper (bench/README.md, "the shared floor of a SOAP call") without
weakening a check: the request is validated against the XSD where it stands in the envelope (no copy), the API key is
read by a statement compiled once, the call log's INSERT is compiled once. As the adversary: what was refused before
is refused now."""

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from autorisatie.models import ApiSleutel
from tests.helpers import soap
from tests.uitwisseling.api.conftest import Opzet, opzet  # noqa: F401 (the shared fixture)
from uitwisseling.models import ApiAanroep
from uitwisseling.rio_xml import schema
from uitwisseling.soap import envelop as soap_envelop
from uitwisseling.soap.envelop import SOAP_NS, SoapFout
from uitwisseling.soap.views import _valideer

pytestmark = pytest.mark.django_db

DELTA = "opvragen_gewijzigdeAangebodenOpleidingen"
KOP = ("<duo:identificatiecodeBedrijfsdocument>vloer-1</duo:identificatiecodeBedrijfsdocument>"
       f"<duo:verzendendeInstantie>{soap.LAS_OIN}</duo:verzendendeInstantie>"
       f"<duo:ontvangendeInstantie>{soap.DUO_OIN}</duo:ontvangendeInstantie>"
       "<duo:datumTijdBedrijfsdocument>2026-11-28T10:00:00Z</duo:datumTijdBedrijfsdocument>")


def _envelop(operatie: str, velden: str, kop: str = KOP) -> bytes:
    return (f'<soap:Envelope xmlns:soap="{SOAP_NS}" xmlns:duo="{soap.NS}"><soap:Body><duo:{operatie}_request>'
            f"{kop}{velden}</duo:{operatie}_request></soap:Body></soap:Envelope>").encode()


def _delta(aanbieder: str | None = "100A100", sinds: str = "2000-01-01T00:00:00Z", pagina: str = "0") -> bytes:
    code = f"<duo:onderwijsaanbiederCode>{aanbieder}</duo:onderwijsaanbiederCode>" if aanbieder else ""
    return _envelop(DELTA, f"<duo:peildatumtijdMutaties>{sinds}</duo:peildatumtijdMutaties>{code}"
                           f"<duo:pagina>{pagina}</duo:pagina>")


# Valid and invalid requests; whether each validates must not depend on validating in place or as a copy.
VERZOEKEN = {
    "geldig": (_delta(), True),
    "geldig zonder aanbieder (extensie)": (_delta(None), True),
    "extensie met een andere fout": (_delta(None, sinds="gisteren"), False),
    "geen datum": (_delta(sinds="gisteren"), False),
    "code te lang": (_delta("100A1000"), False),
    "pagina geen getal": (_delta(pagina="nul"), False),
    "verkeerde volgorde": (_envelop(DELTA, "<duo:pagina>0</duo:pagina>"
                                           "<duo:peildatumtijdMutaties>2000-01-01T00:00:00Z</duo:peildatumtijdMutaties>"
                                           "<duo:onderwijsaanbiederCode>100A100</duo:onderwijsaanbiederCode>"), False),
    "onbekend element": (_envelop(DELTA, "<duo:peildatumtijdMutaties>2000-01-01T00:00:00Z</duo:peildatumtijdMutaties>"
                                         "<duo:onderwijsaanbiederCode>100A100</duo:onderwijsaanbiederCode>"
                                         "<duo:pagina>0</duo:pagina><duo:extra>1</duo:extra>"), False),
    "element in een andere namespace": (_envelop(DELTA, '<x:peildatumtijdMutaties xmlns:x="urn:x">2000-01-01T00:00:00Z'
                                                        "</x:peildatumtijdMutaties><duo:pagina>0</duo:pagina>"), False),
    "kop ontbreekt": (_envelop(DELTA, "<duo:peildatumtijdMutaties>2000-01-01T00:00:00Z</duo:peildatumtijdMutaties>"
                                      "<duo:onderwijsaanbiederCode>100A100</duo:onderwijsaanbiederCode>", kop=""),
                      False),
    # The request's namespace as the default one, declared only on the Envelope (in scope, not on the element).
    "standaardnamespace van de envelop": ((f'<s:Envelope xmlns:s="{SOAP_NS}" xmlns="{soap.NS}"><s:Body>'
                                           f"<{DELTA}_request>{KOP.replace('duo:', '')}"
                                           "<peildatumtijdMutaties>2000-01-01T00:00:00Z</peildatumtijdMutaties>"
                                           "<onderwijsaanbiederCode>100A100</onderwijsaanbiederCode><pagina>0</pagina>"
                                           f"</{DELTA}_request></s:Body></s:Envelope>").encode(), True),
}


@pytest.mark.parametrize("naam", VERZOEKEN)
def test_xsd_ter_plekke_oordeelt_als_een_kopie(naam):
    inhoud, geldig = VERZOEKEN[naam]
    envelop = soap_envelop.lees(inhoud)
    kopie = etree.fromstring(etree.tostring(envelop.verzoek))  # how the request was validated before
    if envelop.verzoek.find(f"{{{schema.NAMESPACE}}}onderwijsaanbiederCode") is None:
        na = kopie.find(f"{{{schema.NAMESPACE}}}peildatumtijdMutaties")
        if na is not None:
            etree.SubElement(kopie, f"{{{schema.NAMESPACE}}}onderwijsaanbiederCode").text = "000A000"
            na.addnext(kopie[-1])
    assert (not schema.fouten(kopie)) is geldig
    voor = etree.tostring(envelop.root)
    if geldig:
        _valideer(DELTA, envelop.verzoek)
    else:
        with pytest.raises(SoapFout) as fout:
            _valideer(DELTA, envelop.verzoek)
        assert fout.value.detail == "DK0004"
    assert etree.tostring(envelop.root) == voor  # the placeholder never lands in the request itself


def _roep(inhoud: bytes, sleutel: str):
    return Client().post("/api/rio/v4/raadplegen/", inhoud, content_type="text/xml; charset=utf-8",
                         headers={"Authorization": f"Bearer {sleutel}"})


def _fout(antwoord) -> tuple[int, str | None]:
    fault = etree.fromstring(antwoord.content).find(f"{{{SOAP_NS}}}Body/{{{SOAP_NS}}}Fault")
    return antwoord.status_code, None if fault is None else fault.find("detail")[0].text


def test_ongeldig_verzoek_blijft_een_fault_na_een_geldig(opzet: Opzet):  # noqa: F811
    code = opzet.gemandateerd.aanbieder.code
    assert _roep(_delta(code), opzet.sleutel).status_code == 200
    assert _fout(_roep(_delta(code, sinds="gisteren"), opzet.sleutel)) == (400, "DK0004")
    assert _fout(_roep(_delta(code, pagina="-"), opzet.sleutel)) == (400, "DK0004")
    assert _fout(_roep(b"<soap:Envelope", opzet.sleutel)) == (400, "xml_ongeldig")


def test_ingetrokken_sleutel_na_een_geslaagde_aanroep_geweigerd(opzet: Opzet):  # noqa: F811
    code = opzet.gemandateerd.aanbieder.code
    assert _roep(_delta(code), opzet.sleutel).status_code == 200
    ApiSleutel.objects.filter(systeem=opzet.systeem).update(ingetrokken_op=timezone.now())
    assert _fout(_roep(_delta(code), opzet.sleutel)) == (401, "sleutel_ongeldig")


def test_gedeactiveerd_systeem_na_een_geslaagde_aanroep_geweigerd(opzet: Opzet):  # noqa: F811
    code = opzet.gemandateerd.aanbieder.code
    assert _roep(_delta(code), opzet.andere_sleutel).status_code == 200  # refused by the mandate rule, not here
    opzet.ander_systeem.actief = False
    opzet.ander_systeem.save()
    assert _fout(_roep(_delta(code), opzet.andere_sleutel)) == (401, "sleutel_ongeldig")
    assert _fout(_roep(_delta(code), opzet.sleutel[:-1] + "x")) == (401, "sleutel_ongeldig")


@pytest.mark.django_db(transaction=True)
def test_aanroeplog_met_vaste_insert_gelijk_aan_een_gewone(opzet: Opzet):  # noqa: F811
    """Outside a transaction the log row goes through the INSERT compiled once (PostgreSQL): every field as the
    model would save it, call after call."""
    code = opzet.gemandateerd.aanbieder.code
    for _ in range(2):
        assert _roep(_delta(code), opzet.sleutel).status_code == 200
    _roep(_delta(code, sinds="gisteren"), opzet.sleutel)
    regels = list(ApiAanroep.objects.order_by("id"))
    sleutel = ApiSleutel.objects.get(prefix="las1").pk
    assert [(r.operatie, r.formaat, r.statuscode, r.systeem_id, r.sleutel_id, r.methode, r.pad) for r in regels] == [
        (DELTA, "soap", 200, opzet.systeem.pk, sleutel, "POST", "/api/rio/v4/raadplegen/")] * 2 + [
        (DELTA, "soap", 400, None, None, "POST", "/api/rio/v4/raadplegen/")]  # refused before identification
    assert regels[0].parameters == {"identificatiecodeBedrijfsdocument": "vloer-1",
                                    "verzendendeInstantie": soap.LAS_OIN, "ontvangendeInstantie": soap.DUO_OIN,
                                    "datumTijdBedrijfsdocument": "2026-11-28T10:00:00Z",
                                    "peildatumtijdMutaties": "2000-01-01T00:00:00Z", "onderwijsaanbiederCode": code,
                                    "pagina": "0", "bewijs": "sleutel"}
    assert regels[0].aantal == 1 and regels[0].melding == "" and "XSD" in regels[2].melding
    assert all(r.tijdstip is not None and abs((timezone.now() - r.tijdstip).total_seconds()) < 60 for r in regels)
