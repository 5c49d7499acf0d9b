"""Restricted communicatiecontexten reach only the readers they are meant for (issue 3, item 7)."""

import pytest
from django.urls import reverse

from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from registratie.models import Vestigingserkenning
from registratie.services import contact as contact_services
from tests import factories


def _raadpleger(naam: str, rol: Rol, gemeentenummer: str = ""):
    gebruiker = factories.gebruiker_met_rollen(naam, None, rollen=[])
    Roltoewijzing.objects.create(gebruiker=gebruiker, rol=rol, gemeentenummer=gemeentenummer,
                                 begindatum=factories.BEGIN, bron="test")
    return gebruiker


@pytest.fixture
def scholen(bestuur, ander_bestuur, vandaag):
    """School A in gemeente 0344 (Utrecht) and school B in 0363 (Amsterdam), each with Leerplicht,
    Toezicht and Algemeen contacts on the aanbieder."""
    Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=bestuur.bevoegd_gezag).update(gemeentenummer="0344")
    Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=ander_bestuur.bevoegd_gezag).update(
        gemeentenummer="0363")
    a = factories.aanbieder(bestuur, naam="School Utrecht")
    b = factories.aanbieder(ander_bestuur, naam="School Amsterdam")
    for school, stad in ((a, "utrecht"), (b, "amsterdam")):
        for context in ("LEERPLICHT", "TOEZICHT", "ALGEMEEN"):
            contact_services.registreer_contact(school, door="test", context=context, begindatum=vandaag,
                                                email=f"{context.lower()}@{stad}.example.nl")
    return a, b


@pytest.mark.django_db
def test_leerplicht_van_gemeente_ziet_alleen_eigen_scholen(client, scholen):
    client.force_login(_raadpleger("lp", Rol.RAADPLEGEN_LEERPLICHT, "0344"))
    pagina = client.get(reverse("registratie:raadplegen")).content.decode()
    assert "leerplicht@utrecht.example.nl" in pagina
    assert "amsterdam" not in pagina
    assert "toezicht@" not in pagina


@pytest.mark.django_db
def test_inspecteur_ziet_toezicht_van_alle_scholen_maar_geen_leerplicht(client, scholen):
    client.force_login(_raadpleger("insp", Rol.RAADPLEGEN_TOEZICHT))
    pagina = client.get(reverse("registratie:raadplegen")).content.decode()
    assert "toezicht@utrecht.example.nl" in pagina and "toezicht@amsterdam.example.nl" in pagina
    assert "leerplicht@" not in pagina


@pytest.mark.django_db
def test_raadpleger_komt_niet_in_mijn_organisatie(client, scholen):
    a, _ = scholen
    client.force_login(_raadpleger("lp", Rol.RAADPLEGEN_LEERPLICHT, "0344"))
    assert client.get(a.get_absolute_url()).status_code == 404
    contact = a.contactgegevens.get(context="LEERPLICHT")
    assert client.get(reverse("registratie:contact", args=[contact.pk])).status_code == 404


@pytest.mark.django_db
def test_eigen_rolhouders_zien_besloten_contexten(client, beheerder, scholen):
    a, _ = scholen
    client.force_login(beheerder)
    pagina = client.get(a.get_absolute_url()).content.decode()
    assert "leerplicht@utrecht.example.nl" in pagina and "toezicht@utrecht.example.nl" in pagina


@pytest.mark.django_db
def test_zonder_raadpleegrol_uitleg(client, beheerder, scholen):
    client.force_login(beheerder)
    pagina = client.get(reverse("registratie:raadplegen")).content.decode()
    assert "U heeft geen raadpleegrol" in pagina


@pytest.mark.django_db
def test_raadpleger_komt_na_inloggen_op_raadplegen(client, scholen):
    client.force_login(_raadpleger("insp", Rol.RAADPLEGEN_TOEZICHT))
    assert client.get("/")["Location"] == reverse("registratie:raadplegen")
