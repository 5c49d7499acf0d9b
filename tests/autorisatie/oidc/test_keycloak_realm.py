"""The Keycloak realm of docker-compose (keycloak/realm-rio.json) against the portal's own OIDC settings.

Keycloak itself cannot run here (no container engine, no image registry), so this checks what can go wrong
between the two files: the client the portal expects, the claims it reads, the placeholders compose fills.
Then each demo person's attributes go through the realm's mappers into the claims Keycloak would issue, and
those claims log in through the real code flow (oidc-provider-mock in the provider's place): each person
must come out with the roles the realm promises."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from autorisatie.models import Organisatielid, Rol
from autorisatie.toegang import toewijzingen

ROOT = Path(__file__).resolve().parents[3]
REALM = json.loads((ROOT / "keycloak" / "realm-rio.json").read_text())
CLIENT = next(c for c in REALM["clients"] if c["clientId"] == "rio-portaal")
MAPPERS = [m for m in CLIENT["protocolMappers"] if m["protocolMapper"] == "oidc-usermodel-attribute-mapper"]
DEMO = {u["username"]: u for u in REALM["users"]}


def _claims(gebruiker: dict, bevoegd_gezag: str) -> dict:
    """What Keycloak puts in the ID token and userinfo for this user: the standard profile and email claims, and
    each mapped attribute under its claim name and JSON type (placeholders filled as compose fills them)."""
    claims = {"given_name": gebruiker["firstName"], "family_name": gebruiker["lastName"],
              "email": gebruiker["email"], "email_verified": gebruiker["emailVerified"]}
    for mapper in MAPPERS:
        config = mapper["config"]
        waarden = [w.replace("${KEYCLOAK_DEMO_BESTUUR}", bevoegd_gezag)
                   for w in gebruiker.get("attributes", {}).get(config["user.attribute"], [])]
        if not waarden:
            continue
        if config["jsonType.label"] == "boolean":
            waarden = [w == "true" for w in waarden]
        claims[config["claim.name"]] = waarden if config["multivalued"] == "true" else waarden[0]
    return claims


def test_de_realm_geeft_de_claims_die_het_portaal_leest(settings):
    portaal = {settings.OIDC_CLAIM_ORGANISATIE, settings.OIDC_CLAIM_BEHEERDER_PO,
               settings.OIDC_CLAIM_FUNCTIONEEL_BEHEERDER, settings.OIDC_CLAIM_GEMEENTE,
               settings.OIDC_CLAIM_RAADPLEEGROL}
    assert {m["config"]["claim.name"] for m in MAPPERS} == portaal
    for mapper in MAPPERS:  # the portal reads the ID token's claims and userinfo
        assert mapper["config"]["id.token.claim"] == mapper["config"]["userinfo.token.claim"] == "true"
    profiel = json.loads(REALM["components"]["org.keycloak.userprofile.UserProfileProvider"][0]["config"]
                         ["kc.user.profile.config"][0])
    attributen = {a["name"] for a in profiel["attributes"]}
    assert {m["config"]["user.attribute"] for m in MAPPERS} <= attributen  # Keycloak 26 drops undeclared ones


def test_de_client_is_zoals_het_portaal_hem_gebruikt(settings):
    assert CLIENT["clientId"] == settings.OIDC_RP_CLIENT_ID
    assert not CLIENT["publicClient"] and CLIENT["secret"] == "${OIDC_RP_CLIENT_SECRET}"
    assert CLIENT["standardFlowEnabled"] and not CLIENT["implicitFlowEnabled"]
    assert not CLIENT["directAccessGrantsEnabled"]  # no passwords through the portal
    assert CLIENT["redirectUris"] == [f"${{PORTAAL_ADRES}}{reverse('oidc_authentication_callback')}"]
    assert CLIENT["attributes"]["post.logout.redirect.uris"] == "${PORTAAL_ADRES}/*"  # logout returns to "/"
    assert settings.OIDC_USE_PKCE and CLIENT["attributes"]["pkce.code.challenge.method"] == "S256"
    assert CLIENT["attributes"]["id.token.signed.response.alg"] == settings.OIDC_RP_SIGN_ALGO
    assert {"profile", "email"} <= set(CLIENT["defaultClientScopes"])  # names and e-mail (OIDC_RP_SCOPES)


def test_compose_vult_elke_plaatshouder_van_de_realm():
    plaatshouders = set(re.findall(r"\$\{([A-Z_]+)\}", json.dumps(REALM)))
    compose = (ROOT / "docker-compose.yml").read_text()
    keycloak = compose[compose.index("\n  keycloak:"):compose.index("\nvolumes:")]
    assert plaatshouders and all(re.search(rf"^\s+{naam}:", keycloak, re.M) for naam in plaatshouders), plaatshouders


@pytest.mark.parametrize("naam", sorted(DEMO))
def test_demopersoon_logt_in_met_de_rollen_van_de_realm(portaal, bestuur, naam):
    portaal.provider.zet_persoon(naam, **_claims(DEMO[naam], bestuur.bevoegd_gezag.nummer))

    sessie, antwoord = portaal.inloggen(naam)

    assert antwoord.status_code == 200 and not antwoord.url.split("?")[0].endswith("/inloggen/"), antwoord.url
    gebruiker = get_user_model().objects.get(username=naam)
    assert portaal.ingelogde_gebruiker(sessie) == gebruiker
    assert gebruiker.email == DEMO[naam]["email"]
    rollen = set(toewijzingen(gebruiker).values_list("rol", "bestuur", "gemeentenummer"))
    verwacht = {
        "beheerder-po": {(Rol.BEHEERDER_ALGEMEEN, bestuur.pk, ""), (Rol.BEHEERDER_SELFSERVICE, bestuur.pk, "")},
        "collega-po": set(),  # a colleague of the board: the Beheerder PO hands out the roles
        "duo-beheer": set(),  # functioneel beheer: superuser, no RIO role
        "leerplicht": {(Rol.RAADPLEGEN_LEERPLICHT, None, "0344")},
    }[naam]
    assert rollen == verwacht
    assert gebruiker.is_superuser == (naam == "duo-beheer")
    if naam in ("beheerder-po", "collega-po"):
        assert Organisatielid.objects.get(gebruiker=gebruiker).bestuur == bestuur
