"""Logging in through OpenID Connect: the real mozilla-django-oidc flow against the real oidc-provider-mock.

Each test walks the code flow over HTTP (requests against live_server and the provider) and then looks at
the database: the person, their organisation, their roles, their admin rights. The attack tests break one
link of the chain (state, nonce, PKCE, the code, the ID token itself) and check that nobody got in.
"""

import hashlib
import hmac
import json
import logging
import threading
from datetime import timedelta

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from oidc_provider_mock import app
from werkzeug.serving import make_server

from autorisatie import oidc
from autorisatie.models import Aankondiging, Organisatielid, Roltoewijzing
from autorisatie.rollen import BEHEERDERSROLLEN, Rol
from autorisatie.services import kondig_aan
from autorisatie.toegang import toewijzingen
from kern.tijd import vandaag
from registratie.models import AuditRegel
from tests.helpers import factories
from tests.helpers.oidc import Provider, query, wijs_naar

pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()
MISLUKT_BEGIN = "Inloggen via uw organisatie is niet gelukt"


@pytest.fixture
def bestuur():
    return factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))


def _bestuur_claims(bestuur, **extra) -> dict:
    return {"bevoegd_gezag_nummer": bestuur.bevoegd_gezag.nummer, **extra}


def _persoon(**extra) -> dict:
    return {"given_name": "Bea", "family_name": "de Beheerder", "email": "bea@school.example.nl", **extra}


def _geldige_rollen(gebruiker, **filters) -> set[str]:
    return set(toewijzingen(gebruiker).filter(**filters).values_list("rol", flat=True))


def _oidc_waarschuwingen(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "autorisatie.oidc" and r.levelno == logging.WARNING]


def _weigering_op_inlogpagina(antwoord: requests.Response, tekst: str) -> None:
    """Back on the login page, with the reason in an alert."""
    assert antwoord.status_code == 200
    assert antwoord.url.split("?")[0].endswith("/inloggen/"), antwoord.url
    assert 'role="alert"' in antwoord.text
    assert tekst in antwoord.text, antwoord.text[:3000]


# --- Who the person is and what the claims give ----------------------------------------------------------

def test_beheerder_po_eerste_inlog(portaal, bestuur):
    portaal.provider.zet_persoon("sub-bea-1", **_persoon(**_bestuur_claims(bestuur, beheerder_po=True)))

    sessie, antwoord = portaal.inloggen("sub-bea-1")

    assert antwoord.status_code == 200
    assert antwoord.url == f"{portaal.url}/", antwoord.url  # home: the stappenplan of the one board
    assert "Stappenplan" in antwoord.text and f'href="/organisatie/{bestuur.code}/"' in antwoord.text
    assert "Bea de Beheerder" in antwoord.text  # "Ingelogd als" in the header
    gebruiker = User.objects.get(username="sub-bea-1")
    assert portaal.ingelogde_gebruiker(sessie) == gebruiker
    assert (gebruiker.first_name, gebruiker.last_name, gebruiker.email) == ("Bea", "de Beheerder",
                                                                            "bea@school.example.nl")
    assert not gebruiker.has_usable_password()
    assert not (gebruiker.is_staff or gebruiker.is_superuser)
    lid = Organisatielid.objects.get(gebruiker=gebruiker)
    assert (lid.bestuur, lid.organisatie_claim, lid.is_beheerder_po) == (bestuur, "10001", True)
    assert _geldige_rollen(gebruiker, bestuur=bestuur) == {Rol.BEHEERDER_ALGEMEEN, Rol.BEHEERDER_SELFSERVICE}
    assert set(Roltoewijzing.objects.filter(gebruiker=gebruiker).values_list("bron", flat=True)) == {"claim"}
    assert AuditRegel.objects.filter(objecttype="roltoewijzing", omschrijving__startswith="Rol toegekend").count() == 2


def test_nooit_gekoppeld_op_e_mailadres(portaal, bestuur):
    """Someone whose e-mail matches an existing person is still a new person: only sub counts."""
    bestaand = factories.collega("sub-oud", bestuur)
    bestaand.email = "bea@school.example.nl"
    bestaand.set_unusable_password()
    bestaand.save()
    portaal.provider.zet_persoon("sub-nieuw", **_persoon(**_bestuur_claims(bestuur)))

    sessie, _ = portaal.inloggen("sub-nieuw")

    assert portaal.ingelogde_gebruiker(sessie).username == "sub-nieuw"
    assert User.objects.filter(email="bea@school.example.nl").count() == 2


def test_tweede_inlog_zonder_claim_beeindigt_de_beheerdersrollen(portaal, bestuur):
    portaal.provider.zet_persoon("sub-bea-2", **_persoon(**_bestuur_claims(bestuur, beheerder_po=True)))
    portaal.inloggen("sub-bea-2")
    gebruiker = User.objects.get(username="sub-bea-2")
    assert _geldige_rollen(gebruiker) == set(BEHEERDERSROLLEN)

    # The provider no longer says Beheerder PO; new names too, to see they follow the claims.
    portaal.provider.zet_persoon("sub-bea-2", **_persoon(given_name="Beatrix", **_bestuur_claims(bestuur)))
    sessie, _ = portaal.inloggen("sub-bea-2")

    assert portaal.ingelogde_gebruiker(sessie) == gebruiker
    gebruiker.refresh_from_db()
    assert gebruiker.first_name == "Beatrix"
    assert _geldige_rollen(gebruiker) == set()  # ended: not valid today
    beeindigd = Roltoewijzing.objects.filter(gebruiker=gebruiker, rol__in=BEHEERDERSROLLEN)
    assert {t.einddatum for t in beeindigd} == {vandaag() - timedelta(days=1)}
    assert Organisatielid.objects.get(gebruiker=gebruiker).is_beheerder_po is False

    # And with the claim back the same day, the roles come back (a new assignment, audited).
    portaal.provider.zet_persoon("sub-bea-2", **_persoon(**_bestuur_claims(bestuur, beheerder_po=True)))
    portaal.inloggen("sub-bea-2")
    assert _geldige_rollen(gebruiker) == set(BEHEERDERSROLLEN)


def test_beheerder_po_van_een_ander_bestuur_verliest_de_rollen_van_het_oude(portaal, bestuur):
    ander = factories.bestuur_met_erkenningen("20002", brin4s=("22BB",))
    portaal.provider.zet_persoon("sub-wissel", **_persoon(**_bestuur_claims(bestuur, beheerder_po=True)))
    portaal.inloggen("sub-wissel")
    portaal.provider.zet_persoon("sub-wissel", **_persoon(**_bestuur_claims(ander, beheerder_po=True)))
    portaal.inloggen("sub-wissel")

    gebruiker = User.objects.get(username="sub-wissel")
    assert _geldige_rollen(gebruiker, bestuur=bestuur) == set()
    assert _geldige_rollen(gebruiker, bestuur=ander) == set(BEHEERDERSROLLEN)
    assert Organisatielid.objects.get(gebruiker=gebruiker).bestuur == ander


def test_aangekondigde_collega_krijgt_de_rollen_bij_de_eerste_inlog(portaal, bestuur):
    beheerder = factories.beheerder_po("bea-handmatig", bestuur)
    kondig_aan(bestuur, door=beheerder, email="Piet@School.example.nl",
               rollen=[Rol.BEHEREN_ONDERWIJSAANBIEDER, Rol.BEHEREN_AANGEBODEN_OPLEIDING])
    portaal.provider.zet_persoon("sub-piet", given_name="Piet", family_name="Jansen", email="piet@school.example.nl",
                                 email_verified=True, **_bestuur_claims(bestuur))

    sessie, _ = portaal.inloggen("sub-piet")

    piet = portaal.ingelogde_gebruiker(sessie)
    assert piet.username == "sub-piet"
    assert _geldige_rollen(piet, bestuur=bestuur) == {Rol.BEHEREN_ONDERWIJSAANBIEDER,
                                                     Rol.BEHEREN_AANGEBODEN_OPLEIDING}
    assert set(Roltoewijzing.objects.filter(gebruiker=piet).values_list("bron", flat=True)) == {"aankondiging"}
    assert Aankondiging.objects.get(bestuur=bestuur).gekoppeld_aan == piet

    portaal.inloggen("sub-piet")  # a second login changes nothing: the announcement is used up
    assert Roltoewijzing.objects.filter(gebruiker=piet).count() == 2


def test_aankondiging_niet_bij_een_onbevestigd_e_mailadres(portaal, bestuur):
    beheerder = factories.beheerder_po("bea-handmatig", bestuur)
    kondig_aan(bestuur, door=beheerder, email="piet@school.example.nl", rollen=[Rol.BEHEREN_ONDERWIJSAANBIEDER])
    portaal.provider.zet_persoon("sub-niet-piet", email="piet@school.example.nl", email_verified=False,
                                 **_bestuur_claims(bestuur))

    sessie, _ = portaal.inloggen("sub-niet-piet")

    assert _geldige_rollen(portaal.ingelogde_gebruiker(sessie)) == set()
    assert Aankondiging.objects.get(bestuur=bestuur).gekoppeld_aan is None


def test_functioneel_beheerder_komt_in_beheer_en_verliest_het_zonder_claim(portaal):
    portaal.provider.zet_persoon("sub-fenna", given_name="Fenna", email="fenna@duo.example.nl",
                                 duo_functioneel_beheerder=True)

    sessie, _ = portaal.inloggen("sub-fenna")

    fenna = portaal.ingelogde_gebruiker(sessie)
    assert fenna.is_staff and fenna.is_superuser
    beheer = sessie.get(f"{portaal.url}/beheer/", allow_redirects=False, timeout=10)
    assert beheer.status_code == 200 and 'id="site-name"' in beheer.text  # the admin index itself

    portaal.provider.zet_persoon("sub-fenna", given_name="Fenna", email="fenna@duo.example.nl")
    sessie, _ = portaal.inloggen("sub-fenna")

    fenna.refresh_from_db()
    assert not (fenna.is_staff or fenna.is_superuser)
    beheer = sessie.get(f"{portaal.url}/beheer/", allow_redirects=False, timeout=10)
    assert beheer.status_code == 302 and "/beheer/login/" in beheer.headers["Location"]


def test_leerplichtambtenaar_krijgt_raadplegen_leerplicht_voor_de_gemeente(portaal):
    portaal.provider.zet_persoon("sub-lotte", given_name="Lotte", gemeentenummer="0344", raadpleegrol="LEERPLICHT")

    sessie, _ = portaal.inloggen("sub-lotte")

    lotte = portaal.ingelogde_gebruiker(sessie)
    rol = Roltoewijzing.objects.get(gebruiker=lotte)
    assert (rol.rol, rol.bestuur, rol.gemeentenummer, rol.bron, rol.begindatum, rol.einddatum) == (
        Rol.RAADPLEGEN_LEERPLICHT, None, "0344", "claim", vandaag(), None)
    assert Organisatielid.objects.get(gebruiker=lotte).gemeentenummer == "0344"
    assert AuditRegel.objects.filter(objecttype="roltoewijzing", objectcode=str(rol.pk)).count() == 1

    portaal.inloggen("sub-lotte")  # same claim: the same assignment stays, nothing new
    assert Roltoewijzing.objects.filter(gebruiker=lotte).count() == 1

    portaal.provider.zet_persoon("sub-lotte", given_name="Lotte")  # the claim is gone
    portaal.inloggen("sub-lotte")
    assert _geldige_rollen(lotte) == set()
    rol.refresh_from_db()
    assert rol.einddatum is not None and not rol.is_geldig_op(vandaag())
    assert AuditRegel.objects.filter(objecttype="roltoewijzing", objectcode=str(rol.pk)).count() == 2


def test_inspecteur_krijgt_raadplegen_toezicht_en_beheerder_po_rollen_blijven_los(portaal, bestuur):
    """Both claims at once: zet_claimrollen must not end the raadpleegrol, nor the other way round."""
    portaal.provider.zet_persoon("sub-ivo", raadpleegrol="TOEZICHT", **_bestuur_claims(bestuur, beheerder_po=True))
    portaal.inloggen("sub-ivo")
    portaal.inloggen("sub-ivo")

    ivo = User.objects.get(username="sub-ivo")
    assert _geldige_rollen(ivo) == {Rol.RAADPLEGEN_TOEZICHT, *BEHEERDERSROLLEN}
    assert Roltoewijzing.objects.filter(gebruiker=ivo).count() == 3  # kept, not ended and granted again


@pytest.mark.parametrize("claims", [
    {"raadpleegrol": "LEERPLICHT"},  # no gemeente: would otherwise match schools with an unknown gemeente
    {"raadpleegrol": "LEERPLICHT", "gemeentenummer": ""},
    {"raadpleegrol": "LEERPLICHT", "gemeentenummer": "12345"},
    {"raadpleegrol": "BEHEERDER"},
], ids=["zonder-gemeente", "lege-gemeente", "ongeldige-gemeente", "onbekende-rol"])
def test_ongeldige_raadpleegclaim_geeft_geen_rol(portaal, claims, caplog):
    portaal.provider.zet_persoon("sub-raar", **claims)

    sessie, _ = portaal.inloggen("sub-raar")

    assert Roltoewijzing.objects.filter(gebruiker=portaal.ingelogde_gebruiker(sessie)).count() == 0
    assert any("genegeerd" in m for m in _oidc_waarschuwingen(caplog))


# --- Refused logins -------------------------------------------------------------------------------------------

def test_onbekend_bestuur_wordt_geweigerd(portaal, bestuur, caplog):
    portaal.provider.zet_persoon("sub-onbekend", **_persoon(bevoegd_gezag_nummer="99999", beheerder_po=True))

    sessie, antwoord = portaal.inloggen("sub-onbekend")

    _weigering_op_inlogpagina(antwoord, "Uw organisatie (bevoegd gezag 99999) is niet bekend in het portaal")
    assert portaal.ingelogde_gebruiker(sessie) is None
    assert not User.objects.filter(username="sub-onbekend").exists()
    assert Roltoewijzing.objects.count() == 0
    assert any("99999" in m and "sub-onbekend" in m for m in _oidc_waarschuwingen(caplog))


def test_lokaal_account_met_dezelfde_naam_wordt_niet_overgenomen(portaal, bestuur, caplog):
    lokaal = factories.gebruiker_met_rollen("beheerder", bestuur)  # demo password account
    portaal.provider.zet_persoon("beheerder", **_persoon(**_bestuur_claims(bestuur), duo_functioneel_beheerder=True))

    sessie, antwoord = portaal.inloggen("beheerder")

    _weigering_op_inlogpagina(antwoord, "Er bestaat al een lokaal account met deze naam")
    assert portaal.ingelogde_gebruiker(sessie) is None
    lokaal.refresh_from_db()
    assert not lokaal.is_superuser and lokaal.email == "beheerder@example.test"
    assert not Organisatielid.objects.filter(gebruiker=lokaal).exclude(organisatie_claim="").exists()  # untouched


def test_afgebroken_bij_de_inlogdienst(portaal):
    sessie = portaal.sessie()
    authorize_url = portaal.start(sessie)
    antwoord = sessie.post(authorize_url, data={"action": "deny"}, timeout=10)  # "Deny access" at the provider

    _weigering_op_inlogpagina(antwoord, "Inloggen via uw organisatie is afgebroken")
    assert portaal.ingelogde_gebruiker(sessie) is None


# --- Attacks on the flow ------------------------------------------------------------------------------------

def _niemand_binnen(portaal, sessie, antwoord, caplog, sub: str, logtekst: str) -> None:
    _weigering_op_inlogpagina(antwoord, MISLUKT_BEGIN)
    assert portaal.ingelogde_gebruiker(sessie) is None
    assert not User.objects.filter(username=sub).exists()
    assert any(logtekst in m for m in _oidc_waarschuwingen(caplog)), _oidc_waarschuwingen(caplog)


def test_vervalste_state_wordt_geweigerd(portaal, caplog):
    portaal.provider.zet_persoon("sub-aanvaller")
    sessie = portaal.sessie()
    callback = portaal.autoriseer(sessie, portaal.start(sessie), "sub-aanvaller")
    state = query(callback)["state"]

    antwoord = portaal.callback(sessie, callback.replace(f"state={state}", "state=vervalst"))

    _niemand_binnen(portaal, sessie, antwoord, caplog, "sub-aanvaller", "state not found")


def test_callback_van_een_ander_wordt_niet_in_mijn_sessie_gebruikt(portaal, caplog):
    """Login CSRF: the attacker's callback (their own code and state) opened in the victim's browser."""
    portaal.provider.zet_persoon("sub-aanvaller")
    aanvaller = portaal.sessie()
    callback = portaal.autoriseer(aanvaller, portaal.start(aanvaller), "sub-aanvaller")

    slachtoffer = portaal.sessie()
    portaal.start(slachtoffer)  # the victim has a login of their own under way (so has a state in the session)
    antwoord = portaal.callback(slachtoffer, callback)

    _niemand_binnen(portaal, slachtoffer, antwoord, caplog, "sub-aanvaller", "state not found")
    # The attacker's own (unused) login still works: the refusal did not burn it.
    portaal.callback(aanvaller, callback)
    assert portaal.ingelogde_gebruiker(aanvaller).username == "sub-aanvaller"


def test_code_hergebruik_wordt_geweigerd(portaal, caplog):
    """A code is single-use: replaying it with a valid state of the same browser gets no token."""
    portaal.provider.zet_persoon("sub-eenmalig")
    sessie = portaal.sessie()
    eerste = portaal.autoriseer(sessie, portaal.start(sessie), "sub-eenmalig")
    portaal.callback(sessie, eerste)
    assert portaal.ingelogde_gebruiker(sessie).username == "sub-eenmalig"
    portaal.uitloggen(sessie)

    # A new login is started (valid state S2 in the session), but the callback carries the old code.
    tweede = portaal.autoriseer(sessie, portaal.start(sessie), "sub-eenmalig")
    hergebruik = tweede.replace(f"code={query(tweede)['code']}", f"code={query(eerste)['code']}")
    antwoord = portaal.callback(sessie, hergebruik)

    _weigering_op_inlogpagina(antwoord, MISLUKT_BEGIN)
    assert portaal.ingelogde_gebruiker(sessie) is None
    assert any("geen geldig antwoord" in m for m in _oidc_waarschuwingen(caplog))


def test_andere_nonce_wordt_geweigerd(portaal, caplog):
    """The nonce in the ID token must be the one stored with the state: here the request to the provider
    is altered on the way (as a man in the middle could), so the provider signs another nonce."""
    portaal.provider.zet_persoon("sub-nonce")
    sessie = portaal.sessie()
    authorize_url = portaal.start(sessie)
    nonce = query(authorize_url)["nonce"]

    callback = portaal.autoriseer(sessie, authorize_url.replace(f"nonce={nonce}", "nonce=andere-nonce"), "sub-nonce")
    antwoord = portaal.callback(sessie, callback)

    _niemand_binnen(portaal, sessie, antwoord, caplog, "sub-nonce", "Nonce verification failed")


def test_portaal_stuurt_een_pkce_challenge(portaal):
    """PKCE is on (S256, a fresh verifier per login). oidc-provider-mock 0.4.8 does not check it (it registers
    no CodeChallenge extension), so a refused code_verifier can't be shown against it; this checks our half."""
    sessie = portaal.sessie()
    eerste, tweede = query(portaal.start(sessie)), query(portaal.start(sessie))

    assert eerste["code_challenge_method"] == "S256"
    assert len(eerste["code_challenge"]) == 43 and eerste["code_challenge"] != tweede["code_challenge"]
    verifiers = [s["code_verifier"] for s in portaal.sessiegegevens(sessie)["oidc_states"].values()]
    assert len(set(verifiers)) == 2 and all(len(v) >= 43 for v in verifiers)


# Manipulations of the ID token between the provider's token endpoint and the portal's verification.
def _delen(token: str) -> tuple[dict, dict, str]:
    kop, inhoud, handtekening = token.split(".")
    return json.loads(jwt.utils.base64url_decode(kop)), json.loads(jwt.utils.base64url_decode(inhoud)), handtekening


def _b64(data: dict | bytes) -> str:
    ruw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return jwt.utils.base64url_encode(ruw).decode()


def _andere_inhoud(token: str) -> str:
    kop, inhoud, handtekening = _delen(token)
    return f"{_b64(kop)}.{_b64({**inhoud, 'sub': 'sub-slachtoffer'})}.{handtekening}"


def _andere_sleutel(token: str) -> str:
    kop, inhoud, _ = _delen(token)
    sleutel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(inhoud, sleutel, algorithm="RS256", headers={"kid": kop["kid"]})


def _zonder_kid(token: str) -> str:
    """Signed with another key and no kid in the header: no key of the provider may be picked for it."""
    _, inhoud, _ = _delen(token)
    return jwt.encode(inhoud, rsa.generate_private_key(public_exponent=65537, key_size=2048), algorithm="RS256")


def _alg_none(token: str) -> str:
    kop, inhoud, _ = _delen(token)
    return f"{_b64({**kop, 'alg': 'none'})}.{_b64(inhoud)}."


def _hs256_met_publieke_sleutel(token: str, provider_url: str) -> str:
    """Algorithm confusion: HMAC-signed with the provider's public key as the secret."""
    kop, inhoud, _ = _delen(token)
    publiek = json.dumps(requests.get(f"{provider_url}/jwks", timeout=5).json()["keys"][0]).encode()
    ondertekend = f"{_b64({**kop, 'alg': 'HS256'})}.{_b64(inhoud)}"
    return f"{ondertekend}.{_b64(hmac.new(publiek, ondertekend.encode(), hashlib.sha256).digest())}"


@pytest.mark.parametrize(("vervalsing", "reden"), [
    ("andere-inhoud", "JWS token verification failed"),  # sub changed, the provider's signature kept
    ("andere-sleutel", "JWS token verification failed"),  # re-signed with another key under the provider's kid
    ("zonder-kid", "ID-token of sleutelset zonder sleutel-id (kid)"),
    ("alg-none", "The provider algorithm 'none' does not match"),
    ("hs256", "The provider algorithm 'HS256' does not match"),
])
def test_gemanipuleerd_id_token_wordt_geweigerd(portaal, monkeypatch, caplog, vervalsing, reden):
    portaal.provider.zet_persoon("sub-token")
    echt_get_token = oidc.RioOIDCBackend.get_token

    def get_token(backend, payload):
        antwoord = echt_get_token(backend, payload)  # the real token answer of the real provider
        token = antwoord["id_token"]
        antwoord["id_token"] = {"andere-inhoud": lambda: _andere_inhoud(token),
                                "andere-sleutel": lambda: _andere_sleutel(token),
                                "zonder-kid": lambda: _zonder_kid(token),
                                "alg-none": lambda: _alg_none(token),
                                "hs256": lambda: _hs256_met_publieke_sleutel(token, portaal.provider.url)}[vervalsing]()
        return antwoord

    monkeypatch.setattr(oidc.RioOIDCBackend, "get_token", get_token)  # live_server runs in this process
    sessie, antwoord = portaal.inloggen("sub-token")

    _niemand_binnen(portaal, sessie, antwoord, caplog, "sub-token", f"callback geweigerd: {reden}")
    assert not User.objects.filter(username="sub-slachtoffer").exists()


def test_userinfo_over_een_ander_dan_het_id_token_wordt_geweigerd(portaal, monkeypatch, caplog):
    """The claims come from /userinfo; their sub must be the ID token's (a swapped access token would not be)."""
    portaal.provider.zet_persoon("sub-echt")
    echt_get_userinfo = OIDCAuthenticationBackend.get_userinfo

    def get_userinfo(backend, access_token, id_token, payload):
        return {**echt_get_userinfo(backend, access_token, id_token, payload), "sub": "sub-slachtoffer"}

    monkeypatch.setattr(OIDCAuthenticationBackend, "get_userinfo", get_userinfo)
    sessie, antwoord = portaal.inloggen("sub-echt")

    _niemand_binnen(portaal, sessie, antwoord, caplog, "sub-echt", "userinfo gaat over sub='sub-slachtoffer'")
    assert not User.objects.filter(username="sub-slachtoffer").exists()


def test_id_token_voor_een_andere_applicatie_wordt_geweigerd(portaal, monkeypatch, caplog):
    """A genuine, correctly signed ID token with the right nonce, but issued to another client (aud):
    mozilla-django-oidc does not check aud; RioOIDCBackend does."""
    portaal.provider.zet_persoon("sub-aud")
    sessie = portaal.sessie()
    authorize_url = portaal.start(sessie)
    vreemd = _token_voor_andere_client(portaal.provider.url, "sub-aud", query(authorize_url)["nonce"])
    monkeypatch.setattr(oidc.RioOIDCBackend, "get_token", lambda backend, payload: vreemd)

    antwoord = portaal.callback(sessie, portaal.autoriseer(sessie, authorize_url, "sub-aud"))

    _niemand_binnen(portaal, sessie, antwoord, caplog, "sub-aud", "niet voor dit portaal bedoeld")


def _token_voor_andere_client(provider_url: str, sub: str, nonce: str) -> dict:
    """The code flow of another application at the same provider, carrying the portal's nonce."""
    terug = "http://127.0.0.1:9/andere-app/"
    params = {"response_type": "code", "client_id": "andere-app", "redirect_uri": terug, "scope": "openid",
              "state": "x", "nonce": nonce}
    antwoord = requests.post(f"{provider_url}/oauth2/authorize", params=params, data={"sub": sub},
                             allow_redirects=False, timeout=5)
    code = query(antwoord.headers["Location"])["code"]
    token = requests.post(f"{provider_url}/oauth2/token", data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": terug, "client_id": "andere-app",
        "client_secret": "geheim"}, timeout=5)
    assert token.status_code == 200, token.text
    return token.json()


def test_id_token_van_een_andere_uitgever_wordt_geweigerd(portaal, settings, caplog):
    """The portal expects another issuer than the one that signed the token (iss is checked too)."""
    settings.OIDC_OP_ISSUER = portaal.provider.url.replace("127.0.0.1", "localhost")
    portaal.provider.zet_persoon("sub-iss")

    sessie, antwoord = portaal.inloggen("sub-iss")

    _niemand_binnen(portaal, sessie, antwoord, caplog, "sub-iss", "andere uitgever")


def test_verlopen_id_token_wordt_geweigerd(portaal, settings, caplog):
    """A second real provider whose tokens are expired when issued (max age -60 s): PyJWT refuses exp, and
    mozilla lets that error through (it only catches DecodeError), so RioCallbackView must catch it."""
    server = make_server("127.0.0.1", 0, app(require_nonce=True, access_token_max_age=timedelta(seconds=-60)),
                         threaded=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        portaal.provider = Provider(f"http://127.0.0.1:{server.server_port}")
        wijs_naar(settings, portaal.provider.url)
        portaal.provider.zet_persoon("sub-verlopen")

        sessie, antwoord = portaal.inloggen("sub-verlopen")

        _niemand_binnen(portaal, sessie, antwoord, caplog, "sub-verlopen", "Signature has expired")
    finally:
        server.shutdown()
        server.server_close()


# --- Logout ----------------------------------------------------------------------------------------------------

def test_uitloggen_beeindigt_ook_de_sessie_bij_de_inlogdienst(portaal, bestuur):
    portaal.provider.zet_persoon("sub-uit", **_persoon(**_bestuur_claims(bestuur)))
    sessie, _ = portaal.inloggen("sub-uit")
    id_token = portaal.sessiegegevens(sessie)["oidc_id_token"]

    antwoord = portaal.uitloggen(sessie)

    assert antwoord.status_code == 302
    locatie = antwoord.headers["Location"]
    assert locatie.startswith(f"{portaal.provider.url}/oauth2/end_session?"), locatie
    assert query(locatie) == {"id_token_hint": id_token, "post_logout_redirect_uri": f"{portaal.url}/",
                              "client_id": "rio-portaal"}
    assert portaal.ingelogde_gebruiker(sessie) is None
    # The provider's end-session page, its button, and back to the portal's home page.
    pagina = sessie.get(locatie, timeout=10)
    assert pagina.status_code == 200 and "End session" in pagina.text
    terug = sessie.post(f"{portaal.provider.url}/oauth2/end_session/confirm",
                        data={"redirect_uri": query(locatie)["post_logout_redirect_uri"]}, timeout=10)
    assert terug.url == f"{portaal.url}/" and "Inloggen" in terug.text


def test_uitloggen_na_wachtwoordlogin_blijft_in_het_portaal(client, bestuur):
    factories.gebruiker_met_rollen("wachtwoord", bestuur)
    assert client.post("/inloggen/", {"username": "wachtwoord", "password": "geheim-wachtwoord"}).status_code == 302

    antwoord = client.post("/uitloggen/")

    assert (antwoord.status_code, antwoord["Location"]) == (302, "/")
    assert "_auth_user_id" not in client.session
    assert client.get("/uitloggen/").status_code == 405  # logout only by POST (with the CSRF token)

