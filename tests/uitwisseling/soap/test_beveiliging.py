"""Edukoppeling's security as DUO's clients send it: a signed message (wsse:Security with Timestamp,
BinarySecurityToken and an XML signature) is accepted and identifies the system by its certificate or OIN; a
forged or incomplete signature is a fault; a header that pretends mTLS is ignored unless the setting names it."""

from urllib.parse import quote

import pytest
import zeep
from django.core.exceptions import ValidationError
from lxml import etree

from tests.helpers import soap
from tests.helpers.rio_xml import tekst
from uitwisseling.models import ApiAanroep
from uitwisseling.soap.envelop import SOAP_NS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def geregistreerd(register, certificaat):
    """The mandated system with its OIN and certificate registered."""
    register.systeem.oin = soap.LAS_OIN
    register.systeem.certificaat = certificaat.pem
    register.systeem.full_clean()
    register.systeem.save()
    return register


def _lees(client, plugin, register) -> str:
    client.service.opvragen_onderwijsaanbieder(**soap.kop(), onderwijsaanbiedercode=register.regenboog.code)
    return tekst(soap.antwoord_van(plugin), "onderwijsaanbieder/onderwijsaanbiedercode")


def test_ondertekend_bericht_identificeert_het_systeem_zonder_sleutel(live_server, geregistreerd, certificaat):
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(certificaat=certificaat))
    assert _lees(client, plugin, geregistreerd) == geregistreerd.regenboog.code
    verzonden = etree.fromstring(plugin.verzonden)
    assert verzonden.find(f".//{{{soap.DS_NS}}}SignatureValue") is not None  # really signed
    aanroep = ApiAanroep.objects.get(formaat="soap")
    assert aanroep.systeem == geregistreerd.systeem and aanroep.sleutel is None
    assert aanroep.parameters["bewijs"] == "certificaat"


def test_ondertekend_bericht_zonder_token_identificeert_het_systeem_aan_zijn_oin(live_server, geregistreerd,
                                                                                 certificaat):
    plugin = soap.Edukoppeling(certificaat=certificaat, token_meesturen=False)
    client, plugin = soap.client(live_server, plugin=plugin)
    assert _lees(client, plugin, geregistreerd) == geregistreerd.regenboog.code
    aanroep = ApiAanroep.objects.get(formaat="soap")
    assert aanroep.systeem == geregistreerd.systeem and aanroep.parameters["bewijs"] == "oin"
    vreemd = soap.Edukoppeling(certificaat=soap.maak_certificaat(), token_meesturen=False)  # the OIN, another key
    client, plugin = soap.client(live_server, plugin=vreemd)
    with pytest.raises(zeep.exceptions.Fault):
        _lees(client, plugin, geregistreerd)


def test_ondertekend_bericht_met_sleutel_wordt_ook_gecontroleerd(live_server, geregistreerd, certificaat):
    client, plugin = soap.client(live_server, geregistreerd.sleutel, soap.Edukoppeling(certificaat=certificaat))
    assert _lees(client, plugin, geregistreerd) == geregistreerd.regenboog.code
    vreemd = soap.maak_certificaat()
    client, plugin = soap.client(live_server, geregistreerd.sleutel, soap.Edukoppeling(certificaat=vreemd))
    with pytest.raises(zeep.exceptions.Fault):
        _lees(client, plugin, geregistreerd)  # a valid key does not excuse a signature by someone else


def test_vervalste_handtekening_is_een_fault(live_server, geregistreerd, certificaat):
    """The attacker puts the system's real certificate in the token but signs with its own key."""
    vervalser = soap.maak_certificaat()
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(certificaat=vervalser, token=certificaat))
    with pytest.raises(zeep.exceptions.Fault) as fout:
        _lees(client, plugin, geregistreerd)
    assert "handtekening" in fout.value.message.lower()
    assert ApiAanroep.objects.get(formaat="soap").statuscode == 401


def test_gewijzigde_body_na_ondertekenen_is_een_fault(live_server, geregistreerd, certificaat):
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(certificaat=certificaat))
    _lees(client, plugin, geregistreerd)
    vervalst = plugin.verzonden.replace(geregistreerd.regenboog.code.encode(), geregistreerd.linde.code.encode())
    antwoord = soap.post(live_server.url, vervalst)
    assert antwoord.status_code == 401
    assert b"handtekening_ongeldig" in antwoord.content


def test_onbekend_certificaat_en_oin_zonder_handtekening_zijn_geen_bewijs(live_server, geregistreerd):
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(certificaat=soap.maak_certificaat()))
    with pytest.raises(zeep.exceptions.Fault):
        _lees(client, plugin, geregistreerd)
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(oin=soap.LAS_OIN))  # OIN, nothing signed
    with pytest.raises(zeep.exceptions.Fault) as fout:
        _lees(client, plugin, geregistreerd)
    assert "niet ondertekend" in fout.value.message


def test_oin_van_een_ander_in_wsa_from_is_een_fault(live_server, geregistreerd):
    client, plugin = soap.client(live_server, geregistreerd.sleutel, soap.Edukoppeling(oin="00000009999999999999"))
    with pytest.raises(zeep.exceptions.Fault) as fout:
        _lees(client, plugin, geregistreerd)
    assert "OIN" in fout.value.message


def test_verlopen_tijdstempel_is_een_fault(live_server, geregistreerd, certificaat, time_machine):
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(certificaat=certificaat))
    _lees(client, plugin, geregistreerd)
    time_machine.shift(600)  # ten minutes later: the 5-minute Expires has passed
    antwoord = soap.post(live_server.url, plugin.verzonden)
    assert antwoord.status_code in (400, 401)
    assert b"tijdstempel_verlopen" in antwoord.content


def test_mtls_header_wordt_genegeerd_zonder_instelling(live_server, geregistreerd, certificaat, settings):
    """The attack: no key, no signature, only a header that claims the proxy verified the system's certificate."""
    settings.RIO_MTLS_HEADER = ""
    nep = {"X-SSL-Client-Cert": quote(certificaat.pem)}
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(oin=""), headers=nep)
    with pytest.raises(zeep.exceptions.Fault) as fout:
        _lees(client, plugin, geregistreerd)
    assert "niet geïdentificeerd" in fout.value.message
    assert ApiAanroep.objects.get(formaat="soap").systeem is None


def test_mtls_via_de_proxyheader_als_de_instelling_hem_noemt(live_server, geregistreerd, certificaat, settings):
    settings.RIO_MTLS_HEADER = "X-SSL-Client-Cert"
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(oin=""),
                                 headers={"X-SSL-Client-Cert": quote(certificaat.pem)})
    assert _lees(client, plugin, geregistreerd) == geregistreerd.regenboog.code
    assert ApiAanroep.objects.get(formaat="soap").parameters["bewijs"] == "mtls"
    onbekend = soap.maak_certificaat()
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(oin=""),
                                 headers={"X-SSL-Client-Cert": quote(onbekend.pem)})
    with pytest.raises(zeep.exceptions.Fault):
        _lees(client, plugin, geregistreerd)


def test_handtekening_moet_alle_delen_dekken(live_server, geregistreerd, certificaat):
    """A valid signature over everything but wsa:To (the message could be replayed to another service)."""
    alleen = ("#id-action", "#id-from", "#id-messageid", "#id-timestamp", "#id-body")
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(certificaat=certificaat, ondertekend=alleen))
    with pytest.raises(zeep.exceptions.Fault) as fout:
        _lees(client, plugin, geregistreerd)
    assert "dekt niet: To" in fout.value.message


def test_dubbele_id_voor_signature_wrapping_is_een_fault(live_server, geregistreerd, certificaat):
    client, plugin = soap.client(live_server, plugin=soap.Edukoppeling(certificaat=certificaat))
    _lees(client, plugin, geregistreerd)
    envelop = etree.fromstring(plugin.verzonden)
    kopie = etree.fromstring(etree.tostring(envelop.find(f"{{{SOAP_NS}}}Body")))
    envelop.find(f"{{{SOAP_NS}}}Header").append(kopie)  # the signed body parked in the header, a new one sent
    antwoord = soap.post(live_server.url, etree.tostring(envelop))
    assert antwoord.status_code == 400
    assert b"id_dubbel" in antwoord.content


def test_systeem_valideert_oin_en_certificaat(register, certificaat):
    systeem = register.systeem
    systeem.oin = "123"
    with pytest.raises(ValidationError) as fout:
        systeem.full_clean()
    assert "oin" in fout.value.message_dict
    systeem.oin = soap.LAS_OIN
    systeem.certificaat = "-----BEGIN CERTIFICATE-----\nkapot\n-----END CERTIFICATE-----"
    with pytest.raises(ValidationError) as fout:
        systeem.full_clean()
    assert "certificaat" in fout.value.message_dict
    systeem.certificaat = certificaat.pem + certificaat.sleutel_pem.decode()
    with pytest.raises(ValidationError):
        systeem.full_clean()
    systeem.certificaat = certificaat.pem
    systeem.full_clean()
    systeem.save()
    assert len(systeem.certificaat_sha256) == 64
