"""toegang.aanbieder_met_rechten and locatiegebruik_met_rechten (the cached object pages' precompiled access question)
decide as toegang.haal does, for every kind of person, including a bijbehorend bestuur of a samenwerkingsschool:
written as the attempts."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from autorisatie import toegang
from autorisatie.models import Roltoewijzing
from registratie.models import Onderwijsaanbieder, Onderwijslocatiegebruik
from registratie.selectors import bestuursstand
from registratie.services import samenwerking as samenwerking_services
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _antwoord(haal, gebruiker):
    """(id, board, rights on the object, rights on its board, readable contexts) or 404, as the page sees them."""
    try:
        obj = haal(gebruiker)
    except Http404:
        return "404"
    rechten = (toegang.rechten_op_aanbieder(gebruiker, obj) if isinstance(obj, Onderwijsaanbieder)
               else toegang.rechten_op(gebruiker, obj.bestuur))
    return (obj.pk, obj.bestuur_id, obj.bestuur.code, rechten, toegang.rechten_op(gebruiker, obj.bestuur),
            toegang.leesbare_contexten(gebruiker, obj.bestuur))


def _gelijk_aanbieder(gebruiker, code: str) -> object:
    verwacht = _antwoord(lambda g: toegang.haal(Onderwijsaanbieder.objects.all(), g, code=code), gebruiker)
    assert _antwoord(lambda g: toegang.aanbieder_met_rechten(g, code), gebruiker) == verwacht, (gebruiker, code)
    return verwacht


def _gelijk_gebruik(gebruiker, bestuurcode: str, locatiecode: str) -> object:
    verwacht = _antwoord(lambda g: toegang.haal(Onderwijslocatiegebruik.objects.all(), g, bestuur__code=bestuurcode,
                                                locatie__code=locatiecode), gebruiker)
    assert _antwoord(lambda g: toegang.locatiegebruik_met_rechten(g, bestuurcode, locatiecode), gebruiker) == verwacht
    return verwacht


@pytest.fixture
def objecten(bestuur):
    return {"aanbieder": factories.aanbieder(bestuur), "gebruik": factories.locatiegebruik(bestuur)}


def test_elke_persoon_krijgt_hetzelfde_antwoord_als_van_haal(personen, objecten, bestuur):
    code = objecten["aanbieder"].code
    gebruik = objecten["gebruik"]
    for naam, persoon in [*personen.items(), ("anoniem", AnonymousUser())]:
        aanbieder = _gelijk_aanbieder(persoon, code)
        locatie = _gelijk_gebruik(persoon, bestuur.code, gebruik.locatie.code)
        # An inactive person is never loaded by the login backends; the helpers answer for them as haal does.
        zichtbaar = naam in ("beheerder", "lezer", "po", "superuser", "inactief")
        assert (aanbieder != "404") == zichtbaar and (locatie != "404") == zichtbaar, naam


def test_een_bijbehorend_bestuur_leest_de_aanbieder_maar_niet_de_locatie_van_de_penvoerder(
        personen, objecten, bestuur, ander_bestuur, vandaag):
    aanbieder = objecten["aanbieder"]
    uitnodiging = samenwerking_services.nodig_uit(aanbieder, door="test", van_bestuur=bestuur,
                                                  bestuurcode=ander_bestuur.code, begindatum=vandaag)
    samenwerking_services.aanvaard(uitnodiging, door="test", versie=uitnodiging.versie)
    ander = personen["ander bestuur"]
    uitkomst = _gelijk_aanbieder(ander, aanbieder.code)
    assert uitkomst != "404"
    # Nothing of the penvoerder's own board, but a shared actie on the aanbieder (rio-po.md, docs/adr/0011).
    assert not any(uitkomst[4].values()) and uitkomst[3]["beheren_opleiding"]
    assert _gelijk_gebruik(ander, bestuur.code, objecten["gebruik"].locatie.code) == "404"


@pytest.mark.parametrize("code", ["99Z999", "", "100A042' OR '1'='1", "%", "_", "1" * 300])
def test_een_verzonnen_code_is_404(personen, objecten, bestuur, code):
    assert _gelijk_aanbieder(personen["beheerder"], code) == "404"
    assert _gelijk_gebruik(personen["beheerder"], bestuur.code, code) == "404"
    assert _gelijk_gebruik(personen["beheerder"], code, objecten["gebruik"].locatie.code) == "404"


def test_de_locatie_van_een_ander_bestuur_onder_de_eigen_code_is_404(personen, bestuur, ander_bestuur):
    """The lookup is by board code and locatie code together: A's person asking for B's gebruik under A's code,
    or under B's, gets nothing."""
    van_b = factories.locatiegebruik(ander_bestuur)
    beheerder = personen["beheerder"]
    assert _gelijk_gebruik(beheerder, bestuur.code, van_b.locatie.code) == "404"
    assert _gelijk_gebruik(beheerder, ander_bestuur.code, van_b.locatie.code) == "404"


def test_een_rol_die_vandaag_eindigt_opent_morgen_niets(time_machine, bestuur):
    time_machine.move_to("2026-11-28 12:00:00+01:00", tick=False)
    aanbieder = factories.aanbieder(bestuur)
    persoon = factories.gebruiker_met_rollen("kort", bestuur, einddatum=date(2026, 11, 28))
    assert _gelijk_aanbieder(persoon, aanbieder.code) != "404"
    # Just after midnight in Amsterdam: the statement compiled yesterday is not used for today.
    time_machine.move_to("2026-11-29 00:00:01+01:00", tick=False)
    assert _gelijk_aanbieder(persoon, aanbieder.code) == "404"


def test_een_ingetrokken_rol_telt_bij_de_volgende_vraag(personen, objecten):
    beheerder = personen["beheerder"]
    assert toegang.aanbieder_met_rechten(beheerder, objecten["aanbieder"].code).pk == objecten["aanbieder"].pk
    Roltoewijzing.objects.filter(gebruiker=beheerder).delete()
    with pytest.raises(Http404):
        toegang.aanbieder_met_rechten(beheerder, objecten["aanbieder"].code)


def test_de_weigering_wordt_gelogd(personen, objecten, caplog):
    with pytest.raises(Http404):
        toegang.aanbieder_met_rechten(personen["ander bestuur"], objecten["aanbieder"].code)
    assert any("Toegang geweigerd" in r.getMessage() and objecten["aanbieder"].code in r.getMessage()
               for r in caplog.records)


def test_de_toegangsvraag_brengt_de_tellers_van_het_bestuur_mee(personen, objecten, bestuur,
                                                                 django_assert_num_queries):
    with django_assert_num_queries(1):
        licht = toegang.aanbieder_met_rechten(personen["beheerder"], objecten["aanbieder"].code)
        stand = bestuursstand(licht.bestuur)
    assert stand == bestuursstand(type(bestuur).objects.get(pk=bestuur.pk)) and f"{bestuur.code}=" in stand
    assert licht.get_deferred_fields() >= {"begindatum", "einddatum"}
    assert licht.begindatum == objecten["aanbieder"].begindatum  # deferred: read when used, never a wrong value


def test_het_lichte_object_heeft_elk_veld_op_zijn_plaats(personen, bestuur, ander_bestuur):
    """``from_db`` takes values in the model's field order: with ids that differ per table, a swapped locatie and
    bestuur would show (a fresh database gives every first row id 1, which hides it)."""
    for brin6 in ("22BB00",):
        factories.locatiegebruik(ander_bestuur, brin6=brin6)  # the next locatie's id is no longer the board's
    gebruik = factories.locatiegebruik(bestuur)
    licht = toegang.locatiegebruik_met_rechten(personen["beheerder"], bestuur.code, gebruik.locatie.code)
    assert (licht.pk, licht.locatie_id, licht.bestuur_id) == (gebruik.pk, gebruik.locatie_id, gebruik.bestuur_id)
    assert licht.locatie_id != licht.bestuur_id
