"""Restricted communicatiecontexten reach only the readers they are meant for (issue 3, item 7)."""

import pytest
from django.urls import reverse

from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from registratie.models import Vestigingserkenning
from registratie.services import contact as contact_services
from tests.helpers import factories


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


RAADPLEGEN_LINK = 'href="/raadplegen/">Raadplegen</a>'


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["autorisatie.oidc.RioOIDCBackend", "autorisatie.backends.WachtwoordBackend"])
def test_raadplegen_in_de_kop_komt_mee_met_de_persoon(client, bestuur, backend, django_assert_num_queries):
    """The header's link follows the role, and both login backends load it with the person: no query of its own."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from autorisatie.backends import laad_persoon
    from rio_portal.context_processors import portaal

    raadpleger = _raadpleger("lp", Rol.RAADPLEGEN_LEERPLICHT, "0344")
    gewone = factories.gebruiker_met_rollen("gewoon", bestuur)
    assert reverse("registratie:raadplegen") == "/raadplegen/"
    for persoon, verwacht in ((raadpleger, True), (gewone, False)):
        client.force_login(persoon, backend=backend)
        assert (RAADPLEGEN_LINK in client.get(reverse("openbaar:zoeken")).content.decode()) is verwacht
        geladen = laad_persoon(persoon.pk)
        verzoek = RequestFactory().get("/")
        verzoek.user = geladen
        with django_assert_num_queries(0):
            assert portaal(verzoek)["heeft_raadpleegrol"] is verwacht
    Roltoewijzing.objects.filter(gebruiker=raadpleger).update(einddatum=factories.BEGIN)
    assert laad_persoon(raadpleger.pk).heeft_raadpleegrol is False, "een beëindigde rol telt niet"
    get_user_model().objects.filter(pk=gewone.pk).update(is_active=False)
    from autorisatie.backends import WachtwoordBackend

    assert WachtwoordBackend().get_user(gewone.pk) is None, "een uitgeschakeld account komt niet binnen"
