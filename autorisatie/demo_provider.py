"""The local OpenID Connect provider for demos (`make run`): oidc-provider-mock with demo people from the DB.

The people are built from the database at start, so their organisation claims name real boards of the
demo data: the same demo board the password demo users get (autorisatie.demo.kies_besturen).
The mock lets anyone log in as anyone and lets claims be changed over HTTP: never point a real portal at it.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from werkzeug.serving import BaseWSGIServer, make_server

from autorisatie.demo import kies_besturen
from registratie.models import Onderwijsbestuur, Vestigingserkenning

HOST = "127.0.0.1"
POORT = 8001
EMAILDOMEIN = "demo.example.nl"
# Our frame for the mock's pages (no CDN style, a Dutch explanation, the demo people): a Jinja loader in front of
# the mock's own templates.
PAGINAS = Path(__file__).resolve().parent / "demo_inlogdienst"


@dataclass(frozen=True)
class DemoPersoon:
    sub: str  # also the label of the person's button on the provider's page
    voornaam: str
    achternaam: str
    uitleg: str
    extra_claims: dict[str, object] = field(default_factory=dict)

    @property
    def naam(self) -> str:
        return f"{self.voornaam} {self.achternaam}"

    @property
    def claims(self) -> dict[str, object]:
        """All claims but sub; the mock only releases the standard ones for the scopes the portal asks."""
        return {"name": self.naam, "given_name": self.voornaam, "family_name": self.achternaam,
                "email": f"{self.sub}@{EMAILDOMEIN}", "email_verified": True, **self.extra_claims}


def _claim(setting: str, waarde: object) -> dict[str, object]:
    return {getattr(settings, setting): waarde}


def _bestuur(bestuur: Onderwijsbestuur, beheerder_po: bool = False) -> dict[str, object]:
    claims = _claim("OIDC_CLAIM_ORGANISATIE", bestuur.bevoegd_gezag.nummer)
    if beheerder_po:
        claims |= _claim("OIDC_CLAIM_BEHEERDER_PO", True)
    return claims


def gemeente_van(bestuur: Onderwijsbestuur) -> str:
    """A gemeente where the board has a vestiging, so the leerplicht officer finds its schools."""
    return (Vestigingserkenning.objects.filter(instelling__bevoegd_gezag__onderwijsbestuur=bestuur)
            .exclude(gemeentenummer="").order_by("code").values_list("gemeentenummer", flat=True).first() or "")


def demo_personen() -> list[DemoPersoon]:
    """The demo people; raises CommandError when the database has no boards yet."""
    demo, ander = kies_besturen()
    personen = [
        DemoPersoon("beheerder-po", "Bea", "de Beheerder", f"Beheerder PO van {demo.code}: beheerdersrollen via "
                    "de inlog, kent rollen toe aan collega's", _bestuur(demo, beheerder_po=True)),
        DemoPersoon("collega-po", "Cor", "Collega", f"medewerker van {demo.code} zonder rollen",
                    _bestuur(demo)),
    ]
    if ander is not None:
        personen.append(DemoPersoon("beheerder-ander-bestuur", "Anne", "Anders",
                                    f"Beheerder PO van een ander bestuur ({ander.code})",
                                    _bestuur(ander, beheerder_po=True)))
    gemeente = gemeente_van(demo)
    if gemeente:
        personen.append(DemoPersoon("leerplichtambtenaar", "Lotte", "Leerplicht",
                                    f"leerplichtambtenaar van gemeente {gemeente}: raadplegen Leerplicht",
                                    _claim("OIDC_CLAIM_GEMEENTE", gemeente)
                                    | _claim("OIDC_CLAIM_RAADPLEEGROL", "LEERPLICHT")))
    personen += [
        DemoPersoon("inspecteur", "Ivo", "Inspecteur", "inspectie van het onderwijs: raadplegen Toezicht",
                    _claim("OIDC_CLAIM_RAADPLEEGROL", "TOEZICHT")),
        DemoPersoon("functioneel-beheerder", "Fenna", "Functioneel Beheer",
                    "functioneel beheerder bij DUO: Django-beheer (/beheer/)",
                    _claim("OIDC_CLAIM_FUNCTIONEEL_BEHEERDER", True)),
    ]
    return personen


def maak_server(personen: list[DemoPersoon], host: str = HOST, poort: int = POORT) -> BaseWSGIServer:
    """oidc-provider-mock as a threaded werkzeug server; nonce required, as the portal always sends one."""
    from jinja2 import ChoiceLoader, FileSystemLoader
    from oidc_provider_mock import User, app

    gebruikers = [User(sub=p.sub, claims=p.claims) for p in personen]
    dienst = app(require_nonce=True, user_claims=gebruikers)
    dienst.jinja_env.loader = ChoiceLoader([FileSystemLoader(PAGINAS), dienst.jinja_env.loader])
    dienst.jinja_env.globals["demo_personen"] = personen
    return make_server(host, poort, dienst, threaded=True)
