"""The PO stappenplan (rio-po.md §7) per board: how far is the board, computed from its data.

Six steps: Modelleer, Informeer, Mandaat (OSR), Rollen, Vul het portaal, Controleer. A step is
``klaar``, ``bezig`` (begun, not finished), ``open`` (nog te doen) or ``niet_beschikbaar`` when the portal
cannot know it (no pretending). Step 1 reads the board's blauwdrukken (modelleertool), step 2 who holds the
school leader's 'Blauwdruk inzien' role; the checks of step 5 and 6 are controle's own rules and attestation
(controle.services); this module only reads their outcome. Every step links to the screen where the board acts.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.urls import reverse

from autorisatie.models import Roltoewijzing, geldige_toewijzingen_q
from autorisatie.osr import scholen_van, scholen_zonder_rio_mandaat
from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from controle import gegevens as controle_gegevens
from controle import services as controle_services
from controle.regels import Ernst

from .models import Blauwdruk, Onderwijsbestuur
from .services.regels import datum
from .services.tijd import vandaag

# Rules of step 5 that belong to another step: the OSR mandate is step 3.
NIET_IN_STAP_5 = frozenset({"OSR_MANDAAT"})
MAX_GENOEMD = 10  # how many missing schools are named in a step before "en N meer"


class Status(StrEnum):
    KLAAR = "klaar"
    BEZIG = "bezig"
    OPEN = "open"
    NIET_BESCHIKBAAR = "niet_beschikbaar"

    @property
    def label(self) -> str:
        return {"klaar": "Klaar", "bezig": "Bezig", "open": "Nog te doen",
                "niet_beschikbaar": "Nog niet beschikbaar"}[self]

    @property
    def kort(self) -> str:
        return {"klaar": "klaar", "bezig": "bezig", "open": "te doen", "niet_beschikbaar": "n.b."}[self]


@dataclass(frozen=True)
class Stap:
    nummer: int
    titel: str
    uitleg: str  # what the step asks of the board
    status: Status
    toelichting: str  # the board's own situation, in one sentence
    details: tuple[str, ...] = ()  # e.g. the missing roles
    link: str | None = None
    link_tekst: str = ""
    ook: tuple[tuple[str, str], ...] = ()  # further (address, text) links, e.g. the printable blauwdruk


@dataclass(frozen=True)
class Stappenplan:
    bestuur: Onderwijsbestuur
    naam: str
    peildatum: date
    stappen: tuple[Stap, ...] = field(default_factory=tuple)

    @property
    def aantal_klaar(self) -> int:
        return sum(1 for s in self.stappen if s.status == Status.KLAAR)

    @property
    def aantal_beschikbaar(self) -> int:
        return sum(1 for s in self.stappen if s.status != Status.NIET_BESCHIKBAAR)

    @property
    def volgende(self) -> Stap | None:
        """The first step still to do (or to finish)."""
        return next((s for s in self.stappen if s.status in (Status.OPEN, Status.BEZIG)), None)

    def stap(self, nummer: int) -> Stap:
        return self.stappen[nummer - 1]


# --- Steps 1 and 2: the blauwdruk -------------------------------------------------------------------------

def stap_modelleer(bestuur: Onderwijsbestuur) -> Stap:
    """Klaar once a blauwdruk was applied to the register; bezig while a concept waits; a discarded one is
    nothing."""
    titel, uitleg = "Modelleer", "Breng uw organisatie in kaart: aanbieders, locaties en aangeboden opleidingen."
    link = reverse("blauwdruk:lijst", args=[bestuur.code])
    blauwdrukken = bestuur.blauwdrukken.exclude(status=Blauwdruk.Status.VERWORPEN)
    toegepast = blauwdrukken.filter(status=Blauwdruk.Status.TOEGEPAST).order_by("-toegepast_op", "-pk").first()
    if toegepast is not None:
        wanneer = f" (ingangsdatum {datum(toegepast.ingangsdatum)})" if toegepast.ingangsdatum else ""
        return Stap(1, titel, uitleg, Status.KLAAR, f"Blauwdruk {toegepast.pk} is toegepast op de registratie"
                    f"{wanneer}.", link=link, link_tekst="Blauwdrukken bekijken")
    concepten = blauwdrukken.filter(status=Blauwdruk.Status.CONCEPT).count()
    if concepten:
        aantal = "is 1 concept-blauwdruk" if concepten == 1 else f"zijn {concepten} concept-blauwdrukken"
        return Stap(1, titel, uitleg, Status.BEZIG, f"Er {aantal}: bekijk het verschil met de registratie en pas "
                    "de blauwdruk toe.", link=link, link_tekst="Concept bekijken en toepassen")
    return Stap(1, titel, uitleg, Status.OPEN, "Er is nog geen blauwdruk van uw organisatie.",
                link=link, link_tekst="Blauwdruk maken")


def schoolleiders(bestuur: Onderwijsbestuur, peildatum: date) -> int:
    """How many (active) people may view the board's blauwdruk with the school leader's role on peildatum."""
    return Roltoewijzing.objects.filter(
        geldige_toewijzingen_q(peildatum), bestuur=bestuur, rol=Rol.BLAUWDRUK_INZIEN, gebruiker__is_active=True,
    ).values("gebruiker").distinct().count()


def stap_informeer(bestuur: Onderwijsbestuur, peildatum: date) -> Stap:
    """Klaar when at least one school leader holds 'Blauwdruk inzien' today: the portal records who may look,
    not whether they did."""
    titel = "Informeer"
    uitleg = ("Informeer de schoolleiders: geef hen de rol 'Blauwdruk inzien (schoolleider)', dan zien zij de "
              "blauwdruk, het organisatieplaatje en de afdrukbare blauwdruk.")
    link = reverse("autorisatie:rollen", args=[bestuur.code])
    afdrukken = ((reverse("registratie:afdrukken", args=[bestuur.code]), "Afdrukbare blauwdruk"),)
    aantal = schoolleiders(bestuur, peildatum)
    if aantal:
        return Stap(2, titel, uitleg, Status.KLAAR,
                    f"{aantal} {'persoon kan' if aantal == 1 else 'personen kunnen'} de blauwdruk inzien.",
                    link=link, link_tekst="Rollen bekijken", ook=afdrukken)
    return Stap(2, titel, uitleg, Status.OPEN,
                "Nog niemand heeft de rol 'Blauwdruk inzien'. Geef de schoolleiders die rol, of deel de afdrukbare "
                "blauwdruk met hen.", link=link, link_tekst="Schoolleiders de rol geven", ook=afdrukken)


# --- Step 3: OSR mandate ------------------------------------------------------------------------------------

def stap_mandaat(bestuur: Onderwijsbestuur, peildatum: date) -> Stap:
    titel, uitleg = "Mandaat", "Mandateer uw leverancier in het OSR voor de dienst RIO, voor elke school (BRIN4)."
    link = reverse("autorisatie:mandaten", args=[bestuur.code])
    scholen = list(scholen_van(bestuur, peildatum).values_list("code", flat=True))
    zonder = list(scholen_zonder_rio_mandaat(bestuur, peildatum).values_list("code", flat=True))
    if not scholen:
        return Stap(3, titel, uitleg, Status.KLAAR, "Het bestuur heeft op vandaag geen scholen (BRIN4) om te "
                    "mandateren.", link=link, link_tekst="Mandaten bekijken")
    if not zonder:
        return Stap(3, titel, uitleg, Status.KLAAR,
                    f"Alle {len(scholen)} scholen hebben een actief RIO-mandaat.", link=link,
                    link_tekst="Mandaten bekijken")
    details = [f"BRIN {code}" for code in zonder[:MAX_GENOEMD]]
    if len(zonder) > MAX_GENOEMD:
        details.append(f"en nog {len(zonder) - MAX_GENOEMD} school/scholen")
    return Stap(3, titel, uitleg, Status.OPEN,
                f"{len(scholen) - len(zonder)} van de {len(scholen)} scholen hebben een actief RIO-mandaat; "
                f"{len(zonder)} nog niet:", tuple(details), link=link, link_tekst="Mandaten regelen")


# --- Step 4: roles ------------------------------------------------------------------------------------------

def ontbrekende_rollen(bestuur: Onderwijsbestuur, peildatum: date) -> list[Rol]:
    """The gebruikersrollen nobody (active) holds today with this board as selectiekenmerk."""
    aanwezig = set(Roltoewijzing.objects.filter(
        geldige_toewijzingen_q(peildatum), bestuur=bestuur, rol__in=GEBRUIKERSROLLEN, gebruiker__is_active=True,
    ).values_list("rol", flat=True).distinct())
    return [rol for rol in GEBRUIKERSROLLEN if rol not in aanwezig]


def stap_rollen(bestuur: Onderwijsbestuur, peildatum: date) -> Stap:
    titel = "Rollen"
    uitleg = "De Beheerder PO kent de acht RIO-gebruikersrollen toe, met de bestuurcode als selectiekenmerk."
    link = reverse("autorisatie:rollen", args=[bestuur.code])
    ontbreekt = ontbrekende_rollen(bestuur, peildatum)
    if not ontbreekt:
        return Stap(4, titel, uitleg, Status.KLAAR, "Alle acht gebruikersrollen zijn vandaag aan iemand toegekend.",
                    link=link, link_tekst="Rollen bekijken")
    return Stap(4, titel, uitleg, Status.OPEN,
                f"{len(GEBRUIKERSROLLEN) - len(ontbreekt)} van de {len(GEBRUIKERSROLLEN)} gebruikersrollen zijn "
                f"toegekend. Nog niemand heeft:", tuple(rol.label for rol in ontbreekt),
                link=link, link_tekst="Rollen toekennen")


# --- Steps 5 and 6: controle ---------------------------------------------------------------------------------

def stap_vullen(controle: controle_services.Controle) -> Stap:
    bestuur = controle.bestuur
    titel = "Vul het portaal"
    uitleg = "Registreer aanbieders, locaties, aangeboden opleidingen en contactgegevens."
    link, link_tekst = reverse("registratie:organisatie", args=[bestuur.code]), "Naar Mijn organisatie"
    if not controle.gegevens.aanbieders:
        return Stap(5, titel, uitleg, Status.OPEN, "Er is nog geen onderwijsaanbieder geregistreerd.",
                    link=link, link_tekst=link_tekst)
    open_regels = [u for u in controle.uitkomsten if u.regel.ernst == Ernst.FOUT and u.regel.beschikbaar
                   and u.regel.code not in NIET_IN_STAP_5 and not u.geslaagd]
    if not open_regels:
        return Stap(5, titel, uitleg, Status.KLAAR, "De registratie voldoet aan alle verplichte controles.",
                    link=link, link_tekst=link_tekst)
    details = tuple(f"{u.regel.titel} ({len(u.signalen)} melding{'en' if len(u.signalen) != 1 else ''})"
                    for u in open_regels)
    return Stap(5, titel, uitleg, Status.OPEN, f"{len(open_regels)} verplichte controle(s) nog niet in orde:",
                details, link=reverse("controle:bestuur", args=[bestuur.code]),
                link_tekst="Meldingen bekijken")


def stap_controleer(controle: controle_services.Controle, stand: controle_services.Attestatiestand) -> Stap:
    bestuur = controle.bestuur
    titel = "Controleer"
    uitleg = "Controleer de registratie en leg vast dat de gegevens kloppen."
    link = reverse("controle:bestuur", args=[bestuur.code])
    fouten = controle.aantal_fouten
    if fouten:
        return Stap(6, titel, uitleg, Status.OPEN,
                    f"De controle geeft nog {fouten} fout{'en' if fouten != 1 else ''}; los die eerst op.",
                    link=link, link_tekst="Naar de controle")
    if stand.attestatie is None:
        return Stap(6, titel, uitleg, Status.OPEN, "De controle is schoon, maar nog niemand heeft vastgelegd dat "
                    "de gegevens gecontroleerd zijn.", link=link, link_tekst="Gegevens gecontroleerd melden")
    wanneer = stand.attestatie.tijdstip.strftime("%d-%m-%Y")
    if not stand.geldig:
        return Stap(6, titel, uitleg, Status.OPEN,
                    f"Gecontroleerd op {wanneer} door {stand.attestatie.gebruikersnaam}, maar de gegevens zijn "
                    "daarna gewijzigd: controleer opnieuw.", link=link, link_tekst="Opnieuw controleren")
    return Stap(6, titel, uitleg, Status.KLAAR,
                f"Gecontroleerd op {wanneer} door {stand.attestatie.gebruikersnaam}; sindsdien niets gewijzigd.",
                link=link, link_tekst="Naar de controle")


# --- The plan -----------------------------------------------------------------------------------------------

def _plan(g: controle_gegevens.Bestuursgegevens) -> Stappenplan:
    bestuur, peildatum = g.bestuur, g.peildatum
    controle = controle_services.controleer(g)
    periode = bestuur.huidige_periode(peildatum)
    return Stappenplan(bestuur, getattr(periode, "naam", "") or bestuur.code, peildatum, (
        stap_modelleer(bestuur),
        stap_informeer(bestuur, peildatum),
        stap_mandaat(bestuur, peildatum),
        stap_rollen(bestuur, peildatum),
        stap_vullen(controle),
        stap_controleer(controle, controle_services.attestatiestand(bestuur)),
    ))


def stappenplannen(besturen: Sequence[Onderwijsbestuur], peildatum: date | None = None) -> list[Stappenplan]:
    """The plan of each board, on today unless told; the controle data of all boards load in one batch."""
    peildatum = peildatum or vandaag()
    geladen = controle_gegevens.besturen_qs().filter(pk__in=[b.pk for b in besturen])
    volgorde = {b.pk: i for i, b in enumerate(besturen)}
    return [_plan(g) for g in controle_gegevens.laad(sorted(geladen, key=lambda b: volgorde[b.pk]), peildatum)]


def stappenplan(bestuur: Onderwijsbestuur, peildatum: date | None = None) -> Stappenplan:
    return stappenplannen([bestuur], peildatum)[0]
