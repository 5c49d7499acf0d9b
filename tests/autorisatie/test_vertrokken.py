"""The leaver: a colleague with roles granted by hand for board A logs in for board B, or for no organisation.

From that login on they must not act for A through those roles (docs/adr/0007): no pages, no restricted contacts,
no changes, no downloads. Their roles are not ended: logging in for A again brings them back. The login runs
through the backend's own ``update_user`` (what the OIDC callback calls after the provider vouched for the person).
"""

import pytest
from django.urls import reverse

from autorisatie import services, toegang
from autorisatie.models import Roltoewijzing
from autorisatie.oidc import RioOIDCBackend
from autorisatie.rollen import GEBRUIKERSROLLEN
from autorisatie.toegang import Actie
from controle import bestand, gegevens
from controle import services as controle_services
from registratie.models import AuditRegel, Contactgegevens
from registratie.services import contact as contact_services
from tests.helpers import factories

pytestmark = pytest.mark.django_db

MARKER = "vertrokken-marker@leerplicht.example.nl"


def _log_in(gebruiker, bestuur=None) -> None:
    """What every OIDC login does for the person: the claims name the organisation of this login (or none)."""
    claims = {"sub": gebruiker.username, "email": gebruiker.email}
    if bestuur is not None:
        claims["bevoegd_gezag_nummer"] = bestuur.bevoegd_gezag.nummer
    RioOIDCBackend().update_user(gebruiker, claims)


@pytest.fixture
def piet(bestuur, po, vandaag):
    """A colleague of A whose Beheerder PO granted all eight gebruikersrollen by hand; an OIDC account."""
    piet = factories.collega("piet", bestuur)
    piet.set_unusable_password()
    piet.save()
    services.ken_rollen_toe(bestuur, door=po, gebruiker=piet, rollen=GEBRUIKERSROLLEN, begindatum=vandaag)
    return piet


@pytest.fixture
def besloten_contact(bestuur, vandaag) -> Contactgegevens:
    return contact_services.registreer_contact(bestuur, door="test", context="LEERPLICHT", begindatum=vandaag,
                                               email=MARKER)


def _urls(bestuur, contact) -> dict[str, str]:
    return {"organisatie": reverse("registratie:organisatie", args=[bestuur.code]),
            "contact": reverse("registratie:contact", args=[contact.pk]),
            "controlebestand": reverse("controle:controlebestand_xlsx", args=[bestuur.code]),
            "sjabloon": reverse("blauwdruk:sjabloon", args=[bestuur.code])}


def _kan_alles(client, bestuur, contact) -> None:
    """The starting point: with their roles for A the colleague reads, downloads and sees the restricted contact."""
    for naam, url in _urls(bestuur, contact).items():
        assert client.get(url).status_code == 200, naam
    assert MARKER in client.get(_urls(bestuur, contact)["organisatie"]).content.decode()
    assert toegang.mag(client.piet, Actie.BEHEREN_CONTACT, bestuur)


def _kan_niets(client, bestuur, contact) -> None:
    for naam, url in _urls(bestuur, contact).items():
        antwoord = client.get(url)
        assert antwoord.status_code == 404, (naam, antwoord.status_code)
        assert MARKER not in antwoord.content.decode(), naam
    assert not toegang.mag_context_lezen(client.piet, bestuur, "LEERPLICHT")
    assert not toegang.besturen(client.piet).exists()
    # Writing: the change form refuses and nothing is stored.
    wijzigen = reverse("registratie:contact_wijzigen", args=[contact.pk])
    antwoord = client.post(wijzigen, {"email": "overgenomen@example.nl", "ingangsdatum": "28-11-2026"})
    assert antwoord.status_code == 404
    assert Contactgegevens.objects.get(pk=contact.pk).email == MARKER
    assert not toegang.mag(client.piet, Actie.BEHEREN_CONTACT, bestuur)


@pytest.fixture
def piet_client(client, piet):
    client.force_login(piet)
    client.piet = piet
    return client


def test_inlog_voor_een_ander_bestuur_neemt_de_rollen_voor_het_oude_niet_mee(piet_client, piet, bestuur,
                                                                               ander_bestuur, besloten_contact):
    _kan_alles(piet_client, bestuur, besloten_contact)

    _log_in(piet, ander_bestuur)

    _kan_niets(piet_client, bestuur, besloten_contact)
    assert not toegang.mag(piet, Actie.LEZEN, ander_bestuur)  # B granted him nothing (yet)


def test_inlog_zonder_organisatie_neemt_de_rollen_niet_mee(piet_client, piet, bestuur, besloten_contact):
    _kan_alles(piet_client, bestuur, besloten_contact)

    _log_in(piet, None)

    _kan_niets(piet_client, bestuur, besloten_contact)


def test_opnieuw_inloggen_voor_het_oude_bestuur_geeft_de_rollen_terug(piet_client, piet, bestuur, ander_bestuur,
                                                                      besloten_contact):
    _log_in(piet, ander_bestuur)
    _kan_niets(piet_client, bestuur, besloten_contact)

    _log_in(piet, bestuur)

    _kan_alles(piet_client, bestuur, besloten_contact)


def test_de_wissel_staat_in_de_historie_van_het_oude_en_het_nieuwe_bestuur(piet, bestuur, ander_bestuur):
    _log_in(piet, ander_bestuur)

    vertrek = AuditRegel.objects.get(bestuurcode=bestuur.code, actie=AuditRegel.Actie.BEEINDIGD,
                                     omschrijving__contains="piet")
    assert "niet meer in voor bestuur" in vertrek.omschrijving
    assert AuditRegel.objects.filter(bestuurcode=ander_bestuur.code, actie=AuditRegel.Actie.AANGEMAAKT,
                                     omschrijving__contains="piet logt in").exists()


def test_dezelfde_inlog_opnieuw_schrijft_geen_historie(piet, bestuur):
    voor = AuditRegel.objects.count()
    _log_in(piet, bestuur)
    assert AuditRegel.objects.count() == voor


def test_raadpleegrol_en_functioneel_beheer_volgen_de_bestuurslogin_niet(vandaag, bestuur, ander_bestuur):
    """A gemeente's or the inspectie's raadpleegrol has no board: it is not a board's hand-granted role."""
    from autorisatie.models import Roltoewijzing
    from autorisatie.rollen import Rol

    inspecteur = factories.collega("inspecteur", None)
    Roltoewijzing.objects.create(gebruiker=inspecteur, rol=Rol.RAADPLEGEN_TOEZICHT, begindatum=vandaag, bron="claim")
    assert toegang.raadpleegrollen(inspecteur).exists()
    duo = factories.collega("duo", ander_bestuur)
    duo.is_superuser = duo.is_staff = True
    duo.save()
    assert toegang.mag(duo, Actie.BEHEREN_BESTUUR, bestuur)


def test_rollen_in_het_controlebestand_zeggen_dat_ze_na_vertrek_niet_tellen(piet, bestuur, ander_bestuur, vandaag):
    """The control file's Rollen sheet still lists the leaver's hand-granted roles (they exist, and come back with a
    login for A), but says they give no access; the per-row check agrees with the query filter toegang uses."""
    def rollen_van_piet() -> set[str]:
        bron = bestand.Bron(controle_services.controleer(gegevens.laad_bestuur(bestuur, vandaag)), "")
        return {rij[-1] for rij in bestand.rol_rijen(bron) if rij[1] == "piet"}

    def eens_met_filter() -> None:
        telt = set(Roltoewijzing.objects.filter(toegang.volgt_inlog_q()).values_list("pk", flat=True))
        for t in Roltoewijzing.objects.select_related("gebruiker__organisatielid"):
            assert toegang.volgt_inlog(t) == (t.pk in telt), t

    _log_in(piet, bestuur)
    assert rollen_van_piet() == {"ja"}
    eens_met_filter()
    _log_in(piet, ander_bestuur)
    assert rollen_van_piet() == {"nee: laatste inlog voor een andere organisatie"}
    eens_met_filter()
