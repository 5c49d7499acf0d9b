"""Login through OpenID Connect (mozilla-django-oidc): who someone is, their organisation and their roles.

The provider (Mijn DUO Zakelijk in real life, oidc-provider-mock locally) vouches for the person; the claims
say which board (bevoegd gezag) they belong to, whether they are its Beheerder PO, whether they are a DUO
functional administrator, and which raadpleegrol a chain partner has. Every login re-reads the claims, so a
claim that disappears takes its roles and admin rights with it at the next login.

People are matched on ``sub`` only, never on e-mail: an address can pass to someone else, the subject can't.
"""

import logging
import re
from datetime import timedelta
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext, gettext_noop
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from autorisatie.backends import laad_persoon
from autorisatie.models import Roltoewijzing, geldige_toewijzingen_q
from autorisatie.rollen import Rol
from autorisatie.services import koppel_aankondigingen, zet_claimrollen, zet_organisatie
from kern.tijd import vandaag
from registratie.models import AuditRegel, Onderwijsbestuur
from registratie.services import audit

logger = logging.getLogger("autorisatie.oidc")

# The Dutch source of the login page's messages; shown through gettext (in the language of the callback request).
MISLUKT = gettext_noop("Inloggen via uw organisatie is niet gelukt. Probeer het opnieuw; lukt het dan nog niet, "
                       "neem contact op met de helpdesk.")
AFGEBROKEN = gettext_noop("Inloggen via uw organisatie is afgebroken. U bent niet ingelogd.")
ONBEKEND_BESTUUR = gettext_noop("Uw organisatie (bevoegd gezag {nummer}) is niet bekend in het portaal. U kunt daarom "
                                "niet inloggen. Neem contact op met de helpdesk RIO van DUO.")
LOKAAL_ACCOUNT = gettext_noop("Er bestaat al een lokaal account met deze naam. Inloggen via uw organisatie kan daarom "
                              "niet; neem contact op met de functioneel beheerder.")

# Passend onderwijs is not a claim: DUO grants it for a samenwerkingsverband (autorisatie.services, ADR 0012).
RAADPLEEGROL_PER_CLAIMWAARDE: dict[str, Rol] = {"LEERPLICHT": Rol.RAADPLEGEN_LEERPLICHT,
                                                "TOEZICHT": Rol.RAADPLEGEN_TOEZICHT,
                                                "SCHOOLALERT": Rol.RAADPLEGEN_SCHOOLALERT,
                                                "BEKOSTIGING": Rol.RAADPLEGEN_BEKOSTIGING}
WAAR = {"1", "true", "ja", "yes", "j", "y"}
BEVOEGD_GEZAG_NUMMER = re.compile(r"^\d{5}$")
GEMEENTENUMMER = re.compile(r"^\d{4}$")


class InlogGeweigerd(SuspiciousOperation):
    """The provider vouched for the person, but the portal refuses them (mozilla turns this into 'no user')."""


# --- Reading the claims --------------------------------------------------------------------------------------

def claimnaam(setting: str) -> str:
    """The claim name configured for a portal concept (settings.OIDC_CLAIM_*)."""
    return getattr(settings, setting)


def is_waar(waarde: object) -> bool:
    """A claim counts as set only for true, 1 or yes; providers send booleans, numbers or strings."""
    if isinstance(waarde, bool):
        return waarde
    if isinstance(waarde, int):
        return waarde == 1
    return isinstance(waarde, str) and waarde.strip().lower() in WAAR


def tekst(claims: dict, naam: str, lengte: int) -> str:
    """A claim as a trimmed string, cut to the model field's length (a claim is input like any other)."""
    waarde = claims.get(naam)
    if waarde is None or isinstance(waarde, dict | list):
        return ""
    return str(waarde).strip()[:lengte]


def namen(claims: dict) -> tuple[str, str]:
    """(first name, last name): given_name/family_name, or 'name' split after the first word."""
    voornaam, achternaam = tekst(claims, "given_name", 150), tekst(claims, "family_name", 150)
    if not (voornaam or achternaam):
        voornaam, _, achternaam = tekst(claims, "name", 301).partition(" ")
    return voornaam[:150], achternaam[:150]


def organisatieclaim(claims: dict) -> str:
    return tekst(claims, claimnaam("OIDC_CLAIM_ORGANISATIE"), 40)


def bestuur_voor(nummer: str) -> Onderwijsbestuur | None:
    if not BEVOEGD_GEZAG_NUMMER.match(nummer):
        return None
    return Onderwijsbestuur.objects.filter(bevoegd_gezag__nummer=nummer).first()


def gemeenteclaim(claims: dict) -> str:
    """A valid gemeentenummer (4 digits) or ''; an empty one must never become a selectiekenmerk."""
    nummer = tekst(claims, claimnaam("OIDC_CLAIM_GEMEENTE"), 40)  # validated whole, not cut to 4 first
    return nummer if GEMEENTENUMMER.match(nummer) else ""


def gewenste_raadpleegrollen(claims: dict, sub: str) -> set[tuple[Rol, str]]:
    """(rol, gemeentenummer) pairs the raadpleeg claim asks for; Leerplicht only with a valid gemeente."""
    waarde = claims.get(claimnaam("OIDC_CLAIM_RAADPLEEGROL"))
    waarden = waarde if isinstance(waarde, list) else [waarde] if waarde else []
    gemeente = gemeenteclaim(claims)
    gewenst = set()
    for w in waarden:
        rol = RAADPLEEGROL_PER_CLAIMWAARDE.get(str(w).strip().upper())
        if rol is None:
            logger.warning("OIDC: onbekende raadpleegrol %r voor sub=%r genegeerd", str(w)[:40], sub)
        elif rol == Rol.RAADPLEGEN_LEERPLICHT and not gemeente:
            logger.warning("OIDC: raadpleegrol LEERPLICHT zonder geldig gemeentenummer voor sub=%r genegeerd", sub)
        else:
            # The inspectie reads every school: its role carries no gemeente.
            gewenst.add((rol, gemeente if rol == Rol.RAADPLEGEN_LEERPLICHT else ""))
    return gewenst


# --- Raadpleegrollen from the claim ------------------------------------------------------------------------

@transaction.atomic
def zet_raadpleegrollen(gebruiker, gewenst: set[tuple[Rol, str]]) -> None:
    """Keep the claim-given raadpleegrollen equal to the claim: grant what is new, end (yesterday) what is gone."""
    huidige = Roltoewijzing.objects.select_for_update().filter(
        geldige_toewijzingen_q(vandaag()), gebruiker=gebruiker, bron="claim",
        rol__in=list(RAADPLEEGROL_PER_CLAIMWAARDE.values()))
    gehouden: set[tuple[str, str]] = set()
    for toewijzing in huidige:
        sleutel = (toewijzing.rol, toewijzing.gemeentenummer)
        if sleutel in gewenst and sleutel not in gehouden:
            gehouden.add(sleutel)
        else:
            _beeindig_raadpleegrol(toewijzing)
    for rol, gemeente in sorted(gewenst - gehouden):
        _ken_raadpleegrol_toe(gebruiker, rol, gemeente)


def _ken_raadpleegrol_toe(gebruiker, rol: Rol, gemeente: str) -> None:
    toewijzing = Roltoewijzing.objects.create(gebruiker=gebruiker, rol=rol, bestuur=None, gemeentenummer=gemeente,
                                              begindatum=vandaag(), bron="claim")
    waar = f" (gemeente {gemeente})" if gemeente else ""
    audit.registreer(door="inlog (claim raadpleegrol)", actie=AuditRegel.Actie.AANGEMAAKT, obj=toewijzing,
                     bestuurcode="", voor=None, ingangsdatum=toewijzing.begindatum,
                     omschrijving=f"Rol toegekend: {rol.label}{waar} voor {gebruiker.get_username()}")


def _beeindig_raadpleegrol(toewijzing: Roltoewijzing) -> None:
    """Ends at once like autorisatie.services.beeindig_rol: the last valid day is yesterday."""
    voor = audit.momentopname(toewijzing)
    toewijzing.einddatum = max(vandaag() - timedelta(days=1), toewijzing.begindatum - timedelta(days=1))
    toewijzing.save(update_fields=["einddatum"])
    audit.registreer(door="inlog (claim vervallen)", actie=AuditRegel.Actie.BEEINDIGD, obj=toewijzing,
                     bestuurcode="", voor=voor, ingangsdatum=toewijzing.einddatum,
                     omschrijving=f"Rol beëindigd: {toewijzing.get_rol_display()} voor "
                                  f"{toewijzing.gebruiker.get_username()}")


# --- The backend -----------------------------------------------------------------------------------------------

class RioOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with users keyed on sub and organisation and roles from the claims."""

    def get_user(self, user_id):
        return laad_persoon(user_id)

    def _weiger(self, melding: str, logregel: str, *args) -> None:
        """Refuse the login: log why, keep the Dutch message for the login page (RioCallbackView shows it)."""
        logger.warning(logregel, *args)
        if getattr(self, "request", None) is not None:
            self.request.oidc_weigering = melding
        raise InlogGeweigerd(logregel % args)

    def verify_token(self, token, **kwargs):
        """mozilla checks signature, algorithm, expiry and nonce; it skips audience and issuer, so we add them."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token; a signed userinfo answer comes without the nonce argument
            self._controleer_uitgever_en_ontvanger(payload)
        return payload

    def retrieve_matching_jwk(self, token):
        """mozilla reads the token's and each key's kid without a check; a token without one gave a 500."""
        try:
            return super().retrieve_matching_jwk(token)
        except KeyError as fout:
            raise SuspiciousOperation(f"ID-token of sleutelset zonder sleutel-id (kid): {fout}") from fout

    def _controleer_uitgever_en_ontvanger(self, payload: dict) -> None:
        ontvangers = payload.get("aud")
        ontvangers = [ontvangers] if isinstance(ontvangers, str) else ontvangers or []
        if self.OIDC_RP_CLIENT_ID not in ontvangers:
            raise SuspiciousOperation(f"ID-token is niet voor dit portaal bedoeld (aud={ontvangers!r}).")
        uitgever = self.get_settings("OIDC_OP_ISSUER", "").rstrip("/")
        if uitgever and str(payload.get("iss", "")).rstrip("/") != uitgever:  # some providers end iss with "/"
            raise SuspiciousOperation(f"ID-token komt van een andere uitgever (iss={payload.get('iss')!r}).")

    def get_userinfo(self, access_token, id_token, payload):
        """OIDC Core 5.3.4: the userinfo answer must be about the person of the ID token (mozilla skips this)."""
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            self._weiger(MISLUKT, "OIDC: inlog geweigerd: userinfo gaat over sub=%r, het ID-token over sub=%r",
                         str(claims.get("sub"))[:150], payload.get("sub"))
        return claims

    def verify_claims(self, claims) -> bool:
        """A subject is required; an organisation claim must name a board the portal knows."""
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub.strip() or len(sub) > 150:
            logger.warning("OIDC: inlog zonder bruikbare sub geweigerd")
            return False
        nummer = organisatieclaim(claims)
        if nummer and bestuur_voor(nummer) is None:
            self._weiger(gettext(ONBEKEND_BESTUUR).format(nummer=nummer),
                         "OIDC: inlog geweigerd voor sub=%r: bevoegd gezag %r is niet bekend in het portaal",
                         sub, nummer)
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=claims["sub"])

    @transaction.atomic
    def create_user(self, claims):
        gebruiker = self.UserModel.objects.create_user(claims["sub"])  # no password: only OIDC gets in
        return self.update_user(gebruiker, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        """Runs at every login, in one transaction: person, organisation, roles and admin rights."""
        if user.has_usable_password():
            # A local (password) account with the same name is someone else's; never take it over.
            self._weiger(LOKAAL_ACCOUNT, "OIDC: inlog geweigerd voor sub=%r: er bestaat een lokaal account met "
                                         "die gebruikersnaam", user.get_username())
        self._zet_persoon(user, claims)
        bestuur = self._zet_organisatie(user, claims)
        zet_claimrollen(user, bestuur, self._is_beheerder_po(claims) and bestuur is not None)
        if bestuur is not None:
            koppel_aankondigingen(user, bestuur, email_geverifieerd=is_waar(claims.get("email_verified")))
        zet_raadpleegrollen(user, gewenste_raadpleegrollen(claims, user.get_username()))
        return user

    def _zet_persoon(self, user, claims: dict) -> None:
        user.first_name, user.last_name = namen(claims)
        user.email = tekst(claims, "email", 254)
        # DUO's functional administrators manage the portal in /beheer/; re-evaluated at every login.
        beheer = is_waar(claims.get(claimnaam("OIDC_CLAIM_FUNCTIONEEL_BEHEERDER")))
        if beheer != user.is_staff or beheer != user.is_superuser:
            logger.info("OIDC: functioneel beheer voor %s %s", user.get_username(), "aan" if beheer else "uit")
        user.is_staff = user.is_superuser = beheer
        user.save(update_fields=["first_name", "last_name", "email", "is_staff", "is_superuser"])

    def _zet_organisatie(self, user, claims: dict) -> Onderwijsbestuur | None:
        nummer = organisatieclaim(claims)
        bestuur = bestuur_voor(nummer) if nummer else None
        zet_organisatie(user, bestuur, organisatie_claim=nummer, gemeentenummer=gemeenteclaim(claims),
                        is_beheerder_po=self._is_beheerder_po(claims) and bestuur is not None)
        return bestuur

    @staticmethod
    def _is_beheerder_po(claims: dict) -> bool:
        return is_waar(claims.get(claimnaam("OIDC_CLAIM_BEHEERDER_PO")))


# --- Views and the logout URL ----------------------------------------------------------------------------------

class RioCallbackView(OIDCAuthenticationCallbackView):
    """mozilla's callback, but every failure (forged state, bad token, provider down) ends on the login page
    with a Dutch message instead of a bare 400 or 500, and is logged."""

    @property
    def failure_url(self) -> str:
        return resolve_url(self.get_settings("LOGIN_REDIRECT_URL_FAILURE", "login"))

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except (SuspiciousOperation, jwt.InvalidTokenError) as fout:  # PyJWT's expiry errors escape mozilla
            logger.warning("OIDC: callback geweigerd: %s", fout)
        except requests.RequestException as fout:
            logger.warning("OIDC: de inlogdienst gaf geen geldig antwoord: %s", fout)
        request.oidc_weigering = getattr(request, "oidc_weigering", None) or MISLUKT  # logged above
        return self.login_failure()

    def login_failure(self) -> HttpResponse:
        melding = getattr(self.request, "oidc_weigering", None)
        if melding is None:
            melding = AFGEBROKEN if self.request.GET.get("error") else MISLUKT
            logger.warning("OIDC: inlog mislukt (%s)", self.request.GET.get("error") or "geen gebruiker")
        messages.error(self.request, gettext(melding))
        return super().login_failure()


def provider_uitlog_url(request: HttpRequest) -> str:
    """OIDC_OP_LOGOUT_URL_METHOD: the provider's end_session URL (RP-initiated logout), back to the portal."""
    terug = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not id_token:
        return terug
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": request.build_absolute_uri(terug),
                       "client_id": settings.OIDC_RP_CLIENT_ID})
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"
