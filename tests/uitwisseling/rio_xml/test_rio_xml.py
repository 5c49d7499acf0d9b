"""The RIO XML API (/api/rio/v4/): DUO's Raadplegen V4 answers, only for mandated schools, valid against DUO's XSD.

Every answer goes through ``vraag`` (conftest), which validates it against the XSD whatever its status.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from lxml import etree

from autorisatie.models import ApiSleutel
from tests.helpers import factories
from tests.helpers.rio_xml import EINDE, alle, q, tekst, teksten, vraag
from uitwisseling import selectie
from uitwisseling.aanroep import Aanroep
from uitwisseling.models import ApiAanroep
from uitwisseling.rio_xml import bouwer, schema

AANBIEDERS = "opvragen_onderwijsaanbiedersVanOrganisatie"
LOCATIEGEBRUIK = "opvragen_onderwijslocatiegebruikVanOrganisatie"
OPLEIDINGEN = "opvragen_aangebodenOpleidingenVanOrganisatie"


def _aanroep(register, peildatum: date) -> Aanroep:
    return Aanroep(register.systeem, register.systeem.sleutels.get(), peildatum)


# --- opvragen_onderwijsaanbiedersVanOrganisatie -------------------------------------------------------------------

@pytest.mark.django_db
def test_aanbieders_alleen_van_gemandateerde_school(client, register):
    a = vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code)
    assert a.status == 200 and a.goedgekeurd
    assert tekst(a.root, "onderwijsbestuur/onderwijsbestuurcode") == register.bestuur.code
    assert tekst(a.root, "onderwijsbestuur/bevoegdGezagNummer") == "10001"
    assert sorted(teksten(a.root, "onderwijsbestuur/onderwijsaanbieder/onderwijsaanbiedercode")) == sorted(
        [register.regenboog.code, register.eik.code])  # not De Linde (11AB has no mandate)
    assert register.linde.code not in a.http.content.decode()


@pytest.mark.django_db
def test_aanbieder_met_perioden_relatie_kenmerk_en_bestuur(client, register):
    a = vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code)
    [regenboog] = [e for e in alle(a.root, "onderwijsbestuur/onderwijsaanbieder")
                   if tekst(e, "onderwijsaanbiedercode") == register.regenboog.code]
    assert tekst(regenboog, "inBedrijfdatum") == "2021-08-01" and tekst(regenboog, "uitBedrijfdatum") is None
    assert teksten(regenboog, "onderwijsaanbiederPeriode/begindatum") == ["2021-08-01", "2027-01-01"]
    assert teksten(regenboog, "onderwijsaanbiederPeriode/naam") == ["De Regenboog", "De Regenboog-Oost"]
    assert teksten(regenboog, "onderwijsaanbiederPeriode/internationaleNaam") == ["The Rainbow"]
    assert teksten(regenboog, "juridischeRelatie/instellingserkenningscode") == ["11AA"]
    assert teksten(regenboog, "juridischeRelatie/erkenner") == ["OCW"]
    assert teksten(regenboog, "kenmerken/kenmerknaam") == ["eigenOnderwijsaanbiederSleutel"]
    assert teksten(regenboog, "kenmerken/kenmerkwaardeTekst") == ["LAS-4711"]
    assert teksten(regenboog, "bijbehorendOnderwijsbestuur/onderwijsbestuurcode") == [register.bestuur.code]
    assert teksten(regenboog, "bijbehorendOnderwijsbestuur/onderwijsbestuurPeriode/naam") == ["Stichting 10001"]


@pytest.mark.django_db
def test_aanbieders_via_bevoegd_gezagnummer_of_organisatie(client, register):
    verwacht = sorted([register.regenboog.code, register.eik.code])
    for params in ({"bevoegdGezagNummer": "10001"}, {"organisatie": "10001"},
                   {"organisatie": register.bestuur.code.lower()}):
        a = vraag(client, AANBIEDERS, register.sleutel, **params)
        assert sorted(teksten(a.root, "onderwijsbestuur/onderwijsaanbieder/onderwijsaanbiedercode")) == verwacht


# --- the exclusive end date (docs/adr/0001) -----------------------------------------------------------------------

def test_einddatum_wordt_exclusief():
    assert bouwer.eind(date(2027, 7, 31)) == "2027-08-01"
    assert bouwer.eind(date(2028, 2, 28)) == "2028-02-29"
    assert bouwer.eind(date(2026, 12, 31)) == "2027-01-01"
    assert bouwer.eind(None) is None


@pytest.mark.django_db
def test_object_dat_op_31_juli_eindigt_heeft_1_augustus_in_de_xml(client, register):
    assert register.eik.einddatum == EINDE == date(2027, 7, 31)
    a = vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code)
    [eik] = [e for e in alle(a.root, "onderwijsbestuur/onderwijsaanbieder")
             if tekst(e, "onderwijsaanbiedercode") == register.eik.code]
    assert tekst(eik, "uitBedrijfdatum") == "2027-08-01"
    assert tekst(eik, "juridischeRelatie/einddatum") == "2027-08-01"
    assert tekst(eik, "bijbehorendOnderwijsbestuur/organisatierelatieEinddatum") == "2027-08-01"

    g = vraag(client, LOCATIEGEBRUIK, register.sleutel, onderwijsBestuurCode=register.bestuur.code)
    [eind] = [e for e in alle(g.root, "onderwijslocatiegebruik")
              if tekst(e, "onderwijslocatie/onderwijslocatiecode") == register.gebruik_eind.locatie.code]
    assert tekst(eind, "uitBedrijfdatum") == "2027-08-01"
    assert tekst(eind, "juridischeOnderwijslocatiegebruikRelatie/einddatum") == "2027-08-01"

    o = vraag(client, OPLEIDINGEN, register.sleutel, onderwijsaanbiedercode=register.eik.code)
    assert teksten(o.root, "aangebodenBOOpleiding/einddatum") == ["2027-08-01"]


@pytest.mark.django_db
def test_op_de_einddatum_zelf_nog_geldig_de_dag_erna_niet(client, register):
    op_einde = vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code,
                     peildatum="2027-07-31")
    assert register.eik.code in teksten(op_einde.root, "onderwijsbestuur/onderwijsaanbieder/onderwijsaanbiedercode")
    erna = vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code,
                 peildatum="2027-08-01")
    assert teksten(erna.root, "onderwijsbestuur/onderwijsaanbieder/onderwijsaanbiedercode") == [
        register.regenboog.code]


# --- opvragen_onderwijslocatiegebruikVanOrganisatie --------------------------------------------------------------

@pytest.mark.django_db
def test_locatiegebruik_alleen_van_gemandateerde_school(client, register):
    a = vraag(client, LOCATIEGEBRUIK, register.sleutel, onderwijsBestuurCode=register.bestuur.code)
    assert a.status == 200
    assert sorted(teksten(a.root, "onderwijslocatiegebruik/onderwijslocatie/onderwijslocatiecode")) == sorted(
        [register.gebruik_aa.locatie.code, register.gebruik_eind.locatie.code])  # not the 11AB00 gebruik
    assert set(teksten(a.root, "onderwijslocatiegebruik/onderwijsbestuurcode")) == {register.bestuur.code}
    assert set(teksten(a.root, "onderwijslocatiegebruik/juridischeOnderwijslocatiegebruikRelatie/"
                               "instellingserkenningscode")) == {"11AA00"}
    [eind] = [e for e in alle(a.root, "onderwijslocatiegebruik")
              if tekst(e, "onderwijslocatie/onderwijslocatiecode") == register.gebruik_eind.locatie.code]
    assert tekst(eind, "onderwijslocatie/postcode") == "3511AB"
    assert tekst(eind, "onderwijslocatie/huisnummer") == "7"
    assert tekst(eind, "onderwijslocatie/huisnummertoevoeging") == "A"
    assert tekst(eind, "onderwijslocatie/plaatsnaam") == "UTRECHT"
    assert tekst(eind, "inBedrijfdatum") == "2021-08-01"


# --- opvragen_aangebodenOpleidingenVanOrganisatie ----------------------------------------------------------------

def _codes(root) -> list[str]:
    return sorted(teksten(root, "*/aangebodenOpleidingCode"))


@pytest.mark.django_db
def test_opleidingen_per_aanbieder_vestiging_en_organisatie(client, register):
    bo, so, bo_eind = str(register.bo.code), str(register.so.code), str(register.bo_eind.code)
    per_aanbieder = vraag(client, OPLEIDINGEN, register.sleutel, onderwijsaanbiedercode=register.regenboog.code)
    assert _codes(per_aanbieder.root) == sorted([bo, so])
    per_vestiging = vraag(client, OPLEIDINGEN, register.sleutel, erkendeVestigingCode="11AA00")
    assert _codes(per_vestiging.root) == [bo]  # the only one at a locatie of 11AA00
    per_bestuur = vraag(client, OPLEIDINGEN, register.sleutel, organisatie=register.bestuur.code)
    assert _codes(per_bestuur.root) == sorted([bo, so, bo_eind])  # never De Linde's
    assert str(register.bo_linde.code) not in per_bestuur.http.content.decode()
    assert tekst(per_bestuur.root, "peildatum") == "2026-11-28"
    assert [tekst(per_bestuur.root, f"paginering/{n}") for n in ("pagina", "aantalPaginas", "aantalResultaten")] == [
        "0", "1", "3"]
    op_locatie = vraag(client, OPLEIDINGEN, register.sleutel, organisatie=register.bestuur.code,
                       onderwijslocatiecode=register.gebruik_aa.locatie.code)
    assert _codes(op_locatie.root) == [bo]


@pytest.mark.django_db
def test_opleiding_met_kenmerken_locatie_en_perioden(client, register):
    a = vraag(client, OPLEIDINGEN, register.sleutel, onderwijsaanbiedercode=register.regenboog.code)
    [bo] = alle(a.root, "aangebodenBOOpleiding")
    assert tekst(bo, "aangebodenOpleidingCode") == str(register.bo.code)
    assert tekst(bo, "onderwijsaanbiedercode") == register.regenboog.code
    assert tekst(bo, "opleidingseenheidcode") == register.bo.opleiding.code
    assert tekst(bo, "onderwijslocatiecode") == register.gebruik_aa.locatie.code
    assert tekst(bo, "begindatum") == "2021-08-01" and tekst(bo, "einddatum") is None
    assert teksten(bo, "aangebodenBOOpleidingPeriode/begindatum") == ["2021-08-01", "2027-01-01"]
    assert teksten(bo, "aangebodenBOOpleidingPeriode/eigenNaamAangebodenOpleiding") == [
        "Regenboog Dalton", "Regenboog-Oost Dalton"]
    assert teksten(bo, "aangebodenBOOpleidingPeriode/eigenOmschrijving") == ["Dalton met tienerschool."]
    assert teksten(bo, "aangebodenBOOpleidingPeriode/kenmerken/kenmerkwaardeTekst") == [register.eik.code] * 2
    kenmerken = {tekst(k, "kenmerknaam"): tekst(k, "kenmerkwaardeEnumeratiewaarde") for k in alle(bo, "kenmerken")}
    assert kenmerken == {"doelgroepBasisonderwijs": "BO", "onderwijsconcept": "DALTON",
                         "doorlopendeLeerlijnBoVo": "TIENERSCHOOL", "bijzondereInrichting": "UNESCO"}

    [so] = alle(a.root, "aangebodenSOOpleiding")
    assert tekst(so, "onderwijslocatiecode") is None  # online
    assert len(alle(so, "aangebodenSOOpleidingPeriode")) == 1
    assert sorted(teksten(so, "kenmerken/kenmerkwaardeEnumeratiewaarde")) == ["AUTISME", "LANGDURIG_ZIEK"]


@pytest.mark.django_db
def test_opleiding_met_eerste_instroom_en_einde(client, register):
    a = vraag(client, OPLEIDINGEN, register.sleutel, onderwijsaanbiedercode=register.eik.code)
    [bo] = alle(a.root, "aangebodenBOOpleiding")
    assert tekst(bo, "eersteInstroomDatum") == "2021-09-01"
    assert tekst(bo, "einddatum") == "2027-08-01"


@pytest.mark.django_db
def test_paginering_vanaf_0(client, register, monkeypatch):
    from uitwisseling.rio_xml import views

    monkeypatch.setattr(views, "PER_PAGINA", 2)
    alles = []
    for pagina in (0, 1):
        a = vraag(client, OPLEIDINGEN, register.sleutel, organisatie=register.bestuur.code, pagina=str(pagina))
        assert tekst(a.root, "paginering/pagina") == str(pagina)
        assert tekst(a.root, "paginering/aantalPaginas") == "2"
        assert tekst(a.root, "paginering/aantalResultaten") == "3"
        alles += _codes(a.root)
    assert sorted(alles) == sorted(str(o.code) for o in (register.bo, register.so, register.bo_eind))
    voorbij = vraag(client, OPLEIDINGEN, register.sleutel, organisatie=register.bestuur.code, pagina="2")
    assert voorbij.status == 404 and voorbij.foutcode == "pagina_bestaat_niet"


# --- empty results ------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_leeg_resultaat_is_geldig(client, ander_bestuur, vandaag):
    systeem, sleutel = factories.systeem_met_sleutel()
    factories.mandaat(ander_bestuur, "22BB", systeem)
    a = vraag(client, AANBIEDERS, sleutel, onderwijsBestuurCode=ander_bestuur.code)
    assert a.status == 200 and tekst(a.root, "onderwijsbestuur/onderwijsbestuurcode") == ander_bestuur.code
    assert alle(a.root, "onderwijsbestuur/onderwijsaanbieder") == []
    g = vraag(client, LOCATIEGEBRUIK, sleutel, onderwijsBestuurCode=ander_bestuur.code)
    assert g.status == 200 and alle(g.root, "onderwijslocatiegebruik") == []
    o = vraag(client, OPLEIDINGEN, sleutel, organisatie=ander_bestuur.code)
    assert o.status == 200 and _codes(o.root) == []
    assert [tekst(o.root, f"paginering/{n}") for n in ("pagina", "aantalPaginas", "aantalResultaten")] == [
        "0", "1", "0"]


# --- refusals: the operation's response with requestGoedgekeurd=false and a Foutmelding ---------------------------

@pytest.mark.django_db
def test_mandaat_dat_gisteren_eindigde_geeft_403_ook_met_peildatum_erbinnen(client, register, vandaag):
    register.systeem.mandaten.update(einddatum=vandaag - timedelta(days=1))
    a = vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code,
              peildatum="2026-11-27")  # the mandate's last day
    assert a.status == 403 and not a.goedgekeurd and a.foutcode == "geen_mandaat"
    assert "OSR" in tekst(a.root, "foutmelding/fouttekst")
    assert teksten(a.root, "foutmelding/sleutelgegeven/sleutelnaam") == ["onderwijsBestuurCode"]
    assert teksten(a.root, "foutmelding/sleutelgegeven/sleutelwaarde") == [register.bestuur.code]
    assert alle(a.root, "onderwijsbestuur") == []
    for operatie, params in ((LOCATIEGEBRUIK, {"onderwijsBestuurCode": register.bestuur.code}),
                             (OPLEIDINGEN, {"onderwijsaanbiedercode": register.regenboog.code}),
                             (OPLEIDINGEN, {"erkendeVestigingCode": "11AA00"})):
        a = vraag(client, operatie, register.sleutel, peildatum="2026-11-27", **params)
        assert a.status == 403 and a.foutcode == "geen_mandaat", (operatie, params)


@pytest.mark.django_db
def test_niet_gemandateerde_school_of_bestuur_geeft_403(client, register, ander_bestuur):
    for operatie, params in ((AANBIEDERS, {"onderwijsBestuurCode": ander_bestuur.code}),
                             (LOCATIEGEBRUIK, {"organisatie": "20002"}),
                             (OPLEIDINGEN, {"organisatie": ander_bestuur.code}),
                             (OPLEIDINGEN, {"onderwijsaanbiedercode": register.linde.code}),
                             (OPLEIDINGEN, {"erkendeVestigingCode": "11AB00"})):
        a = vraag(client, operatie, register.sleutel, **params)
        assert a.status == 403 and a.foutcode == "geen_mandaat", (operatie, params)


@pytest.mark.django_db
@pytest.mark.parametrize(("operatie", "params", "status", "foutcode"), [
    (AANBIEDERS, {"onderwijsBestuurCode": "12345"}, 400, "code_ongeldig"),
    (AANBIEDERS, {"bevoegdGezagNummer": "100B001"}, 400, "code_ongeldig"),
    (AANBIEDERS, {"organisatie": "x'<b>"}, 400, "code_ongeldig"),
    (AANBIEDERS, {}, 400, "organisatie_ontbreekt"),
    (AANBIEDERS, {"onderwijsBestuurCode": "100B001", "bevoegdGezagNummer": "10001"}, 400, "organisatie_dubbel"),
    (AANBIEDERS, {"onderwijsBestuurCode": "999B999"}, 404, "niet_gevonden"),
    (AANBIEDERS, {"bevoegdGezagNummer": "99999"}, 404, "niet_gevonden"),
    (LOCATIEGEBRUIK, {"onderwijsBestuurCode": "B"}, 400, "code_ongeldig"),
    (LOCATIEGEBRUIK, {"bevoegdGezagNummer": "10001"}, 400, "organisatie_ontbreekt"),  # not in this request
    (LOCATIEGEBRUIK, {"onderwijsBestuurCode": "999B999"}, 404, "niet_gevonden"),
    (OPLEIDINGEN, {"onderwijsaanbiedercode": "12A345"}, 400, "code_ongeldig"),
    (OPLEIDINGEN, {"erkendeVestigingCode": "11aa0"}, 400, "code_ongeldig"),
    (OPLEIDINGEN, {"onderwijsaanbiedercode": "999A999"}, 404, "niet_gevonden"),
    (OPLEIDINGEN, {"erkendeVestigingCode": "99ZZ00"}, 404, "niet_gevonden"),
    (OPLEIDINGEN, {"organisatie": "100B001", "onderwijslocatiecode": "100A001"}, 400, "code_ongeldig"),
    (OPLEIDINGEN, {"organisatie": "100B001", "pagina": "-1"}, 400, "pagina_ongeldig"),
    (OPLEIDINGEN, {"organisatie": "100B001", "pagina": "een"}, 400, "pagina_ongeldig"),
    (OPLEIDINGEN, {"organisatie": "100B001", "verzendendeInstantie": "OIN met spaties"}, 400,
     "verzendendeInstantie_ongeldig"),
])
def test_foute_verzoeken(client, register, operatie, params, status, foutcode):
    if params.get("onderwijsBestuurCode") == "100B001" or params.get("organisatie") == "100B001":
        assert register.bestuur.code == "100B001"  # the code the fixture's board gets
    a = vraag(client, operatie, register.sleutel, **params)
    assert (a.status, a.foutcode) == (status, foutcode)
    assert not a.goedgekeurd and tekst(a.root, "foutmelding/fouttekst")
    # The refused identifier is named in the Foutmelding (at most 25 characters, as the XSD allows).
    namen = teksten(a.root, "foutmelding/sleutelgegeven/sleutelnaam")
    assert namen and set(namen) <= set(params) | {"httpStatus"}


@pytest.mark.django_db
@pytest.mark.parametrize("operatie", [AANBIEDERS, LOCATIEGEBRUIK, OPLEIDINGEN])
def test_ongeldige_peildatum_geeft_400(client, register, operatie):
    a = vraag(client, operatie, register.sleutel, organisatie=register.bestuur.code, peildatum="31-07-2027")
    assert a.status == 400 and a.foutcode == "peildatum_ongeldig"
    assert teksten(a.root, "foutmelding/sleutelgegeven/sleutelwaarde") == ["400"]


@pytest.mark.django_db
@pytest.mark.parametrize("operatie", [AANBIEDERS, LOCATIEGEBRUIK, OPLEIDINGEN])
def test_zonder_of_met_ingetrokken_sleutel_401(client, register, operatie):
    params = {"organisatie": register.bestuur.code}
    zonder = vraag(client, operatie, None, **params)
    assert zonder.status == 401 and zonder.foutcode == "sleutel_ontbreekt"
    assert tekst(zonder.root, "ontvangendeInstantie") == "onbekend"
    fout = vraag(client, operatie, register.sleutel + "x", **params)
    assert fout.status == 401 and fout.foutcode == "sleutel_ongeldig"
    ApiSleutel.objects.filter(systeem=register.systeem).update(ingetrokken_op=timezone.now())
    ingetrokken = vraag(client, operatie, register.sleutel, **params)
    assert ingetrokken.status == 401 and ingetrokken.foutcode == "sleutel_ongeldig"
    assert register.bestuur.code not in ingetrokken.http.content.decode()


@pytest.mark.django_db
def test_post_geeft_405_in_xml(client, register):
    a = vraag(client, AANBIEDERS, register.sleutel, methode="post")
    assert a.status == 405 and a.foutcode == "methode_niet_toegestaan"
    assert a.http["Allow"] == "GET, HEAD"


# --- header, log and consistency with the JSON API's selection ------------------------------------------------------

@pytest.mark.django_db
def test_bedrijfsdocument_kop(client, register, settings):
    a = vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code)
    assert tekst(a.root, "verzendendeInstantie") == "00000001800866472000"  # DUO's OIN by default
    assert tekst(a.root, "ontvangendeInstantie") == "testlas1"  # the key's prefix when no OIN is given
    b = vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code,
              verzendendeInstantie="00000001234567890000")
    assert tekst(b.root, "ontvangendeInstantie") == "00000001234567890000"
    assert tekst(a.root, "identificatiecodeBedrijfsdocument") != tekst(b.root, "identificatiecodeBedrijfsdocument")
    settings.RIO_XML_OIN = "00000009999999999000"
    c = vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code)
    assert tekst(c.root, "verzendendeInstantie") == "00000009999999999000"


@pytest.mark.django_db
def test_aanroep_wordt_gelogd_als_xml(client, register):
    vraag(client, AANBIEDERS, register.sleutel, onderwijsBestuurCode=register.bestuur.code)
    vraag(client, OPLEIDINGEN, register.sleutel, onderwijsaanbiedercode=register.linde.code)
    geweigerd, gelukt = ApiAanroep.objects.order_by("-id")[:2]
    assert (gelukt.operatie, gelukt.formaat, gelukt.statuscode, gelukt.aantal) == (AANBIEDERS, "xml", 200, 2)
    assert gelukt.systeem == register.systeem and gelukt.parameters == {"onderwijsBestuurCode": register.bestuur.code}
    assert (geweigerd.operatie, geweigerd.formaat, geweigerd.statuscode) == (OPLEIDINGEN, "xml", 403)
    assert "mandaat" in geweigerd.melding


@pytest.mark.django_db
@pytest.mark.parametrize("peildatum", [date(2026, 11, 28), date(2027, 7, 31), date(2027, 8, 1)])
def test_xml_bevat_dezelfde_codes_als_de_selectie_van_de_json_api(client, register, peildatum):
    aanroep = _aanroep(register, peildatum)
    params = {"organisatie": register.bestuur.code, "peildatum": peildatum.isoformat()}
    a = vraag(client, AANBIEDERS, register.sleutel, **params)
    assert sorted(teksten(a.root, "onderwijsbestuur/onderwijsaanbieder/onderwijsaanbiedercode")) == sorted(
        selectie.aanbieders_van(aanroep, register.bestuur).values_list("code", flat=True))
    g = vraag(client, LOCATIEGEBRUIK, register.sleutel, **params)
    assert sorted(teksten(g.root, "onderwijslocatiegebruik/onderwijslocatie/onderwijslocatiecode")) == sorted(
        selectie.locatiegebruik_van(aanroep, register.bestuur).values_list("locatie__code", flat=True))
    o = vraag(client, OPLEIDINGEN, register.sleutel, **params)
    assert _codes(o.root) == sorted(
        str(c) for c in selectie.aangeboden_opleidingen(aanroep, bestuur=register.bestuur).values_list(
            "code", flat=True))


@pytest.mark.django_db
def test_aantal_queries_groeit_niet_met_het_aantal_objecten(client, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(operatie: str, **params) -> int:
        with CaptureQueriesContext(connection) as ctx:
            a = vraag(client, operatie, register.sleutel, **params)
        assert a.status == 200
        return len(ctx.captured_queries)

    params = {"organisatie": register.bestuur.code}
    queries(AANBIEDERS, **params)  # the key's last use is written at most once a minute: here, not below
    voor = {AANBIEDERS: queries(AANBIEDERS, **params), OPLEIDINGEN: queries(OPLEIDINGEN, **params)}
    for naam in ("De Beuk", "De Wilg", "De Hazelaar"):
        aanbieder = factories.aanbieder(register.bestuur, naam, brin4="11AA")
        factories.bo_opleiding(aanbieder, locatie=register.gebruik_aa.locatie)
    assert {AANBIEDERS: queries(AANBIEDERS, **params), OPLEIDINGEN: queries(OPLEIDINGEN, **params)} == voor


# --- the schema itself ------------------------------------------------------------------------------------------

def test_schema_weigert_een_onvolledig_document():
    kop = bouwer.Kop("id-1", "00000001800866472000", "testlas1", timezone.now())
    root = bouwer.document(LOCATIEGEBRUIK, kop)  # requestGoedgekeurd is missing
    with pytest.raises(schema.OngeldigDocument) as fout:
        schema.valideer(root)
    assert "requestGoedgekeurd" in str(fout.value)
    schema.valideer(bouwer.locatiegebruik_document(kop, []))


def test_foutdocument_wordt_afgekapt_en_onverwacht_element_geweigerd():
    kop = bouwer.Kop("id-1", "00000001800866472000", "testlas1", timezone.now())
    root = bouwer.fout_document(AANBIEDERS, kop, "x", "y" * 500, [("naam-" * 10, "w" * 40)])
    schema.valideer(root)  # fouttekst and sleutelgegevens are cut to the schema's maximum lengths
    assert len(tekst(root, "foutmelding/fouttekst")) == 200
    etree.SubElement(root, f"{{{schema.NAMESPACE}}}einddatum").text = "2027-07-31"
    assert schema.fouten(etree.tostring(root))


def test_xml_zonder_verboden_tekens():
    kop = bouwer.Kop("id-1", "00000001800866472000", "testlas1", timezone.now() - timedelta(days=1))
    root = bouwer.fout_document(AANBIEDERS, kop, "code", "tekst met \x0b verticale tab", [("a", "b\x00")])
    schema.valideer(etree.fromstring(bouwer.als_bytes(root)))
    assert "\x0b" not in tekst(root, "foutmelding/fouttekst")
    assert q("a/b") == "duo:a/duo:b"
