"""Kenmerken of an aangeboden opleiding change per ingangsdatum (issue 15 §5): a scheduled change must not
alter today's register, and a past peildatum must show the kenmerken that held then."""

from datetime import date

import pytest
from django.urls import reverse

from controle import gegevens, services
from kern.fouten import RegelFout
from registratie.domein.enumeraties import Waarde, Waardenlijst
from registratie.laden import laad_registratie
from registratie.models import AuditRegel, Kenmerk
from registratie.services import opleiding as opl
from tests.helpers import factories

pytestmark = pytest.mark.django_db

SCHOOLJAAR = date(2027, 8, 1)


def _wijzig(ao, ingangsdatum, kenmerken):
    ao.refresh_from_db()
    return opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ao.versie, ingangsdatum=ingangsdatum,
                                           eigen_naam="", internationale_naam="", omschrijving="",
                                           kenmerken=kenmerken)


def _op(ao, peildatum):
    registratie = laad_registratie(ao.aanbieder.bestuur, peildatum)
    geladen = next(a for a in registratie.aangeboden_opleidingen if a.pk == ao.pk)
    return {(k.naam, k.waarde) for k in registratie.kenmerken_van(geladen)}


@pytest.fixture
def ao(bestuur, vandaag):
    return factories.bo_opleiding(factories.aanbieder(bestuur))


OUD = {("doelgroepBasisonderwijs", "BO")}
DALTON = {"doelgroepBasisonderwijs": ["BO"], "onderwijsconcept": ["DALTON"]}
NIEUW = {("doelgroepBasisonderwijs", "BO"), ("onderwijsconcept", "DALTON")}


def test_geplande_kenmerkwijziging_verandert_vandaag_niet(ao, vandaag):
    """A board announces Dalton for next school year: today the school is not Dalton yet."""
    _wijzig(ao, SCHOOLJAAR, DALTON)
    assert _op(ao, vandaag) == OUD
    assert _op(ao, SCHOOLJAAR) == NIEUW
    assert {(k.naam, k.waarde) for k in ao.kenmerken_op(vandaag)} == OUD
    regel = AuditRegel.objects.filter(objectcode=str(ao.code)).latest("pk")
    assert regel.ingangsdatum == SCHOOLJAAR


def test_verleden_peildatum_toont_de_oude_kenmerken(ao, vandaag):
    """A change today does not rewrite what the register said yesterday."""
    _wijzig(ao, vandaag, DALTON)
    assert _op(ao, date(2026, 11, 27)) == OUD
    assert _op(ao, vandaag) == NIEUW


def test_tweede_wijziging_voor_een_geplande_houdt_de_geplande(ao, vandaag):
    """A change today, while a change for next school year is scheduled, lasts only until that one."""
    _wijzig(ao, SCHOOLJAAR, DALTON)
    _wijzig(ao, vandaag, {"doelgroepBasisonderwijs": ["VK"]})
    assert _op(ao, date(2026, 11, 27)) == OUD
    assert _op(ao, vandaag) == {("doelgroepBasisonderwijs", "VK")}
    assert _op(ao, SCHOOLJAAR) == NIEUW


def test_opleidingpagina_toont_kenmerken_op_de_peildatum(client, beheerder, ao, vandaag):
    _wijzig(ao, SCHOOLJAAR, DALTON)
    client.force_login(beheerder)
    url = reverse("registratie:opleiding", args=[ao.code])
    assert "Dalton" not in _gegevens(client.get(url))
    assert "Dalton" in _gegevens(client.get(url, {"peildatum": "01-08-2027"}))


def _gegevens(antwoord) -> str:
    """The object's data on the peildatum (the <dl> under the heading), not its tijdlijn."""
    return antwoord.content.decode().split("<dl", 1)[1].split("</dl>", 1)[0]


def test_wijzigformulier_begint_met_de_kenmerken_van_vandaag(client, beheerder, ao, vandaag):
    _wijzig(ao, SCHOOLJAAR, DALTON)
    client.force_login(beheerder)
    form = client.get(reverse("registratie:opleiding_wijzigen", args=[ao.code])).context["form"]
    assert form.initial["onderwijsconcept"] == ""


def test_beeindigen_kort_de_kenmerken_in(ao, vandaag):
    _wijzig(ao, SCHOOLJAAR, DALTON)
    ao.refresh_from_db()
    opl.beeindig_aangeboden_opleiding(ao, door="test", versie=ao.versie, einddatum=date(2027, 7, 31))
    assert list(ao.kenmerken.values_list("waarde", "einddatum")) == [("BO", date(2027, 7, 31))]


# --- Cancelling a scheduled kenmerk change, like a scheduled name change -----------------------------------

def _annuleer_url(ao, dag: date) -> str:
    return reverse("registratie:annuleer_opleidingswijziging", args=[ao.code, dag.isoformat()])


def test_geplande_kenmerkwijziging_annuleren_laat_de_oude_doorlopen(ao, vandaag):
    _wijzig(ao, SCHOOLJAAR, DALTON)
    ao.refresh_from_db()
    opl.annuleer_opleidingswijziging(ao, door="test", ingangsdatum=SCHOOLJAAR)
    assert _op(ao, SCHOOLJAAR) == OUD
    assert list(ao.kenmerken.values_list("waarde", "einddatum")) == [("BO", None)], "the old set runs on"
    regel = AuditRegel.objects.filter(objectcode=str(ao.code)).latest("pk")
    assert (regel.actie, regel.ingangsdatum) == (AuditRegel.Actie.GEANNULEERD, SCHOOLJAAR)
    assert regel.voor["kenmerken"] != regel.na["kenmerken"]


def test_annuleren_neemt_naam_en_kenmerken_van_dezelfde_datum_samen_terug(ao, vandaag):
    ao.refresh_from_db()
    opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ao.versie, ingangsdatum=SCHOOLJAAR,
                                    eigen_naam="Daltonschool", internationale_naam="", omschrijving="",
                                    kenmerken=DALTON)
    ao.refresh_from_db()
    opl.annuleer_opleidingswijziging(ao, door="test", ingangsdatum=SCHOOLJAAR)
    assert ao.perioden.count() == 1 and ao.perioden.get().einddatum is None
    assert _op(ao, SCHOOLJAAR) == OUD


def test_een_tussenliggende_geplande_wijziging_annuleren_houdt_de_latere(ao, vandaag):
    """Two scheduled sets: cancelling the first lets today's set run until the second."""
    _wijzig(ao, date(2027, 1, 1), {"doelgroepBasisonderwijs": ["VK"]})
    _wijzig(ao, SCHOOLJAAR, DALTON)
    ao.refresh_from_db()
    opl.annuleer_opleidingswijziging(ao, door="test", ingangsdatum=date(2027, 1, 1))
    assert _op(ao, date(2027, 3, 1)) == OUD
    assert _op(ao, SCHOOLJAAR) == NIEUW


@pytest.mark.parametrize("dag", ["vandaag", "begin", "zonder_wijziging"])
def test_annuleren_van_wat_geen_geplande_wijziging_is_wordt_geweigerd(ao, vandaag, dag):
    _wijzig(ao, vandaag, DALTON)  # took effect today: no longer cancellable
    ingangsdatum = {"vandaag": vandaag, "begin": ao.begindatum, "zonder_wijziging": SCHOOLJAAR}[dag]
    ao.refresh_from_db()
    voor = factories.stand()
    with pytest.raises(RegelFout):
        opl.annuleer_opleidingswijziging(ao, door="test", ingangsdatum=ingangsdatum)
    assert factories.stand() == voor


def test_tijdlijn_toont_de_geplande_kenmerken_met_annuleerknop(client, beheerder, ao, vandaag):
    _wijzig(ao, SCHOOLJAAR, DALTON)
    client.force_login(beheerder)
    pagina = client.get(reverse("registratie:opleiding", args=[ao.code])).content.decode()
    tijdlijn = pagina.split('id="tijdlijn-kop"', 1)[1]
    assert "Onderwijsconcept: Dalton" in tijdlijn and "gepland" in tijdlijn
    assert _annuleer_url(ao, SCHOOLJAAR) in tijdlijn
    antwoord = client.post(_annuleer_url(ao, SCHOOLJAAR), follow=True)
    assert "De geplande wijziging is geannuleerd." in antwoord.content.decode()
    assert _op(ao, SCHOOLJAAR) == OUD


def test_annuleren_als_aanval(client, lezer, ander_bestuur, ao, vandaag):
    """A reader of the board, a person of another board, a GET and a broken date change nothing."""
    _wijzig(ao, SCHOOLJAAR, DALTON)
    voor = factories.stand()
    client.force_login(lezer)
    assert client.post(_annuleer_url(ao, SCHOOLJAAR)).status_code == 403
    buitenstaander = factories.beheerder_po("buiten", ander_bestuur)
    client.force_login(buitenstaander)
    assert client.post(_annuleer_url(ao, SCHOOLJAAR)).status_code == 404
    client.force_login(lezer)
    assert client.get(_annuleer_url(ao, SCHOOLJAAR)).status_code == 405
    url = _annuleer_url(ao, SCHOOLJAAR).replace("2027-08-01", "2027-13-01")
    assert client.post(url).status_code in (403, 404)
    assert factories.stand() == voor


# --- The controle judges a set of kenmerken on its own dates --------------------------------------------

def test_controle_beoordeelt_een_kenmerkset_op_zijn_eigen_datums(ao, vandaag, monkeypatch):
    """A value DUO adds from next school year on, chosen from then on: valid on its dates, so no signal; the
    old rule judged it against the offer's begindatum (2021) and gave a false error."""
    nieuw = Waarde("KINDCENTRUM", "Kindcentrum", SCHOOLJAAR)
    origineel = Waardenlijst.waarde
    monkeypatch.setattr(Waardenlijst, "waarde",
                        lambda lijst, code: nieuw if code == nieuw.code else origineel(lijst, code))
    _wijzig(ao, SCHOOLJAAR, {"doelgroepBasisonderwijs": ["BO"], "onderwijsconcept": [nieuw.code]})
    assert _kenmerksignalen(ao, date(2027, 9, 1)) == []
    assert _kenmerksignalen(ao, vandaag) == []
    # The rule still bites: a set that holds the value before it exists.
    Kenmerk.objects.create(aangeboden_opleiding=ao, naam="onderwijsconcept", waarde=nieuw.code,
                           begindatum=ao.begindatum, einddatum=date(2027, 7, 31))
    assert any("Kindcentrum" in s.bericht for s in _kenmerksignalen(ao, vandaag))


def _kenmerksignalen(ao, peildatum):
    controle = services.controleer(gegevens.laad_bestuur(ao.aanbieder.bestuur, peildatum))
    return [s for s in controle.signalen if s.regel == "KENMERK_GELDIG"]
