"""PostgreSQL only: the exclusion constraints of migration 0002 and optimistic locking under real concurrency.

Skipped on SQLite (the domain services check the same rules there). Run with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/rio_regels .venv/bin/pytest tests/registratie/test_postgres.py``.
"""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from kern.fouten import Conflict
from registratie.models import (
    AanbiederPeriode,
    AangebodenOpleidingPeriode,
    AuditRegel,
    BestuurPeriode,
    Contactgegevens,
    Instellingserkenning,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Vestigingserkenning,
    Vestigingsrelatie,
)
from registratie.services import organisatie as org
from tests.helpers import factories
from tests.helpers.factories import BEGIN

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (exclusion constraints, row locks)"),
]

EINDE_SCHOOLJAAR = date(2027, 7, 31)
NIEUW_SCHOOLJAAR = date(2027, 8, 1)
CONSTRAINTS = {
    "registratie_bestuurperiode": ["bestuurperiode_geen_overlap"],
    "registratie_groepperiode": ["groepperiode_geen_overlap"],
    "registratie_aanbiederperiode": ["aanbiederperiode_geen_overlap"],
    "registratie_aangebodenopleidingperiode": ["aangebodenopleidingperiode_geen_overlap"],
    "registratie_juridischerelatie": ["juridischerelatie_geen_overlap"],
    "registratie_vestigingsrelatie": ["vestigingsrelatie_geen_overlap"],
    "registratie_contactgegevens": ["contact_aanbieder_id_geen_overlap",
                                    "contact_begeleidingsaanbieder_id_geen_overlap",  # migration 0014
                                    "contact_bestuur_id_geen_overlap", "contact_groep_id_geen_overlap"],
    # migration 0014: the onderwijsbegeleidingsaanbieder's names and erkenningen
    "registratie_begeleidingerkenning": ["begeleidingerkenning_geen_overlap"],
    "registratie_begeleidingperiode": ["begeleidingperiode_geen_overlap"],
}


def _weigert_overlap(maak):
    with pytest.raises(IntegrityError, match="geen_overlap"), transaction.atomic():
        maak()


@pytest.mark.django_db
def test_uitsluitingsconstraints_uit_migratie_0002_bestaan():
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT rel.relname, con.conname FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
            WHERE con.contype = 'x' AND rel.relname LIKE 'registratie_%%' ORDER BY 1, 2""")
        gevonden: dict[str, list[str]] = {}
        for tabel, naam in cursor.fetchall():
            gevonden.setdefault(tabel, []).append(naam)
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'")
        assert cursor.fetchone() == (1,)
    assert gevonden == CONSTRAINTS


@pytest.mark.django_db
def test_overlappende_naamperioden_geweigerd_en_aansluitende_toegestaan(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    ao = factories.bo_opleiding(aanbieder)
    for model, houder in ((AanbiederPeriode, {"aanbieder": aanbieder}), (BestuurPeriode, {"bestuur": bestuur}),
                          (AangebodenOpleidingPeriode, {"aangeboden_opleiding": ao})):
        velden = {"naam": "Nieuw"} if model is not AangebodenOpleidingPeriode else {"eigen_naam": "Nieuw"}
        _weigert_overlap(lambda model=model, houder=houder, velden=velden: model.objects.create(
            **houder, begindatum=NIEUW_SCHOOLJAAR, **velden))
        model.objects.filter(**houder).update(einddatum=EINDE_SCHOOLJAAR)
        # The same day in both periods is an overlap too (einddatum is inclusive).
        _weigert_overlap(lambda model=model, houder=houder, velden=velden: model.objects.create(
            **houder, begindatum=EINDE_SCHOOLJAAR, **velden))
        aansluitend = model.objects.create(**houder, begindatum=NIEUW_SCHOOLJAAR, **velden)
        assert model.objects.filter(**houder).count() == 2, model
        assert aansluitend.pk


@pytest.mark.django_db
def test_overlappende_juridische_relatie_met_dezelfde_brin_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    brin_aa, brin_ab = Instellingserkenning.objects.get(code="11AA"), Instellingserkenning.objects.get(code="11AB")
    _weigert_overlap(lambda: JuridischeRelatie.objects.create(aanbieder=aanbieder, instelling=brin_aa,
                                                              begindatum=NIEUW_SCHOOLJAAR))
    JuridischeRelatie.objects.create(aanbieder=aanbieder, instelling=brin_ab, begindatum=NIEUW_SCHOOLJAAR)
    JuridischeRelatie.objects.filter(aanbieder=aanbieder, instelling=brin_aa).update(einddatum=EINDE_SCHOOLJAAR)
    JuridischeRelatie.objects.create(aanbieder=aanbieder, instelling=brin_aa, begindatum=NIEUW_SCHOOLJAAR)
    assert aanbieder.juridische_relaties.count() == 3


@pytest.mark.django_db
def test_overlappende_vestigingsrelatie_geweigerd(bestuur, vandaag):
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    aa00, ab00 = Vestigingserkenning.objects.get(code="11AA00"), Vestigingserkenning.objects.get(code="11AB00")
    _weigert_overlap(lambda: Vestigingsrelatie.objects.create(gebruik=gebruik, vestiging=aa00,
                                                              begindatum=NIEUW_SCHOOLJAAR))
    Vestigingsrelatie.objects.create(gebruik=gebruik, vestiging=ab00, begindatum=BEGIN)
    gebruik.vestigingsrelaties.filter(vestiging=aa00).update(einddatum=EINDE_SCHOOLJAAR)
    Vestigingsrelatie.objects.create(gebruik=gebruik, vestiging=aa00, begindatum=NIEUW_SCHOOLJAAR)
    assert gebruik.vestigingsrelaties.count() == 3


@pytest.mark.django_db
def test_overlappende_contactgegevens_in_dezelfde_context_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    groep = org.registreer_groep(bestuur, door="test", naam="Cluster", internationale_naam="", begindatum=BEGIN)
    for eenheid in ({"aanbieder": aanbieder}, {"bestuur": bestuur}, {"groep": groep}):
        Contactgegevens.objects.create(**eenheid, context="ALGEMEEN", begindatum=vandaag, email="a@b.nl")
        _weigert_overlap(lambda eenheid=eenheid: Contactgegevens.objects.create(
            **eenheid, context="ALGEMEEN", begindatum=NIEUW_SCHOOLJAAR, email="c@d.nl"))
        Contactgegevens.objects.create(**eenheid, context="LEERPLICHT", begindatum=vandaag, email="e@f.nl")
        Contactgegevens.objects.filter(**eenheid, context="ALGEMEEN").update(einddatum=EINDE_SCHOOLJAAR)
        Contactgegevens.objects.create(**eenheid, context="ALGEMEEN", begindatum=NIEUW_SCHOOLJAAR, email="c@d.nl")
    # The same context on different units never clashes.
    assert Contactgegevens.objects.filter(context="ALGEMEEN", begindatum=NIEUW_SCHOOLJAAR).count() == 3


@pytest.mark.django_db(transaction=True)
def test_gelijktijdige_wijziging_met_dezelfde_versie_een_wint_de_ander_krijgt_conflict(vandaag):
    bestuur = factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
    aanbieder = factories.aanbieder(bestuur, naam="Oude naam")
    start = threading.Barrier(2, timeout=10)
    uitkomst: dict[str, object] = {}

    def wijzig(naam: str) -> None:
        try:
            gelezen = Onderwijsaanbieder.objects.get(pk=aanbieder.pk)  # both read versie 1 ...
            assert gelezen.versie == 1
            start.wait()  # ... and save at the same moment
            org.wijzig_aanbieder(gelezen, door=naam, versie=1, ingangsdatum=vandaag, naam=naam,
                                 internationale_naam="", groep=None)
            uitkomst[naam] = "opgeslagen"
        except Conflict:
            uitkomst[naam] = "conflict"
        except Exception as fout:  # reported by the assertion below
            uitkomst[naam] = fout
        finally:
            connection.close()  # this thread's own connection

    draden = [threading.Thread(target=wijzig, args=(naam,)) for naam in ("Naam van Anna", "Naam van Bram")]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    assert not any(d.is_alive() for d in draden)

    assert sorted(map(str, uitkomst.values())) == ["conflict", "opgeslagen"], uitkomst
    winnaar = next(naam for naam, resultaat in uitkomst.items() if resultaat == "opgeslagen")
    vers = Onderwijsaanbieder.objects.get(pk=aanbieder.pk)
    assert vers.versie == 2
    assert vers.periode_op(vandaag).naam == winnaar
    assert list(vers.perioden.values_list("naam", flat=True)) == ["Oude naam", winnaar]
    gewijzigd = AuditRegel.objects.filter(objectcode=aanbieder.code, actie=AuditRegel.Actie.GEWIJZIGD)
    assert list(gewijzigd.values_list("gebruikersnaam", flat=True)) == [winnaar]


@pytest.mark.django_db
def test_begeleidingsaanbieder_overlap_geweigerd_door_de_database(vandaag):
    """Migration 0014: a second name period, erkenning or Algemeen contact over the same days is refused."""
    from registratie.models import BegeleidingErkenning, BegeleidingPeriode
    from registratie.services import begeleiding as begeleiding_services
    from registratie.services import contact as contact_services

    bestuur = factories.bestuur_met_erkenningen("60006", brin4s=("66SO",), soort="SO")
    school = Instellingserkenning.objects.get(code="66SO")
    b = begeleiding_services.registreer_begeleidingsaanbieder(bestuur, door="test", naam="Kentalis Ambulant",
                                                              begindatum=vandaag, instellingen=[school],
                                                              expertises=["DOOFHEID"])
    contact_services.registreer_contact(b, door="test", context="ALGEMEEN", begindatum=vandaag, email="a@example.nl")
    _weigert_overlap(lambda: BegeleidingPeriode.objects.create(begeleidingsaanbieder=b, begindatum=NIEUW_SCHOOLJAAR,
                                                               naam="Dubbel"))
    _weigert_overlap(lambda: BegeleidingErkenning.objects.create(begeleidingsaanbieder=b, instelling=school,
                                                                 begindatum=NIEUW_SCHOOLJAAR))
    _weigert_overlap(lambda: Contactgegevens.objects.create(begeleidingsaanbieder=b, context="ALGEMEEN",
                                                            begindatum=NIEUW_SCHOOLJAAR, email="b@example.nl"))


@pytest.mark.django_db(transaction=True)
def test_gelijktijdig_opgaan_in_en_beeindigen_van_de_opvolger(vandaag):
    """A ends 'opgegaan in B' while B is ended before the overgang at the same moment: one of the two is refused,
    never an overgang to an aanbieder that no longer exists (the opvolger's row is locked)."""
    from kern.fouten import RegelFout
    from registratie.models import Opvolging

    bestuur = factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
    wilg, eik = factories.aanbieder(bestuur, naam="De Wilg"), factories.aanbieder(bestuur, naam="De Eik")
    start = threading.Barrier(2, timeout=10)
    uitkomst: dict[str, object] = {}

    def doe(naam: str, actie) -> None:
        try:
            start.wait()
            actie()
            uitkomst[naam] = "opgeslagen"
        except RegelFout:
            uitkomst[naam] = "geweigerd"
        except Exception as fout:  # reported by the assertion below
            uitkomst[naam] = fout
        finally:
            connection.close()

    draden = [
        threading.Thread(target=doe, args=("wilg", lambda: org.beeindig_aanbieder(
            Onderwijsaanbieder.objects.get(pk=wilg.pk), door="a", versie=1, einddatum=EINDE_SCHOOLJAAR,
            opvolgercode=eik.code))),
        threading.Thread(target=doe, args=("eik", lambda: org.beeindig_aanbieder(
            Onderwijsaanbieder.objects.get(pk=eik.pk), door="b", versie=1, einddatum=date(2027, 1, 31)))),
    ]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    assert not any(d.is_alive() for d in draden)
    assert sorted(map(str, uitkomst.values())) == ["geweigerd", "opgeslagen"], uitkomst
    eik.refresh_from_db()
    opvolging = Opvolging.objects.first()
    assert opvolging is None or eik.einddatum is None or eik.einddatum >= opvolging.datum
