"""Fixtures for the OIDC login tests: the real oidc-provider-mock in a thread on 127.0.0.1 and the portal whose
helpers (tests/helpers/oidc.py) walk the real authorization code flow with requests (portal ⇄ provider over
HTTP, nothing mocked between).

The provider runs once per session; each test gives its people their claims through the mock's own API
(PUT /users/<sub>), because the boards they name only exist in that test's database.
"""

import threading

import pytest

from autorisatie import demo_provider
from tests.helpers.browser import NIET_LOKAAL
from tests.helpers.oidc import Portaal, Provider, wijs_naar


@pytest.fixture(scope="session")
def oidc_provider():
    """oidc-provider-mock (nonce required) on a free port of 127.0.0.1, built like `make run` builds it."""
    server = demo_provider.maak_server([], host="127.0.0.1", poort=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield Provider(f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(autouse=True)
def oidc_instellingen(settings, oidc_provider):
    wijs_naar(settings, oidc_provider.url)
    return settings


@pytest.fixture
def portaal(live_server, oidc_provider) -> Portaal:
    return Portaal(live_server.url, oidc_provider)


@pytest.fixture
def pagina(page):
    """Offline except for the loopback interface (the live server and the provider; not the mock's CDN CSS)."""
    page.route(NIET_LOKAAL, lambda route: route.abort())
    page.set_default_timeout(10_000)
    return page
