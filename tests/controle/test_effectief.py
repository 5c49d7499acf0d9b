"""The check screen computes the effective contact on loaded data; it must give exactly what the domain
service registratie.services.contact.effectief_contact gives, for every aanbieder, context and date."""

from datetime import date

import pytest

from controle import gegevens, services
from registratie.domein.enumeraties import CONTEXT_PER_CODE
from registratie.models import Contactgegevens
from registratie.services import contact as contact_services
from registratie.services import organisatie as organisatie_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories


@pytest.mark.django_db
def test_zelfde_uitkomst_als_de_domeinservice(bestuur, vandaag):
    groep = organisatie_services.registreer_groep(bestuur, door="test", naam="Noord", internationale_naam="",
                                                  begindatum=bestuur.begindatum)
    in_groep = organisatie_services.registreer_aanbieder(
        bestuur, door="test", naam="In groep", begindatum=factories.BEGIN,
        instellingen=[bestuur.bevoegd_gezag.instellingen.get(code="11AA")], groep=groep)
    los = factories.aanbieder(bestuur, naam="Los", brin4="11AB")
    zonder_iets = factories.aanbieder(bestuur, naam="Niets", brin4="11AB")
    registreer = contact_services.registreer_contact
    registreer(in_groep, door="test", context="LEERPLICHT", begindatum=vandaag, email="lp@a.example")
    registreer(groep, door="test", context="TOEZICHT", begindatum=vandaag, email="toezicht@groep.example")
    registreer(groep, door="test", context="ALGEMEEN", begindatum=vandaag, email="info@groep.example")
    registreer(bestuur, door="test", context="BEKOSTIGING", begindatum=vandaag, email="geld@bestuur.example")
    registreer(los, door="test", context="ALGEMEEN", begindatum=date(2027, 1, 1), email="later@los.example")
    oud = registreer(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag, email="info@bestuur.example")
    contact_services.beeindig_contact(oud, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=date(2027, 3, 31))
    registreer(bestuur, door="test", context="ALGEMEEN", begindatum=date(2027, 4, 1), email="nieuw@bestuur.example")
    assert Contactgegevens.objects.count() == 7

    for peildatum in (vandaag, date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 1), date(2020, 1, 1)):
        g = gegevens.laad_bestuur(gegevens.besturen_qs().get(pk=bestuur.pk), peildatum)
        for aanbieder in (in_groep, los, zonder_iets):
            geladen = next(a for a in g.aanbieders if a.pk == aanbieder.pk)
            for context in CONTEXT_PER_CODE:
                verwacht = contact_services.effectief_contact(aanbieder, context, peildatum)
                gekregen = services.effectief_contact(g, geladen, context)
                assert (gekregen.context, gekregen.herkomst) == (verwacht.context, verwacht.herkomst), (
                    peildatum, aanbieder.code, context)
                assert getattr(gekregen.contact, "pk", None) == getattr(verwacht.contact, "pk", None)


@pytest.mark.django_db
def test_effectieve_contacten_kosten_geen_extra_queries(bestuur, vandaag, django_assert_num_queries):
    for code in ("11AA", "11AB"):
        factories.aanbieder(bestuur, brin4=code)
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@bestuur.example")
    g = gegevens.laad_bestuur(gegevens.besturen_qs().get(pk=bestuur.pk), vandaag)
    with django_assert_num_queries(0):
        rijen = list(services.effectieve_contacten(g))
    assert len(rijen) == 2 * len(CONTEXT_PER_CODE)
    assert all(r.contact is not None and r.is_geerfd for r in rijen)
