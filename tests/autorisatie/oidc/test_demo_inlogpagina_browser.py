"""The login page of `make run`'s demo provider (oidc-provider-mock in our frame, autorisatie/demo_inlogdienst/):
styled without a CDN, a Dutch explanation that it is a third-party test tool, and every demo person listed;
logging in with a person's button still works."""

import re
import threading

import pytest
from playwright.sync_api import expect

from autorisatie import demo_provider
from tests.helpers import factories
from tests.helpers.oidc import Provider, wijs_naar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_inlogdienst(settings, live_server):
    demo = factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
    factories.aanbieder(demo)
    personen = demo_provider.demo_personen()
    server = demo_provider.maak_server(personen, poort=0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    provider = Provider(f"http://127.0.0.1:{server.server_port}")
    wijs_naar(settings, provider.url)
    yield provider, personen
    server.shutdown()
    server.server_close()


def test_demo_inlogpagina_nederlands_zonder_cdn_met_alle_demopersonen(pagina, live_server, demo_inlogdienst):
    provider, personen = demo_inlogdienst
    buiten = []
    pagina.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:")) else buiten.append(r.url))
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.get_by_role("link", name="Inloggen via uw organisatie (OpenID Connect)").click()
    expect(pagina).to_have_url(re.compile("^" + re.escape(f"{provider.url}/oauth2/authorize?")))

    assert pagina.locator("html").get_attribute("lang") == "nl"
    uitleg = pagina.get_by_role("region", name="Wat is dit?")
    expect(uitleg).to_contain_text("testhulpmiddel van derden")
    tabel = uitleg.get_by_role("table")
    for persoon in personen:
        expect(tabel).to_contain_text(persoon.sub)
        expect(tabel).to_contain_text(persoon.naam)
    # Styled by our own frame: the header bar is the portal's blue.
    assert pagina.locator(".kop").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(21, 66, 115)"
    assert buiten == [], "no CDN or other request outside this machine"

    pagina.get_by_role("button", name="Authorize as beheerder-po").click()
    expect(pagina).to_have_url(f"{live_server.url}/")
    expect(pagina.locator("header")).to_contain_text("Ingelogd als Bea de Beheerder")
