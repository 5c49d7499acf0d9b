"""The login page, the local demo provider of `make run`, and the settings that guard production."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from autorisatie import demo_provider, oidc
from autorisatie.rollen import BEHEERDERSROLLEN, Rol
from autorisatie.toegang import toewijzingen
from registratie.models import Vestigingserkenning
from tests.helpers import factories
from tests.helpers.oidc import Portaal, Provider, wijs_naar

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def demobesturen(db):
    """Two boards with a school each (kies_besturen prefers boards with aanbieders); the first in gemeente 0344."""
    demo = factories.bestuur_met_erkenningen("10001", brin4s=("11AA", "11AB"))
    ander = factories.bestuur_met_erkenningen("20002", brin4s=("22BB",))
    factories.aanbieder(demo)
    factories.aanbieder(ander)
    Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=demo.bevoegd_gezag).update(gemeentenummer="0344")
    return demo, ander


# --- The login page ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_inlogpagina_heeft_de_oidc_knop(client, settings):
    settings.DEBUG = settings.PORTAAL_DEMO_PROVIDER = False
    pagina = client.get("/inloggen/?next=/organisatie/").content.decode()

    assert 'href="/oidc/authenticate/?next=/organisatie/"' in pagina
    assert "Inloggen via uw organisatie (OpenID Connect)" in pagina
    assert "Demo-inloggen" not in pagina


@pytest.mark.django_db
def test_inlogpagina_zonder_wachtwoordlogin(client, settings):
    settings.PORTAAL_WACHTWOORD_LOGIN = False
    pagina = client.get("/inloggen/").content.decode()

    assert "Inloggen via uw organisatie" in pagina
    assert 'name="password"' not in pagina
    assert client.post("/inloggen/", {"username": "x", "password": "y"}).status_code == 404


def test_inlogpagina_toont_de_demopersonen(client, settings, demobesturen):
    settings.PORTAAL_DEMO_PROVIDER = True
    pagina = client.get("/inloggen/").content.decode()

    assert "Demo-inloggen" in pagina
    for sub in ("beheerder-po", "collega-po", "beheerder-ander-bestuur", "leerplichtambtenaar", "inspecteur",
                "functioneel-beheerder"):
        assert f"<code>{sub}</code>" in pagina
    assert 'name="password"' in pagina  # the password demo login stays below it in test settings


@pytest.mark.django_db
def test_inlogpagina_zonder_demodata_werkt_nog(client, settings):
    settings.PORTAAL_DEMO_PROVIDER = True
    assert client.get("/inloggen/").status_code == 200


# --- The demo provider -----------------------------------------------------------------------------------------

def test_demopersonen_komen_uit_de_database(demobesturen):
    demo, ander = demobesturen
    personen = {p.sub: p.claims for p in demo_provider.demo_personen()}

    nummer = demo.bevoegd_gezag.nummer
    assert personen["beheerder-po"].items() >= {"bevoegd_gezag_nummer": nummer, "beheerder_po": True}.items()
    assert "beheerder_po" not in personen["collega-po"] and personen["collega-po"]["bevoegd_gezag_nummer"] == nummer
    assert personen["beheerder-ander-bestuur"]["bevoegd_gezag_nummer"] == ander.bevoegd_gezag.nummer
    assert (personen["leerplichtambtenaar"]["gemeentenummer"], personen["leerplichtambtenaar"]["raadpleegrol"]) == (
        "0344", "LEERPLICHT")
    assert personen["inspecteur"]["raadpleegrol"] == "TOEZICHT"
    assert personen["functioneel-beheerder"]["duo_functioneel_beheerder"] is True
    assert all({"name", "email", "given_name", "family_name"} <= set(c) for c in personen.values())


@pytest.mark.django_db(transaction=True)
def test_inloggen_bij_de_demo_provider(live_server, settings, demobesturen):
    """`make run`'s provider, built from the database, logs the demo people in with their roles."""
    demo, _ = demobesturen
    server = demo_provider.maak_server(demo_provider.demo_personen(), poort=0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        provider = Provider(f"http://127.0.0.1:{server.server_port}")
        wijs_naar(settings, provider.url)
        portaal = Portaal(live_server.url, provider)

        bea, _ = portaal.inloggen("beheerder-po")
        lotte, _ = portaal.inloggen("leerplichtambtenaar")
        fenna, _ = portaal.inloggen("functioneel-beheerder")

        bea = portaal.ingelogde_gebruiker(bea)
        assert bea.get_full_name() == "Bea de Beheerder"
        assert set(toewijzingen(bea).filter(bestuur=demo).values_list("rol", flat=True)) == set(BEHEERDERSROLLEN)
        assert toewijzingen(portaal.ingelogde_gebruiker(lotte)).get().rol == Rol.RAADPLEGEN_LEERPLICHT
        assert portaal.ingelogde_gebruiker(fenna).is_superuser
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db
def test_demo_provider_start_niet_buiten_ontwikkeling(settings):
    settings.DEBUG = settings.PORTAAL_DEMO_PROVIDER = False
    with pytest.raises(CommandError, match="hoort alleen in een ontwikkelomgeving"):
        call_command("start_oidc_provider")


# --- Reading claims ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("waarde", "waar"), [
    (True, True), ("true", True), ("Ja", True), ("1", True), (1, True),
    (False, False), ("false", False), ("0", False), ("", False), ("nee", False), (0, False), (2, False), (None, False),
    (["true"], False),
])
def test_alleen_een_ware_claim_telt(waarde, waar):
    """Staff and Beheerder PO claims: a string "false" must not count as set (bool("false") is True)."""
    assert oidc.is_waar(waarde) is waar


def test_naam_uit_name_als_voornaam_en_achternaam_ontbreken():
    assert oidc.namen({"name": "Jan van der Berg"}) == ("Jan", "van der Berg")
    assert oidc.namen({"given_name": "Jan", "family_name": "Berg", "name": "X"}) == ("Jan", "Berg")
    assert oidc.namen({"given_name": "x" * 500}) == ("x" * 150, "")


# --- Production settings ---------------------------------------------------------------------------------------

def _productie(**omgeving) -> subprocess.CompletedProcess:
    basis = {"DJANGO_SETTINGS_MODULE": "rio_portal.settings.production", "SECRET_KEY": "x" * 60,
             "ALLOWED_HOSTS": "rio.example.nl", "OIDC_OP_ISSUER": "https://inloggen.example.nl",
             "OIDC_RP_CLIENT_ID": "rio-portaal", "OIDC_RP_CLIENT_SECRET": "geheim-uit-de-omgeving"}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "DJANGO_", "PORTAAL_"))}
    env |= {k: v for k, v in (basis | omgeving).items() if v is not None}
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.AUTHENTICATION_BACKENDS, s.OIDC_OP_TOKEN_ENDPOINT, s.SECURE_CSP['form-action'])")
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_productie_alleen_oidc():
    uit = _productie()
    assert uit.returncode == 0, uit.stderr
    assert "['autorisatie.oidc.RioOIDCBackend'] https://inloggen.example.nl/oauth2/token" in uit.stdout
    assert "https://inloggen.example.nl" in uit.stdout.split("]", 1)[1]  # form-action allows the logout redirect


@pytest.mark.parametrize(("omgeving", "melding"), [
    ({"OIDC_RP_CLIENT_SECRET": None}, "OIDC_RP_CLIENT_SECRET is verplicht in productie"),
    ({"OIDC_RP_CLIENT_SECRET": ""}, "OIDC_RP_CLIENT_SECRET is verplicht in productie"),
    ({"OIDC_OP_ISSUER": None}, "OIDC_OP_ISSUER is verplicht in productie"),
    ({"OIDC_OP_ISSUER": "http://inloggen.example.nl"}, "OIDC_OP_ISSUER moet met https:// beginnen"),
    ({"OIDC_OP_TOKEN_ENDPOINT": "http://elders.example.nl/token"}, "OIDC_OP_TOKEN_ENDPOINT moet met https://"),
])
def test_productie_weigert_zonder_goede_oidc_instellingen(omgeving, melding):
    uit = _productie(**omgeving)
    assert uit.returncode != 0
    assert melding in uit.stderr


def test_beheer_inloggen_gaat_via_de_inlogpagina_van_het_portaal(client):
    """The admin's own password form would bypass OIDC in production; its login is the portal's login page."""
    antwoord = client.get("/beheer/login/?next=/beheer/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/inloggen/?next=/beheer/"
    assert client.get("/beheer/")["Location"].startswith("/beheer/login/")  # Django's admin sends people there
