"""Every operation of DUO's WSDL, called by zeep (a real SOAP client) that loaded the WSDL from the running portal.
Every answer is validated against DUO's XSD (soap.antwoord_van) and checked for its content: the mandated school is
read, the unmandated one is not."""

from datetime import UTC, datetime

import pytest
from lxml import etree

from tests.helpers import soap
from tests.helpers.rio_xml import alle, tekst, teksten
from uitwisseling.models import ApiAanroep
from uitwisseling.soap.envelop import SOAP_NS, WSA_NS

pytestmark = pytest.mark.django_db(transaction=True)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _roep(las, operatie: str, **velden) -> etree._Element:
    client, plugin = las
    getattr(client.service, operatie)(**soap.kop(), **velden)
    return soap.antwoord_van(plugin)


def _goed(element: etree._Element) -> etree._Element:
    assert tekst(element, "requestGoedgekeurd") == "true", etree.tostring(element).decode()
    return element


def test_aanbieders_van_organisatie(las, register):
    antwoord = _goed(_roep(las, "opvragen_onderwijsaanbiedersVanOrganisatie",
                           onderwijsbestuurCode=register.bestuur.code))
    codes = teksten(antwoord, "onderwijsbestuur/onderwijsaanbieder/onderwijsaanbiedercode")
    assert register.regenboog.code in codes and register.eik.code in codes
    assert register.linde.code not in codes  # 11AB gave no mandate
    per_nummer = _goed(_roep(las, "opvragen_onderwijsaanbiedersVanOrganisatie",
                             bevoegdGezagNummer=register.bestuur.bevoegd_gezag.nummer))
    assert teksten(per_nummer, "onderwijsbestuur/onderwijsaanbieder/onderwijsaanbiedercode") == codes


def test_locatiegebruik_van_organisatie(las, register):
    antwoord = _goed(_roep(las, "opvragen_onderwijslocatiegebruikVanOrganisatie",
                           onderwijsbestuurCode=register.bestuur.code))
    locaties = teksten(antwoord, "onderwijslocatiegebruik/onderwijslocatie/onderwijslocatiecode")
    assert register.gebruik_aa.locatie.code in locaties
    assert register.gebruik_ab.locatie.code not in locaties


def test_aangeboden_opleidingen_van_organisatie(las, register):
    antwoord = _goed(_roep(las, "opvragen_aangebodenOpleidingenVanOrganisatie",
                           onderwijsaanbiedercode=register.regenboog.code, pagina=0))
    codes = teksten(antwoord, "aangebodenBOOpleiding/aangebodenOpleidingCode") + teksten(
        antwoord, "aangebodenSOOpleiding/aangebodenOpleidingCode")
    assert sorted(codes) == sorted([str(register.bo.code), str(register.so.code)])
    assert tekst(antwoord, "paginering/aantalResultaten") == "2"
    per_vestiging = _goed(_roep(las, "opvragen_aangebodenOpleidingenVanOrganisatie", erkendeVestigingCode="11AA00",
                                onderwijslocatiecode=register.gebruik_aa.locatie.code, pagina=0))
    assert teksten(per_vestiging, "aangebodenBOOpleiding/aangebodenOpleidingCode") == [str(register.bo.code)]


def test_een_aanbieder_locatie_locatiegebruik_en_opleiding(las, register):
    aanbieder = _goed(_roep(las, "opvragen_onderwijsaanbieder", onderwijsaanbiedercode=register.regenboog.code))
    assert tekst(aanbieder, "onderwijsaanbieder/onderwijsaanbiedercode") == register.regenboog.code
    code = register.gebruik_aa.locatie.code
    locatie = _goed(_roep(las, "opvragen_onderwijslocatie", onderwijslocatieCode=code))
    assert tekst(locatie, "onderwijslocatie/onderwijslocatiecode") == code
    gebruik = _goed(_roep(las, "opvragen_onderwijslocatiegebruik", onderwijsbestuurCode=register.bestuur.code,
                          onderwijslocatieCode=code))
    assert tekst(gebruik, "onderwijslocatiegebruik/onderwijsbestuurcode") == register.bestuur.code
    opleiding = _goed(_roep(las, "opvragen_aangebodenOpleiding", aangebodenOpleidingCode=str(register.bo.code)))
    assert tekst(opleiding, "aangebodenBOOpleiding/aangebodenOpleidingCode") == str(register.bo.code)


def test_gewijzigde_objecten_sinds(las, register):
    aanbieders = _goed(_roep(las, "opvragen_gewijzigdeOnderwijsaanbieders", peildatumtijdMutaties=EPOCH, pagina=0))
    codes = teksten(aanbieders, "gewijzigde_Onderwijsaanbieder/onderwijsaanbiedercode")
    assert set(codes) == {register.regenboog.code, register.eik.code}  # not linde (11AB)
    assert teksten(aanbieders, "gewijzigde_Onderwijsaanbieder/soortWijziging") == ["TOEGEVOEGD", "TOEGEVOEGD"]
    per_bestuur = _goed(_roep(las, "opvragen_gewijzigdeOnderwijsaanbieders", peildatumtijdMutaties=EPOCH, pagina=0,
                              onderwijsbestuurcode=register.bestuur.code))
    assert teksten(per_bestuur, "gewijzigde_Onderwijsaanbieder/onderwijsaanbiedercode") == codes
    gebruik = _goed(_roep(las, "opvragen_gewijzigdOnderwijslocatiegebruik", peildatumtijdMutaties=EPOCH, pagina=0))
    locaties = teksten(gebruik, "gewijzigd_Onderwijslocatiegebruik/onderwijslocatiecode")
    assert register.gebruik_aa.locatie.code in locaties and register.gebruik_ab.locatie.code not in locaties
    opleidingen = _goed(_roep(las, "opvragen_gewijzigdeAangebodenOpleidingen", peildatumtijdMutaties=EPOCH,
                              onderwijsaanbiederCode=register.regenboog.code, pagina=0))
    assert sorted(teksten(opleidingen, "gewijzigde_AangebodenOpleiding/aangebodenOpleidingCode")) == sorted(
        [str(register.bo.code), str(register.so.code)])
    later = _goed(_roep(las, "opvragen_gewijzigdeOnderwijsaanbieders", peildatumtijdMutaties=datetime.now(UTC),
                        pagina=0))
    assert alle(later, "gewijzigde_Onderwijsaanbieder") == []
    assert tekst(later, "paginering/aantalResultaten") == "0"


def test_instellingsstructuur_toont_alleen_gemandateerde_scholen(las, register):
    antwoord = _goed(_roep(las, "opvragen_instellingsstructuur",
                           bevoegdGezagNummer=register.bestuur.bevoegd_gezag.nummer))
    assert tekst(antwoord, "bevoegdGezag/code") == register.bestuur.bevoegd_gezag.nummer
    assert teksten(antwoord, "bevoegdGezag/erkendeOnderwijsinstelling/code") == ["11AA"]
    assert teksten(antwoord, "bevoegdGezag/erkendeOnderwijsinstelling/erkendeVestiging/code") == ["11AA00"]


def test_rio_identificatiecode_op_eigen_sleutel_en_adres(las, register):
    aanbieder = _goed(_roep(las, "opvragen_rioIdentificatiecode", eigenOnderwijsaanbiederSleutel="LAS-4711"))
    assert tekst(aanbieder, "onderwijsaanbiedercode") == register.regenboog.code
    locatie = register.gebruik_aa.locatie
    adres = _goed(_roep(las, "opvragen_rioIdentificatiecode", aanduidingAdres={
        "postcode": locatie.postcode, "huisnummer": locatie.huisnummer}))
    assert tekst(adres, "onderwijslocatiecode") == locatie.code
    onbekend = _roep(las, "opvragen_rioIdentificatiecode", kadasterPlaatscode="1234")
    assert tekst(onbekend, "requestGoedgekeurd") == "false"
    assert tekst(onbekend, "foutmelding/foutcode") == "niet_gevonden"


def test_opleidingseenheden_en_hun_relaties(las, register):
    eenheden = _goed(_roep(las, "opvragen_opleidingseenhedenVanOrganisatie",
                           onderwijsbestuurcode=register.bestuur.code, pagina=0))
    assert tekst(eenheden, "paginering/aantalResultaten") == "0"  # a PO board owns no opleidingseenheden
    code = register.bo.opleiding.code
    relaties = _goed(_roep(las, "opvragen_opleidingsrelatiesBijOpleidingseenheid", opleidingseenheidcode=code))
    assert tekst(relaties, "samenhangOpleidingseenheid/opleidingseenheidcode") == code


def test_antwoord_draagt_ws_addressing_met_relates_to_en_oins(las, register):
    client, plugin = las
    client.service.opvragen_onderwijsaanbieder(**soap.kop(), onderwijsaanbiedercode=register.regenboog.code)
    envelop = etree.fromstring(plugin.ontvangen)
    kop = envelop.find(f"{{{SOAP_NS}}}Header")

    def wsa(naam: str) -> str:
        return kop.findtext(f"{{{WSA_NS}}}{naam}")

    assert wsa("Action").endswith("/opvragen_onderwijsaanbiederResponse")
    assert wsa("RelatesTo") == plugin.message_id
    assert wsa("MessageID").startswith("urn:uuid:") and wsa("MessageID") != plugin.message_id
    assert wsa("To").endswith(f"?oin={soap.LAS_OIN}")
    assert kop.findtext(f"{{{WSA_NS}}}From/{{{WSA_NS}}}Address").endswith(f"?oin={soap.DUO_OIN}")


def test_elke_aanroep_staat_in_het_log_met_het_systeem(las, register):
    _roep(las, "opvragen_onderwijsaanbieder", onderwijsaanbiedercode=register.regenboog.code)
    aanroep = ApiAanroep.objects.filter(formaat="soap").get()
    assert aanroep.systeem == register.systeem
    assert aanroep.operatie == "opvragen_onderwijsaanbieder"
    assert aanroep.statuscode == 200 and aanroep.aantal == 1
    assert aanroep.parameters["onderwijsaanbiedercode"] == register.regenboog.code
    assert aanroep.parameters["bewijs"] == "sleutel"


def test_delta_van_opleidingen_ook_voor_een_beeindigde_aanbieder(las, register, time_machine):
    """eik ends on 2027-07-31: after that its opleidingen's changes (their end) must still reach the supplier."""
    time_machine.move_to("2027-09-01 10:00:00+02:00", tick=False)
    antwoord = _goed(_roep(las, "opvragen_gewijzigdeAangebodenOpleidingen", peildatumtijdMutaties=EPOCH,
                           onderwijsaanbiederCode=register.eik.code, pagina=0))
    assert teksten(antwoord, "gewijzigde_AangebodenOpleiding/aangebodenOpleidingCode") == [str(register.bo_eind.code)]
    linde = _roep(las, "opvragen_gewijzigdeAangebodenOpleidingen", peildatumtijdMutaties=EPOCH,
                  onderwijsaanbiederCode=register.linde.code, pagina=0)
    assert tekst(linde, "foutmelding/foutcode") == "geen_mandaat"
