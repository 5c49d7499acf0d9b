"""The PO stappenplan (rio-po.md §7) per board: how far is the board, computed from its data.

Six steps: Modelleer, Informeer, Mandaat (OSR), Rollen, Vul het portaal, Controleer. A step is
``klaar``, ``bezig`` (begun, not finished), ``open`` (nog te doen) or ``niet_beschikbaar`` when the portal
cannot know it (no pretending). Step 1 reads the board's blauwdrukken (modelleertool), step 2 who holds the
school leader's 'Blauwdruk inzien' role; the checks of step 3, 5 and 6 are controle's own rules and attestation
(controle.services); this module only reads their outcome. Every step links to the screen where the board acts.
A step may carry items (``Onderdeel``) that only some boards get: step 5 the onderwijsbegeleidingsaanbieders of a
so/vso board of cluster 1 or 2 (rio-po.md §1.6). An item does not change the step's status.

The home page shows up to 20 boards, so every kind of data is read once for all of them: the controle data
(controle.gegevens, which also holds the roles, schools and mandates of steps 2 to 4), one query for the
blauwdrukken and one for the attestations. No step runs a query of its own per board.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from autorisatie import toegang
from autorisatie.models import Roltoewijzing
from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from autorisatie.toegang import BENODIGDE_ROL, Actie
from controle import gegevens as controle_gegevens
from controle import services as controle_services
from controle.regels import Ernst, naam, relevant
from kern import fragmenten
from kern.tijd import vandaag
from modelleertool.models import Blauwdruk
from registratie.models import Onderwijsbestuur
from registratie.selectors import bestuursstanden
from registratie.services import begeleiding as begeleiding_services
from registratie.services.regels import datum

# Rules of step 5 that belong to another step: the OSR mandate is step 3.
OSR_MANDAAT = "OSR_MANDAAT"
NIET_IN_STAP_5 = frozenset({OSR_MANDAAT})
MAX_GENOEMD = 10  # how many missing schools are named in a step before "en N meer"


class Status(StrEnum):
    KLAAR = "klaar"
    BEZIG = "bezig"
    OPEN = "open"
    NIET_BESCHIKBAAR = "niet_beschikbaar"

    @property
    def label(self) -> str:
        # Translated when shown (a plan is built per request, in the language of that request).
        return {"klaar": _("Klaar"), "bezig": _("Bezig"), "open": _("Nog te doen"),
                "niet_beschikbaar": _("Nog niet beschikbaar")}[self]

    @property
    def kort(self) -> str:
        return {"klaar": _("klaar"), "bezig": _("bezig"), "open": _("te doen"), "niet_beschikbaar": _("n.b.")}[self]


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
    voorrang: bool = False  # do this first: without it the person cannot do the other steps (step 4, own roles)
    onderdelen: tuple["Onderdeel", ...] = ()  # items only some boards have, e.g. begeleiding in step 5


@dataclass(frozen=True)
class Onderdeel:
    """An item within a step that only some boards get, with its own state; it does not change the step's status
    (what is wrong with it is a controle signal, counted in step 5 already)."""

    sleutel: str  # for the anchor: id="onderdeel-<sleutel>"
    titel: str
    klaar: bool  # False: not done yet, and not required (the badge says so)
    toelichting: str
    details: tuple[str, ...] = ()
    link: str | None = None
    link_tekst: str = ""
    ook: tuple[tuple[str, str], ...] = ()


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
        """The step that blocks the others for this person, else the first step still to do (or to finish)."""
        te_doen = [s for s in self.stappen if s.status in (Status.OPEN, Status.BEZIG)]
        return next((s for s in te_doen if s.voorrang), te_doen[0] if te_doen else None)

    def stap(self, nummer: int) -> Stap:
        return self.stappen[nummer - 1]


# --- Steps 1 and 2: the blauwdruk -------------------------------------------------------------------------

@dataclass(frozen=True)
class Blauwdrukstand:
    toegepast: Blauwdruk | None  # the most recently applied one
    concepten: int


def blauwdrukstanden(besturen: Sequence[Onderwijsbestuur]) -> dict[int, Blauwdrukstand]:
    """Per board its newest applied blauwdruk and how many concepts wait, for all boards in one query; a
    discarded one is nothing. Only the fields the step shows (the content can be large)."""
    toegepast: dict[int, Blauwdruk] = {}
    concepten: dict[int, int] = dict.fromkeys((b.pk for b in besturen), 0)
    qs = (Blauwdruk.objects.filter(bestuur__in=list(concepten)).exclude(status=Blauwdruk.Status.VERWORPEN)
          .only("bestuur", "status", "toegepast_op", "ingangsdatum").order_by("bestuur_id", "-toegepast_op", "-pk"))
    for blauwdruk in qs:
        if blauwdruk.status == Blauwdruk.Status.TOEGEPAST:
            toegepast.setdefault(blauwdruk.bestuur_id, blauwdruk)  # the first in the database's order is newest
        elif blauwdruk.status == Blauwdruk.Status.CONCEPT:
            concepten[blauwdruk.bestuur_id] += 1
    return {pk: Blauwdrukstand(toegepast.get(pk), aantal) for pk, aantal in concepten.items()}


def stap_modelleer(bestuur: Onderwijsbestuur, stand: Blauwdrukstand) -> Stap:
    """Klaar once a blauwdruk was applied to the register; bezig while a concept waits."""
    titel, uitleg = _("Modelleer"), _("Breng uw organisatie in kaart: aanbieders, locaties en aangeboden opleidingen.")
    link = reverse("blauwdruk:lijst", args=[bestuur.code])
    toegepast = stand.toegepast
    if toegepast is not None:
        tekst = (_("Blauwdruk %(nummer)s is toegepast op de registratie (ingangsdatum %(datum)s).")
                 % {"nummer": toegepast.pk, "datum": datum(toegepast.ingangsdatum)} if toegepast.ingangsdatum
                 else _("Blauwdruk %(nummer)s is toegepast op de registratie.") % {"nummer": toegepast.pk})
        return Stap(1, titel, uitleg, Status.KLAAR, tekst, link=link, link_tekst=_("Blauwdrukken bekijken"))
    concepten = stand.concepten
    if concepten:
        tekst = ngettext("Er is %(aantal)d concept-blauwdruk: bekijk het verschil met de registratie en pas de "
                         "blauwdruk toe.",
                         "Er zijn %(aantal)d concept-blauwdrukken: bekijk het verschil met de registratie en pas de "
                         "blauwdruk toe.", concepten) % {"aantal": concepten}
        return Stap(1, titel, uitleg, Status.BEZIG, tekst, link=link, link_tekst=_("Concept bekijken en toepassen"))
    return Stap(1, titel, uitleg, Status.OPEN, _("Er is nog geen blauwdruk van uw organisatie."),
                link=link, link_tekst=_("Blauwdruk maken"))


def geldige_rollen(g: controle_gegevens.Bestuursgegevens) -> list[Roltoewijzing]:
    """The roles with this board as selectiekenmerk that hold on the peildatum, of active accounts; read from
    the loaded controle data (``is_geldig_op`` is ``geldige_toewijzingen_q`` in Python)."""
    return [t for t in g.rollen if t.bestuur_id == g.bestuur.pk and t.is_geldig_op(g.peildatum)
            and t.gebruiker.is_active]


def schoolleiders(g: controle_gegevens.Bestuursgegevens) -> int:
    """How many (active) people may view the board's blauwdruk with the school leader's role on peildatum."""
    return len({t.gebruiker_id for t in geldige_rollen(g) if t.rol == Rol.BLAUWDRUK_INZIEN})


def stap_informeer(g: controle_gegevens.Bestuursgegevens, rechten: dict[str, bool] | None = None) -> Stap:
    """Klaar when at least one school leader holds 'Blauwdruk inzien' today: the portal records who may look,
    not whether they did. The link to the roles screen only for who may hand out roles (``rechten``)."""
    bestuur = g.bestuur
    titel = _("Informeer")
    uitleg = _("Informeer de schoolleiders: geef hen de rol 'Blauwdruk inzien (schoolleider)', dan zien zij de "
               "blauwdruk, het organisatieplaatje en de afdrukbare blauwdruk.")
    link = reverse("autorisatie:rollen", args=[bestuur.code])
    afdrukken = ((reverse("registratie:afdrukken", args=[bestuur.code]), _("Afdrukbare blauwdruk")),)
    aantal = schoolleiders(g)
    mag_geven = rechten is None or rechten[Actie.BEHEREN_ROLLEN.value]
    if aantal:
        return Stap(2, titel, uitleg, Status.KLAAR,
                    ngettext("%(aantal)d persoon kan de blauwdruk inzien.", "%(aantal)d personen kunnen de "
                             "blauwdruk inzien.", aantal) % {"aantal": aantal},
                    link=link if mag_geven else None, link_tekst=_("Rollen bekijken"), ook=afdrukken)
    return Stap(2, titel, uitleg, Status.OPEN,
                _("Nog niemand heeft de rol 'Blauwdruk inzien'. Geef de schoolleiders die rol, of deel de afdrukbare "
                  "blauwdruk met hen.") if mag_geven else _("Nog niemand heeft de rol 'Blauwdruk inzien'. De "
                                                            "Beheerder PO van uw bestuur geeft de schoolleiders die "
                                                            "rol; u kunt de afdrukbare blauwdruk met hen delen."),
                link=link if mag_geven else None, link_tekst=_("Schoolleiders de rol geven"), ook=afdrukken)


# --- Step 3: OSR mandate ------------------------------------------------------------------------------------

def stap_mandaat(controle: controle_services.Controle) -> Stap:
    """The schools are the board's BRIN4s that exist on the peildatum; those without an RIO mandate are the
    signals of controle rule OSR_MANDAAT (the question of autorisatie.osr.scholen_zonder_rio_mandaat, on the
    loaded data), in code order."""
    bestuur, peildatum = controle.bestuur, controle.peildatum
    titel, uitleg = _("Mandaat"), _("Mandateer uw leverancier in het OSR voor de dienst RIO, voor elke school (BRIN4).")
    link = reverse("autorisatie:mandaten", args=[bestuur.code])
    scholen = [s.code for s in controle.gegevens.instellingen if s.is_actief_op(peildatum)]
    zonder = [s.object.code for u in controle.uitkomsten if u.regel.code == OSR_MANDAAT for s in u.signalen]
    if not scholen:
        return Stap(3, titel, uitleg, Status.KLAAR, _("Het bestuur heeft op vandaag geen scholen (BRIN4) om te "
                                                      "mandateren."), link=link, link_tekst=_("Mandaten bekijken"))
    if not zonder:
        return Stap(3, titel, uitleg, Status.KLAAR,
                    _("Alle %(aantal)d scholen hebben een actief RIO-mandaat.") % {"aantal": len(scholen)}, link=link,
                    link_tekst=_("Mandaten bekijken"))
    details = [f"BRIN {code}" for code in zonder[:MAX_GENOEMD]]
    if len(zonder) > MAX_GENOEMD:
        details.append(_("en nog %(aantal)d school/scholen") % {"aantal": len(zonder) - MAX_GENOEMD})
    return Stap(3, titel, uitleg, Status.OPEN,
                _("%(met)d van de %(alle)d scholen hebben een actief RIO-mandaat; %(zonder)d nog niet:")
                % {"met": len(scholen) - len(zonder), "alle": len(scholen), "zonder": len(zonder)},
                tuple(details), link=link, link_tekst=_("Mandaten regelen"))


# --- Step 4: roles ------------------------------------------------------------------------------------------

def ontbrekende_rollen(g: controle_gegevens.Bestuursgegevens) -> list[Rol]:
    """The gebruikersrollen nobody (active) holds on the peildatum with this board as selectiekenmerk."""
    aanwezig = {t.rol for t in geldige_rollen(g)}
    return [rol for rol in GEBRUIKERSROLLEN if rol not in aanwezig]


# What the person looking needs to do steps 1, 3 and 5 himself: applying a blauwdruk writes aanbieders, locaties,
# opleidingen and contacts; step 3 is the OSR mandate; step 5 all of the register.
EIGEN_ACTIES: dict[int, tuple[Actie, ...]] = {
    1: (Actie.BEHEREN_AANBIEDER, Actie.BEHEREN_LOCATIEGEBRUIK, Actie.BEHEREN_OPLEIDING, Actie.BEHEREN_CONTACT),
    3: (Actie.BEHEREN_MANDATEN,),
    5: (Actie.BEHEREN_BESTUUR, Actie.BEHEREN_GROEP, Actie.BEHEREN_AANBIEDER, Actie.BEHEREN_LOCATIEGEBRUIK,
        Actie.BEHEREN_OPLEIDING, Actie.BEHEREN_CONTACT),
}
TITELS = {1: gettext_noop("Modelleer"), 3: gettext_noop("Mandaat"), 5: gettext_noop("Vul het portaal")}


@dataclass(frozen=True)
class Eigen:
    """What the person looking at the plan lacks for steps 1, 3 and 5 (from toegang.rechten_op's answers)."""

    stappen: tuple[int, ...]
    rollen: tuple[Rol, ...]
    eerste_actie: Actie | None


def eigen_tekort(rechten: dict[str, bool]) -> Eigen:
    stappen = tuple(n for n, acties in EIGEN_ACTIES.items() if not all(rechten[a.value] for a in acties))
    acties = [a for n in stappen for a in EIGEN_ACTIES[n] if not rechten[a.value]]
    rollen = tuple(dict.fromkeys(BENODIGDE_ROL[a] for a in acties))
    return Eigen(stappen, rollen, acties[0] if acties else None)


def _stappen_tekst(stappen: tuple[int, ...]) -> str:
    namen = [f"{n} ({_(TITELS[n])})" for n in stappen]
    return namen[0] if len(namen) == 1 else _("%(eerste)s en %(laatste)s") % {"eerste": ", ".join(namen[:-1]),
                                                                                "laatste": namen[-1]}


def stap_rollen(g: controle_gegevens.Bestuursgegevens, rechten: dict[str, bool] | None = None) -> Stap:
    """Klaar when all eight gebruikersrollen are held for the board AND the person looking (``rechten``, when the
    plan is shown to someone) can do steps 1, 3 and 5 himself; a Beheerder PO is offered to give himself the
    roles, anyone else is told which roles to ask for."""
    bestuur = g.bestuur
    titel = _("Rollen")
    beheerder = bool(rechten and rechten[Actie.BEHEREN_ROLLEN.value])
    uitleg = (_("U kent als Beheerder PO de RIO-rollen toe, aan collega's of aan uzelf, met de bestuurcode als "
                "selectiekenmerk.") if beheerder or rechten is None else
              _("De Beheerder PO van uw bestuur kent de RIO-rollen toe, met de bestuurcode als selectiekenmerk."))
    link = reverse("autorisatie:rollen", args=[bestuur.code])
    eigen = eigen_tekort(rechten) if rechten is not None else None
    if eigen and eigen.stappen:
        details = tuple(rol.label for rol in eigen.rollen)
        if beheerder:
            return Stap(4, titel, uitleg, Status.OPEN,
                        _("U heeft zelf nog niet de rollen voor stap %(stappen)s. Als Beheerder PO kent u ze uzelf "
                          "toe, of geeft u ze aan een collega. U mist:") % {"stappen": _stappen_tekst(eigen.stappen)},
                        details, link=reverse("autorisatie:mezelf_toekennen", args=[bestuur.code]),
                        link_tekst=_("Ken uzelf de rollen toe"), ook=((link, _("Rollen aan collega's geven")),),
                        voorrang=True)
        waarom = f"{reverse('autorisatie:waarom')}?{urlencode({'actie': eigen.eerste_actie, 'bestuur': bestuur.code})}"
        return Stap(4, titel, uitleg, Status.OPEN,
                    _("U kunt stap %(stappen)s niet zelf doen. Vraag de Beheerder PO van uw bestuur om deze "
                      "rollen:") % {"stappen": _stappen_tekst(eigen.stappen)}, details, link=waarom,
                    link_tekst=_("Waarom kan ik dit niet?"),
                    voorrang=True)
    ontbreekt = ontbrekende_rollen(g)
    rollen_link = {"link": link, "link_tekst": _("Rollen bekijken")} if beheerder or rechten is None else {}
    if not ontbreekt:
        return Stap(4, titel, uitleg, Status.KLAAR,
                    _("Alle acht gebruikersrollen zijn vandaag aan iemand toegekend en u heeft zelf de rollen voor "
                      "stap 1, 3 en 5.") if eigen else _("Alle acht gebruikersrollen zijn vandaag aan iemand "
                                                        "toegekend."), **rollen_link)
    if beheerder or rechten is None:
        rollen_link = {"link": link, "link_tekst": _("Rollen toekennen")}
    return Stap(4, titel, uitleg, Status.OPEN,
                _("%(toegekend)d van de %(alle)d gebruikersrollen zijn toegekend. Nog niemand heeft:")
                % {"toegekend": len(GEBRUIKERSROLLEN) - len(ontbreekt), "alle": len(GEBRUIKERSROLLEN)},
                tuple(rol.label for rol in ontbreekt), **rollen_link)


# --- Steps 5 and 6: controle ---------------------------------------------------------------------------------

def stap_vullen(controle: controle_services.Controle) -> Stap:
    bestuur = controle.bestuur
    titel = _("Vul het portaal")
    uitleg = _("Registreer aanbieders, locaties, aangeboden opleidingen en contactgegevens.")
    link, link_tekst = reverse("registratie:organisatie", args=[bestuur.code]), _("Naar Mijn organisatie")
    if not controle.gegevens.aanbieders:
        return Stap(5, titel, uitleg, Status.OPEN, _("Er is nog geen onderwijsaanbieder geregistreerd."),
                    link=link, link_tekst=link_tekst)
    # Errors count, warnings do not: one rule can give both (an offering that does not fit its school is an error,
    # one whose school's soort DUO does not know is a warning).
    open_regels = [u for u in controle.uitkomsten if u.regel.beschikbaar and u.regel.code not in NIET_IN_STAP_5
                   and any(sig.ernst == Ernst.FOUT for sig in u.signalen)]
    if not open_regels:
        return Stap(5, titel, uitleg, Status.KLAAR, _("De registratie voldoet aan alle verplichte controles."),
                    link=link, link_tekst=link_tekst)
    details = tuple(ngettext("%(regel)s (%(aantal)d melding)", "%(regel)s (%(aantal)d meldingen)", n)
                    % {"regel": u.regel.titel, "aantal": n} for u in open_regels
                    for n in [sum(sig.ernst == Ernst.FOUT for sig in u.signalen)])
    return Stap(5, titel, uitleg, Status.OPEN,
                _("%(aantal)d verplichte controle(s) nog niet in orde:") % {"aantal": len(open_regels)},
                details, link=reverse("controle:bestuur", args=[bestuur.code]),
                link_tekst=_("Meldingen bekijken"))


def onderdeel_begeleiding(g: controle_gegevens.Bestuursgegevens,
                          rechten: dict[str, bool] | None = None) -> Onderdeel | None:
    """Onderwijsbegeleidingsaanbieders (rio-po.md §1.6): only for a board that may have them, by the same rule as
    the section on Mijn organisatie (``begeleiding.kan_begeleiden``): one registered on the peildatum, or a running
    so/vso erkenning of cluster 1 or 2. Registering one is the board's choice, so "none yet" is no open step. From
    the loaded registration: no query. The link to add one only for who may (RIO beheren onderwijsaanbieder)."""
    begeleiders = [b for b in g.begeleiders if relevant(b, g.peildatum)]
    if not begeleiding_services.kan_begeleiden(g.instellingen, bool(begeleiders)):
        return None
    bestuur = g.bestuur
    titel = _("Onderwijsbegeleidingsaanbieders")
    overzicht = f"{reverse('registratie:organisatie', args=[bestuur.code])}#begeleiding-kop"
    toevoegen = ((reverse("registratie:begeleidingsaanbieder_toevoegen", args=[bestuur.code]),
                  _("Begeleidingsaanbieder toevoegen")),) if rechten is None or rechten[
        Actie.BEHEREN_AANBIEDER.value] else ()
    if begeleiders:
        details = tuple(f"{b.code} {naam(b, g.peildatum)}".strip() for b in begeleiders[:MAX_GENOEMD])
        if len(begeleiders) > MAX_GENOEMD:
            details += (_("en nog %(aantal)d") % {"aantal": len(begeleiders) - MAX_GENOEMD},)
        return Onderdeel("begeleiding", titel, True,
                         ngettext("%(aantal)d onderwijsbegeleidingsaanbieder geregistreerd:",
                                  "%(aantal)d onderwijsbegeleidingsaanbieders geregistreerd:", len(begeleiders))
                         % {"aantal": len(begeleiders)}, details, link=overzicht,
                         link_tekst=_("Naar Mijn organisatie"), ook=toevoegen)
    tekst = _("Uw bestuur heeft een school voor (voortgezet) speciaal onderwijs van cluster 1 of 2. Begeleidt het "
              "ook leerlingen die elders staan ingeschreven (arrangementen), registreer dan een "
              "onderwijsbegeleidingsaanbieder. Er is er nog geen.")
    if toevoegen:
        return Onderdeel("begeleiding", titel, False, tekst, link=toevoegen[0][0], link_tekst=toevoegen[0][1])
    return Onderdeel("begeleiding", titel, False, tekst, link=overzicht, link_tekst=_("Naar Mijn organisatie"))


def stap_controleer(controle: controle_services.Controle, stand: controle_services.Attestatiestand) -> Stap:
    bestuur = controle.bestuur
    titel = _("Controleer")
    uitleg = _("Controleer de registratie en leg vast dat de gegevens kloppen.")
    link = reverse("controle:bestuur", args=[bestuur.code])
    fouten = controle.aantal_fouten
    if fouten:
        tekst = ngettext("De controle geeft nog %(aantal)d fout; los die eerst op.",
                         "De controle geeft nog %(aantal)d fouten; los die eerst op.", fouten) % {"aantal": fouten}
        if stand.geldig and stand.attestatie is not None and stand.attestatie.aantal_fouten:
            n = stand.attestatie.aantal_fouten  # attested knowingly over open errors: say so, it is not done
            tekst += " " + ngettext("Gecontroleerd op %(datum)s door %(naam)s met %(aantal)d open fout.",
                                    "Gecontroleerd op %(datum)s door %(naam)s met %(aantal)d open fouten.", n) % {
                "datum": f"{timezone.localtime(stand.attestatie.tijdstip):%d-%m-%Y}",
                "naam": stand.attestatie.gebruikersnaam, "aantal": n}
        return Stap(6, titel, uitleg, Status.OPEN, tekst, link=link, link_tekst=_("Naar de controle"))
    if stand.attestatie is None:
        return Stap(6, titel, uitleg, Status.OPEN, _("De controle is schoon, maar nog niemand heeft vastgelegd dat "
                                                     "de gegevens gecontroleerd zijn."),
                    link=link, link_tekst=_("Gegevens gecontroleerd melden"))
    wanneer = timezone.localtime(stand.attestatie.tijdstip).strftime("%d-%m-%Y")  # the Dutch date, not UTC's
    if not stand.geldig:
        return Stap(6, titel, uitleg, Status.OPEN,
                    _("Gecontroleerd op %(datum)s door %(naam)s, maar de gegevens zijn daarna gewijzigd: controleer "
                      "opnieuw.") % {"datum": wanneer, "naam": stand.attestatie.gebruikersnaam},
                    link=link, link_tekst=_("Opnieuw controleren"))
    return Stap(6, titel, uitleg, Status.KLAAR,
                _("Gecontroleerd op %(datum)s door %(naam)s; sindsdien niets gewijzigd.")
                % {"datum": wanneer, "naam": stand.attestatie.gebruikersnaam},
                link=link, link_tekst=_("Naar de controle"))


# --- The plan -----------------------------------------------------------------------------------------------

def _plan(g: controle_gegevens.Bestuursgegevens, blauwdrukstand: Blauwdrukstand,
          attestatiestand: controle_services.Attestatiestand, rechten: dict[str, bool] | None = None) -> Stappenplan:
    """One board's plan from data already loaded: no query here (the names come from besturen_qs's prefetch)."""
    bestuur, peildatum = g.bestuur, g.peildatum
    controle = controle_services.controleer(g)
    periode = bestuur.huidige_periode(peildatum)
    return Stappenplan(bestuur, getattr(periode, "naam", "") or bestuur.code, peildatum, (
        stap_modelleer(bestuur, blauwdrukstand),
        stap_informeer(g, rechten),
        stap_mandaat(controle),
        stap_rollen(g, rechten),
        _met_onderdelen(stap_vullen(controle), onderdeel_begeleiding(g, rechten)),
        stap_controleer(controle, attestatiestand),
    ))


def _met_onderdelen(stap: Stap, *onderdelen: Onderdeel | None) -> Stap:
    gevonden = tuple(o for o in onderdelen if o is not None)
    return replace(stap, onderdelen=stap.onderdelen + gevonden) if gevonden else stap


def stappenplannen(besturen: Sequence[Onderwijsbestuur], peildatum: date | None = None,
                   persoon: User | AnonymousUser | None = None) -> list[Stappenplan]:
    """The plan of each board, on today unless told, with a fixed number of queries however many boards:
    the controle data, the blauwdrukken, the attestations and (for ``persoon``, who looks at it) what that
    person may do on each board each load in one batch.

    A board's plan comes from the fragment cache (docs/adr/0015) when its change counters, its blauwdrukken (which
    are not register data and write no audit entry: their state is in the key), the person's rights on it and the
    peildatum are what it was built from; only the other boards are loaded and checked."""
    peildatum = peildatum or vandaag()
    blauwdrukken = blauwdrukstanden(besturen)
    rechten = _rechten(besturen, persoon) if persoon is not None else {}
    standen = bestuursstanden([b.pk for b in besturen])
    sleutels = {b.pk: fragmenten.sleutel("stappenplan", (
        b.code, standen.get(b.pk, ""), peildatum, _blauwdruksleutel(blauwdrukken[b.pk]),
        sorted(a for a, ja in rechten.get(b.pk, {}).items() if ja) if persoon is not None else None))
        for b in besturen}
    cache = caches[fragmenten.CACHE]
    bewaard = cache.get_many(list(sleutels.values()))
    plannen: dict[int, Stappenplan] = {pk: bewaard[k] for pk, k in sleutels.items() if k in bewaard}
    te_bouwen = [b for b in besturen if b.pk not in plannen]
    if te_bouwen:
        gebouwd = _bouw(te_bouwen, peildatum, blauwdrukken, rechten)
        cache.set_many({sleutels[pk]: plan for pk, plan in gebouwd.items()}, settings.FRAGMENT_CACHE_SECONDEN)
        plannen.update(gebouwd)
    return [plannen[b.pk] for b in besturen]


def _blauwdruksleutel(stand: Blauwdrukstand) -> tuple[object, ...]:
    """What step 1 shows of the blauwdrukken, for the cache key."""
    toegepast = stand.toegepast
    return (stand.concepten, None if toegepast is None else (toegepast.pk, toegepast.toegepast_op,
                                                             toegepast.ingangsdatum))


def _bouw(besturen: Sequence[Onderwijsbestuur], peildatum: date, blauwdrukken: dict[int, Blauwdrukstand],
          rechten: dict[int, dict[str, bool]]) -> dict[int, Stappenplan]:
    """The plans of these boards from the register: their controle data and attestations loaded in one batch."""
    geladen = controle_gegevens.besturen_qs().filter(pk__in=[b.pk for b in besturen])
    volgorde = {b.pk: i for i, b in enumerate(besturen)}
    gegevens = controle_gegevens.laad(sorted(geladen, key=lambda b: volgorde[b.pk]), peildatum)
    attestaties = controle_services.attestatiestanden([g.bestuur for g in gegevens])
    return {g.bestuur.pk: _plan(g, blauwdrukken[g.bestuur.pk], attestaties[g.bestuur.pk], rechten.get(g.bestuur.pk))
            for g in gegevens}


def _rechten(besturen: Sequence[Onderwijsbestuur], persoon: User | AnonymousUser) -> dict[int, dict[str, bool]]:
    """toegang.rechten_op for every board at once (one query with an EXISTS per actie)."""
    rechten: dict[int, dict[str, bool]] = {}
    for bestuur in toegang.met_rechten(Onderwijsbestuur.objects.filter(pk__in=[b.pk for b in besturen]), persoon):
        bestuur._rechten_van = persoon.pk  # loaded for this person: rechten_op reads the annotations, no query
        rechten[bestuur.pk] = toegang.rechten_op(persoon, bestuur)
    return rechten


def stappenplan(bestuur: Onderwijsbestuur, peildatum: date | None = None,
                persoon: User | AnonymousUser | None = None) -> Stappenplan:
    return stappenplannen([bestuur], peildatum, persoon)[0]
