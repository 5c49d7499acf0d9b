"""The OIDC provider and the portal as seen by the login tests: the mock's API, the steps of the code flow one by
one (requests, portal and provider over HTTP), and pointing the settings at a provider."""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import requests
from django.contrib.sessions.backends.db import SessionStore
from django.utils.csp import CSP


@dataclass
class Provider:
    url: str

    def zet_persoon(self, sub: str, **claims) -> None:
        """Create or replace a person at the provider, with exactly these claims (the mock's PUT /users/<sub>)."""
        antwoord = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5)
        assert antwoord.status_code == 204, antwoord.text


def wijs_naar(settings, uitgever: str) -> None:
    """Point the portal at a provider, as base.py derives everything from OIDC_OP_ISSUER."""
    settings.OIDC_OP_ISSUER = uitgever
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{uitgever}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{uitgever}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{uitgever}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{uitgever}/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{uitgever}/oauth2/end_session"
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF, uitgever]}


@dataclass
class Portaal:
    """The live portal and the provider, with the steps of the code flow one by one (for the attack tests)."""

    url: str
    provider: Provider

    def sessie(self) -> requests.Session:
        return requests.Session()

    def start(self, sessie: requests.Session) -> str:
        """GET /oidc/authenticate/: the portal stores state, nonce and PKCE verifier; returns the authorize URL."""
        antwoord = sessie.get(f"{self.url}/oidc/authenticate/", allow_redirects=False, timeout=10)
        assert antwoord.status_code == 302, antwoord.status_code
        locatie = antwoord.headers["Location"]
        assert locatie.startswith(f"{self.provider.url}/oauth2/authorize?"), locatie
        return locatie

    def autoriseer(self, sessie: requests.Session, authorize_url: str, sub: str) -> str:
        """At the provider: open its form and press the person's button; returns the callback URL (code, state)."""
        formulier = sessie.get(authorize_url, timeout=10)
        assert formulier.status_code == 200, formulier.text[:500]
        antwoord = sessie.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert antwoord.status_code == 302, antwoord.text[:500]
        terug = antwoord.headers["Location"]
        assert terug.startswith(f"{self.url}/oidc/callback/?"), terug
        return terug

    def callback(self, sessie: requests.Session, callback_url: str) -> requests.Response:
        """Back at the portal: the callback, then wherever it sends us (the portal or the login page)."""
        return sessie.get(callback_url, timeout=10)

    def inloggen(self, sub: str, sessie: requests.Session | None = None) -> tuple[requests.Session, requests.Response]:
        sessie = sessie or self.sessie()
        antwoord = self.callback(sessie, self.autoriseer(sessie, self.start(sessie), sub))
        return sessie, antwoord

    def sessiegegevens(self, sessie: requests.Session) -> dict:
        sleutel = sessie.cookies.get("sessionid")
        return dict(SessionStore(session_key=sleutel).load()) if sleutel else {}

    def ingelogde_gebruiker(self, sessie: requests.Session):
        from django.contrib.auth import get_user_model

        pk = self.sessiegegevens(sessie).get("_auth_user_id")
        return get_user_model().objects.get(pk=pk) if pk else None

    def uitloggen(self, sessie: requests.Session) -> requests.Response:
        sessie.get(f"{self.url}/", timeout=10)  # a page with the logout form sets the CSRF cookie
        return sessie.post(f"{self.url}/uitloggen/", data={"csrfmiddlewaretoken": sessie.cookies["csrftoken"]},
                           allow_redirects=False, timeout=10)


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
