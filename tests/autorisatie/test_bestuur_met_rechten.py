"""toegang.bestuur_met_rechten (the tree and controle screens' precompiled access question) decides as
bestuur_voor(met_rechten_op=True) does, for every kind of person, on every day: written as the attempts."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from autorisatie import toegang
from autorisatie.models import Roltoewijzing
from registratie.models import Onderwijsbestuur
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _antwoord(maak, gebruiker, code: str):
    """(id, code, rights, readable contexts) or 404, as a screen sees them."""
    try:
        bestuur = maak(gebruiker, code)
    except Http404:
        return "404"
    return (bestuur.pk, bestuur.code, toegang.rechten_op(gebruiker, bestuur),
            toegang.leesbare_contexten(gebruiker, bestuur))


def _orm(gebruiker, code):
    return toegang.bestuur_voor(gebruiker, code, met_rechten_op=True)


def _gelijk(gebruiker, code: str) -> object:
    verwacht = _antwoord(_orm, gebruiker, code)
    assert _antwoord(toegang.bestuur_met_rechten, gebruiker, code) == verwacht
    return verwacht


def test_elke_persoon_krijgt_hetzelfde_antwoord_als_van_bestuur_voor(personen, bestuur, ander_bestuur):
    uitkomst = {naam: _gelijk(g, bestuur.code) for naam, g in personen.items()}
    for naam in ("ander bestuur", "zonder rol", "verlopen rol", "toekomstige rol", "schoolleider",
                 "login voor ander bestuur"):
        assert uitkomst[naam] == "404", naam
    assert uitkomst["beheerder"][2]["beheren_bestuur"] and not uitkomst["lezer"][2]["beheren_bestuur"]
    assert uitkomst["po"][2]["beheren_rollen"] and not uitkomst["beheerder"][2]["beheren_rollen"]
    assert uitkomst["superuser"][2]["beheren_bestuur"]
    assert _gelijk(personen["ander bestuur"], ander_bestuur.code) != "404"
    assert _gelijk(AnonymousUser(), bestuur.code) == "404"


# A NUL byte never gets this far: rio_portal.middleware refuses it with 400 (tests/rio_portal/test_invoer.py).
@pytest.mark.parametrize("code", ["99Z999", "", "100B042' OR '1'='1", "%", "_", "1" * 300])
def test_een_verzonnen_code_is_404(personen, code):
    assert _gelijk(personen["beheerder"], code) == "404"


def test_een_rol_die_vandaag_eindigt_opent_morgen_niets(time_machine, bestuur):
    time_machine.move_to("2026-11-28 12:00:00+01:00", tick=False)
    persoon = factories.gebruiker_met_rollen("kort", bestuur, einddatum=date(2026, 11, 28))
    assert _gelijk(persoon, bestuur.code) != "404"
    # Just after midnight in Amsterdam: the statement compiled yesterday is not used for today.
    time_machine.move_to("2026-11-29 00:00:01+01:00", tick=False)
    assert _gelijk(persoon, bestuur.code) == "404"
    time_machine.move_to("2026-11-28 23:59:59+01:00", tick=False)
    assert _gelijk(persoon, bestuur.code) != "404"


def test_een_ingetrokken_rol_telt_bij_de_volgende_vraag(personen, bestuur):
    beheerder = personen["beheerder"]
    assert toegang.bestuur_met_rechten(beheerder, bestuur.code).code == bestuur.code
    Roltoewijzing.objects.filter(gebruiker=beheerder).delete()
    with pytest.raises(Http404):
        toegang.bestuur_met_rechten(beheerder, bestuur.code)


def test_het_bestuur_heeft_alleen_id_en_code_en_leest_de_rest_bij_gebruik(personen, bestuur,
                                                                           django_assert_num_queries):
    with django_assert_num_queries(1):
        licht = toegang.bestuur_met_rechten(personen["beheerder"], bestuur.code)
        assert toegang.rechten_op(personen["beheerder"], licht)["beheren_bestuur"]
    assert licht.get_deferred_fields() >= {"begindatum", "einddatum"}
    assert licht.begindatum == bestuur.begindatum  # deferred: read when used, never a wrong value


def test_de_weigering_wordt_gelogd(personen, bestuur, caplog):
    with pytest.raises(Http404):
        toegang.bestuur_met_rechten(personen["ander bestuur"], bestuur.code)
    assert any("Toegang geweigerd" in r.getMessage() and bestuur.code in r.getMessage() for r in caplog.records)


def test_mag_en_rechten_op_geven_wat_besturen_geeft_voor_elke_persoon_en_actie(personen, bestuur, ander_bestuur):
    """``mag`` and ``rechten_op`` read one precompiled statement; ``besturen`` is the rule itself (the ORM)."""
    for naam, persoon in [*personen.items(), ("anoniem", AnonymousUser())]:
        for b in (bestuur, ander_bestuur):
            kaal = Onderwijsbestuur.objects.get(pk=b.pk)  # no annotations: the precompiled path
            verwacht = {actie.value: toegang.besturen(persoon, actie).filter(pk=b.pk).exists()
                        for actie in toegang.Actie}
            assert toegang.rechten_op(persoon, kaal) == verwacht, (naam, b.code)
            assert {actie.value: toegang.mag(persoon, actie, kaal) for actie in toegang.Actie} == verwacht, naam


def test_rechten_op_een_ongeopend_of_onbekend_bestuur_zijn_nee(personen, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not any(toegang.rechten_op(personen["beheerder"], Onderwijsbestuur(code="X")).values())
    weg = Onderwijsbestuur(pk=987654, code="X")
    assert not any(toegang.rechten_op(personen["superuser"], weg).values())


def test_de_toegangsvraag_brengt_de_wijzigingstellers_mee(personen, bestuur, ander_bestuur):
    from registratie.selectors import bestuursstand

    licht = toegang.bestuur_met_rechten(personen["beheerder"], bestuur.code)
    los = bestuursstand(Onderwijsbestuur.objects.get(pk=bestuur.pk))  # without the annotation: its own statement
    assert licht.bestuursstand == los and f"{bestuur.code}=" in los
    assert f"{ander_bestuur.code}=" not in los  # no samenwerkingsschool between them
