"""registratie.laden shares related objects: a BRIN4, BRIN6, locatie or catalogue opleiding named by many rows is one
instance (the loader's own), not a joined copy per row. And what the loaded erkenningen and locaties lack (a BRIN4
that moved to another bevoegd gezag, a locatie the board no longer uses) is still found, in one query per kind.
Loaded for the tree (``met_details=False``), a registration holds no kenmerken and no contacts below the board."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registratie.laden import laad_registratie
from registratie.models import (
    AangebodenOpleiding,
    Instellingserkenning,
    Onderwijslocatiegebruik,
    Vestigingserkenning,
)
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.controle import vul_schoon

pytestmark = pytest.mark.django_db


def _laad(bestuur, vandaag):
    with CaptureQueriesContext(connection) as queries:
        registratie = laad_registratie(bestuur, vandaag, met_gedeelde=True)
    return registratie, len(queries)


def test_een_instantie_per_erkenning_locatie_en_opleiding(bestuur, vandaag):
    vul_schoon(bestuur, vandaag)
    extra = factories.aanbieder(bestuur, naam="Tweede school op 11AA", brin4="11AA")
    gebruik = Onderwijslocatiegebruik.objects.filter(bestuur=bestuur).order_by("pk").first()
    factories.bo_opleiding(extra, locatie=gebruik.locatie)
    registratie, _ = _laad(bestuur, vandaag)
    instellingen = {i.pk: i for i in registratie.instellingen}
    vestigingen = {v.pk: v for v in registratie.vestigingen}
    locaties = {g.locatie_id: g.locatie for g in registratie.locatiegebruiken}
    with CaptureQueriesContext(connection) as queries:
        relaties = [r for a in registratie.aanbieders for r in registratie.relaties_van(a)]
        assert len(relaties) == 3 and all(r.instelling is instellingen[r.instelling_id] for r in relaties)
        assert [r.instelling.code for r in relaties].count("11AA") == 2
        vestigingsrelaties = [r for g in registratie.locatiegebruiken for r in registratie.vestigingsrelaties_van(g)]
        assert vestigingsrelaties and all(r.vestiging is vestigingen[r.vestiging_id] for r in vestigingsrelaties)
        assert all(v.instelling is instellingen[v.instelling_id] for v in registratie.vestigingen)
        opleidingen = list(registratie.aangeboden_opleidingen)
        assert len(opleidingen) == 3 and all(ao.locatie is locaties[ao.locatie_id] for ao in opleidingen)
        assert len({id(ao.opleiding) for ao in opleidingen}) == 1  # one Basisonderwijs for all three
        assert opleidingen[0].opleiding.naam == "Basisonderwijs"
    assert len(queries) == 0


def test_wat_de_geladen_erkenningen_missen_komt_in_een_query_per_soort(bestuur, ander_bestuur, vandaag):
    """A BRIN4 and a BRIN6 that DUO moved to another bevoegd gezag, and an offer at a locatie the board does not
    use (states the services refuse to make, but the register can reach by DUO's changes): the relations still
    name them, correctly, and the loader spends one query more per kind, not one per row."""
    vul_schoon(bestuur, vandaag)
    registratie, gewoon = _laad(bestuur, vandaag)
    ander = Instellingserkenning.objects.get(code="22BB")
    Instellingserkenning.objects.filter(code="11AB").update(bevoegd_gezag=ander.bevoegd_gezag)
    Vestigingserkenning.objects.filter(code="11AA00").update(instelling=ander)
    elders = factories.locatiegebruik(ander_bestuur, brin6="22BB00").locatie
    ao = next(iter(registratie.aangeboden_opleidingen))
    AangebodenOpleiding.objects.filter(pk=ao.pk).update(locatie=elders)

    registratie, verschoven = _laad(bestuur, vandaag)
    assert verschoven == gewoon + 3
    assert [i.code for i in registratie.instellingen] == ["11AA"]
    assert registratie.vestigingen == []  # 11AB00 moved with its BRIN4, 11AA00 on its own
    with CaptureQueriesContext(connection) as queries:
        codes = sorted(r.instelling.code for a in registratie.aanbieders for r in registratie.relaties_van(a))
        assert codes == ["11AA", "11AB"]
        brin6 = sorted(r.vestiging.code for g in registratie.locatiegebruiken
                       for r in registratie.vestigingsrelaties_van(g))
        assert brin6 == ["11AA00", "11AB00"]
        verplaatst = next(o for o in registratie.aangeboden_opleidingen if o.pk == ao.pk)
        assert verplaatst.locatie.pk == elders.pk and verplaatst.locatie.adres == elders.adres
    assert len(queries) == 0


def test_zonder_details_geen_kenmerken_en_alleen_contacten_van_het_bestuur(bestuur, vandaag):
    """The tree loads without the kenmerken and the contacts below the board (it shows neither): one query less and
    no rows of either; asking the registration for them is an error, never an empty list that reads as 'none'."""
    aanbieders = vul_schoon(bestuur, vandaag)
    contact_services.registreer_contact(aanbieders[0], door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="school@school.example")
    volledig, met = _laad(bestuur, vandaag)
    with CaptureQueriesContext(connection) as queries:
        boom = laad_registratie(bestuur, vandaag, met_gedeelde=True, met_details=False)
    assert len(queries) == met - 1
    assert not any('"registratie_kenmerk"' in q["sql"] for q in queries.captured_queries)
    ao = next(iter(boom.aangeboden_opleidingen))
    assert volledig.kenmerken_van(next(iter(volledig.aangeboden_opleidingen)))
    with pytest.raises(ValueError, match="Kenmerken zijn niet geladen"):
        boom.kenmerken_van(ao)
    with pytest.raises(ValueError, match="niet geladen"):
        boom.contacten_van(boom.aanbieders[0])
    assert [c.email for c in boom.contacten_van(boom.bestuur)] == ["info@stichting.example"]
    assert [c.email for c in boom.contacten] == ["info@stichting.example"]
    assert len(volledig.contacten) == 2 and volledig.contacten_van(volledig.aanbieders[0])
    assert boom.contacten_van(boom.bestuur)[0].bestuur is boom.bestuur
