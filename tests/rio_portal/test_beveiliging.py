"""Security hardening: production settings and the headers on real responses.

Formula injection in the exports is covered in tests/autorisatie/test_rollen.py and tests/controle/test_bestand.py.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]

# The production values of the security settings, applied on top of the test settings (production.py itself
# cannot be imported in-process: it needs OIDC over https and removes the password login the fixtures use).
PRODUCTIE = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def _controleer_kopregels(antwoord) -> None:
    csp = antwoord["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    richtlijnen = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert richtlijnen["frame-ancestors"] == "'none'"
    assert richtlijnen["object-src"] == "'none'"
    assert richtlijnen["default-src"] == "'self'"
    assert re.fullmatch(r"'self'( 'nonce-[\w+/=-]+')?", richtlijnen["script-src"]), richtlijnen["script-src"]
    assert antwoord["X-Frame-Options"] == "DENY"
    assert antwoord["Referrer-Policy"] == "same-origin"
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert antwoord["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
@override_settings(**PRODUCTIE)
def test_kopregels_anoniem(client):
    antwoord = client.get(reverse("login"), secure=True)
    assert antwoord.status_code == 200
    _controleer_kopregels(antwoord)
    # Without TLS (and without the proxy header) everything is redirected to https.
    onveilig = client.get(reverse("login"))
    assert onveilig.status_code == 301 and onveilig["Location"].startswith("https://")


@pytest.mark.django_db
@override_settings(**PRODUCTIE)
def test_kopregels_ingelogd_en_veilige_cookies(client, beheerder, bestuur):
    beheerder.set_password("demo")
    beheerder.save()
    antwoord = client.post(reverse("login"), {"username": beheerder.username, "password": "demo"}, secure=True)
    assert antwoord.status_code == 302, "inloggen met wachtwoord mislukt"
    cookie = antwoord.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    pagina = client.get(reverse("home"), secure=True, follow=True)
    assert pagina.status_code == 200 and "Stappenplan" in pagina.content.decode(), "de startpagina: het stappenplan"
    _controleer_kopregels(pagina)
    # Inline scripts only with the header's nonce (Django adds the nonce to the header once a page uses it).
    nonce = re.search(r"'nonce-([^']+)'", pagina["Content-Security-Policy"])
    html = pagina.content.decode()
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or (nonce and f'nonce="{nonce.group(1)}"' in script), script


def test_templates_zonder_inline_stijl_of_handlers():
    """style-src has no 'unsafe-inline': inline styles and on*= handlers would be blocked in the browser."""
    fouten = []
    for pad in (ROOT / "templates").rglob("*.html"):
        tekst = pad.read_text(encoding="utf-8")
        for patroon in (r"\sstyle\s*=", r"<style\b", r"\son[a-z]+\s*=\s*[\"']", r"javascript:"):
            fouten += [f"{pad.relative_to(ROOT)}: {m.group(0).strip()}" for m in re.finditer(patroon, tekst, re.I)]
        fouten += [f"{pad.relative_to(ROOT)}: <script> zonder src of nonce"
                   for s in re.findall(r"<script\b[^>]*>", tekst) if "src=" not in s and "nonce" not in s]
    assert not fouten, "inline stijl/script past niet bij de strikte CSP:\n" + "\n".join(fouten)


def _productie_instellingen(**extra: str) -> subprocess.CompletedProcess:
    omgeving = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "rio_portal.settings.production",
        "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "rio.example.nl",
        "OIDC_OP_ISSUER": "https://inloggen.example.nl", "OIDC_RP_CLIENT_ID": "rio-portaal",
        "OIDC_RP_CLIENT_SECRET": "geheim", **extra,
    }
    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
            "s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY, s.PORTAAL_WACHTWOORD_LOGIN, "
            "s.AUTHENTICATION_BACKENDS]))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=omgeving, capture_output=True, text=True,
                          timeout=60)


def test_productie_instellingen_zijn_streng():
    uitvoer = _productie_instellingen()
    assert uitvoer.returncode == 0, uitvoer.stderr
    assert uitvoer.stdout.strip() == (
        '[false, true, true, 31536000, true, "DENY", "same-origin", false, ["autorisatie.oidc.RioOIDCBackend"]]'
    )


@pytest.mark.parametrize("extra, melding", [
    ({"SECRET_KEY": "kort"}, "SECRET_KEY"),
    ({"OIDC_OP_ISSUER": "http://inloggen.example.nl"}, "https://"),
    ({"OIDC_RP_CLIENT_SECRET": ""}, "OIDC_RP_CLIENT_SECRET"),
])
def test_productie_weigert_onveilige_configuratie(extra, melding):
    uitvoer = _productie_instellingen(**extra)
    assert uitvoer.returncode != 0 and "ImproperlyConfigured" in uitvoer.stderr and melding in uitvoer.stderr
