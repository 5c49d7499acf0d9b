"""Running the checks, the effective contact details, the attestation and who may do what on the check screen."""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import cast

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import pluralize

from autorisatie import toegang
from autorisatie.toegang import Actie
from controle.gegevens import Bestuursgegevens
from controle.models import Attestatie
from controle.regels import REGELS, Ernst, Object, Regel, Signaal, naam, relevant
from kern.fouten import RegelFout
from kern.tijd import vandaag
from registratie.domein.enumeraties import COMMUNICATIECONTEXTEN, Communicatiecontext
from registratie.models import (
    AuditRegel,
    Contactgegevens,
    Onderwijsaanbieder,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
)
from registratie.services import audit
from registratie.services.audit import Door
from registratie.services.contact import Contactdrager, EffectiefContact, effectief_contact_via, is_eigen_contact

# --- Checks and score -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uitkomst:
    """The outcome of one rule for one board."""

    regel: Regel
    signalen: tuple[Signaal, ...]
    # Whether the rule could be checked (Regel.beschikbaar), asked once per check: its voorwaarde translates its
    # reason, and the score, the file and the screen ask again per rule.
    beschikbaar: bool = True

    @property
    def geslaagd(self) -> bool:
        return self.beschikbaar and not self.signalen


@dataclass(frozen=True)
class Controle:
    gegevens: Bestuursgegevens
    uitkomsten: tuple[Uitkomst, ...]

    @property
    def bestuur(self) -> Onderwijsbestuur:
        return self.gegevens.bestuur

    @property
    def peildatum(self) -> date:
        return self.gegevens.peildatum

    @property
    def signalen(self) -> list[Signaal]:
        return [s for u in self.uitkomsten for s in u.signalen]

    @property
    def beschikbaar(self) -> list[Uitkomst]:
        return [u for u in self.uitkomsten if u.beschikbaar]

    @property
    def aantal_geslaagd(self) -> int:
        return sum(1 for u in self.beschikbaar if u.geslaagd)

    @property
    def score(self) -> int:
        """Share of the available rules without any signal, in whole percents (rounded down: 99.5 is not 100).

        A rule that cannot be checked yet (OSR) does not count: a score must not pretend to know."""
        return 100 * self.aantal_geslaagd // len(self.beschikbaar) if self.beschikbaar else 100

    @property
    def aantal_fouten(self) -> int:
        return sum(1 for s in self.signalen if s.ernst == Ernst.FOUT)

    @property
    def aantal_waarschuwingen(self) -> int:
        return sum(1 for s in self.signalen if s.ernst == Ernst.WAARSCHUWING)

    def per_object(self) -> list[tuple[Object, list[Signaal]]]:
        """Signals grouped by the object they are about: bestuur, groepen, aanbieders, locaties, ..."""
        groepen: dict[tuple[str, str], tuple[Object, list[Signaal]]] = {}
        for s in self.signalen:
            groepen.setdefault((s.object.soort, s.object.code), (s.object, []))[1].append(s)
        return sorted(groepen.values(), key=lambda g: (g[0].volgorde, g[0].code))


def controleer(gegevens: Bestuursgegevens) -> Controle:
    uitkomsten = []
    for r in REGELS:
        beschikbaar = r.beschikbaar
        uitkomsten.append(Uitkomst(r, tuple(r.controleer(gegevens)) if r.controleer and beschikbaar else (),
                                   beschikbaar))
    return Controle(gegevens, tuple(uitkomsten))


# --- Effective contact details ---------------------------------------------------------------------------

@dataclass(frozen=True)
class EffectieveRij:
    """Which contact details DUO, the gemeente or the inspectie use for one aanbieder and context. ``aanbieder`` is
    an onderwijsaanbieder, or an onderwijsbegeleidingsaanbieder (so/vso, rio-po.md §1.6) in the rows of
    ``effectieve_begeleidingscontacten``."""

    aanbieder: Contactdrager
    aanbieder_naam: str
    context: Communicatiecontext
    effectief: EffectiefContact

    @property
    def contact(self) -> Contactgegevens | None:
        return self.effectief.contact

    @property
    def is_geerfd(self) -> bool:
        """Comes from a higher unit or from Algemeen instead of the aanbieder's own context."""
        return not is_eigen_contact(self.aanbieder, self.effectief)


def effectief_contact(g: Bestuursgegevens, aanbieder: Contactdrager, context: str) -> EffectiefContact:
    """The service's fallback on the loaded data, so a screen with 57 schools × 8 contexts costs no query
    per cell. tests/controle/test_effectief.py proves both give the same.

    Most schools have no contact details of their own and no groep: the chain is then the board's alone, and so is
    the answer (the EffectiefContact names no aanbieder), worked out once per board and context (the national file
    asks 52,000 times). A begeleidingsaanbieder takes the full chain (it has no groep and few rows)."""
    return _effectief(g, aanbieder, _van_bestuur(g, aanbieder), context)


def _van_bestuur(g: Bestuursgegevens, aanbieder: Contactdrager) -> dict[str, EffectiefContact] | None:
    """The board's answers per context (filled as they are asked) when the aanbieder's chain is the board's alone,
    else None (see effectief_contact)."""
    if (isinstance(aanbieder, Onderwijsaanbieder) and aanbieder.groep_id is None and aanbieder.bestuur is g.bestuur
            and not g.contacten_per_eenheid.get(("aanbieder", aanbieder.pk))):
        return cast(dict[str, EffectiefContact], g.__dict__.setdefault("_effectief_van_bestuur", {}))
    return None


def _effectief(g: Bestuursgegevens, aanbieder: Contactdrager, van_bestuur: dict[str, EffectiefContact] | None,
               context: str) -> EffectiefContact:
    if van_bestuur is None:
        return effectief_contact_via(aanbieder, context, g.geldig_contact)
    gevonden = van_bestuur.get(context)
    if gevonden is None:
        gevonden = van_bestuur[context] = effectief_contact_via(aanbieder, context, g.geldig_contact)
    return gevonden


def relevante_aanbieders(g: Bestuursgegevens) -> list[Onderwijsaanbieder]:
    """The aanbieders whose contacts count on the peildatum (active, or starting later)."""
    return [aanbieder for aanbieder in g.aanbieders if relevant(aanbieder, g.peildatum)]


def relevante_begeleiders(g: Bestuursgegevens) -> list[Onderwijsbegeleidingsaanbieder]:
    """The board's onderwijsbegeleidingsaanbieders on the peildatum (active, or starting later): an ended one is
    history, as an ended aanbieder. Only the board's own: the loader reads them per board."""
    return [begeleider for begeleider in g.begeleiders if relevant(begeleider, g.peildatum)]


# Per communicatiecontext (in COMMUNICATIECONTEXTEN order) the effective contact of one drager.
Effectief = Sequence[tuple[Communicatiecontext, EffectiefContact]]


def _per_drager(g: Bestuursgegevens, dragers: Iterable[Contactdrager]
                ) -> Iterator[tuple[Contactdrager, str, Effectief]]:
    for drager in dragers:
        van_bestuur = _van_bestuur(g, drager)  # as effectief_contact, asked once per drager instead of per context
        per_context: Effectief | None
        if van_bestuur is None:
            per_context = [(context, effectief_contact_via(drager, context.code, g.geldig_contact))
                           for context in COMMUNICATIECONTEXTEN]
        else:
            # The board's answers: one list for every school that takes them.
            per_context = g.__dict__.get("_effectief_per_context_van_bestuur")
            if per_context is None:
                per_context = g.__dict__["_effectief_per_context_van_bestuur"] = [
                    (context, _effectief(g, drager, van_bestuur, context.code)) for context in COMMUNICATIECONTEXTEN]
        yield drager, naam(drager, g.peildatum), per_context


def _rijen(g: Bestuursgegevens, dragers: Iterable[Contactdrager]) -> Iterator[EffectieveRij]:
    for drager, drager_naam, per_context in _per_drager(g, dragers):
        for context, effectief in per_context:
            yield EffectieveRij(drager, drager_naam, context, effectief)


def effectieve_contacten(g: Bestuursgegevens,
                         aanbieders: Sequence[Onderwijsaanbieder] | None = None) -> Iterator[EffectieveRij]:
    """Per relevant aanbieder (or per given one, e.g. a page of them) every communicatiecontext, after the
    fallback."""
    return _rijen(g, relevante_aanbieders(g) if aanbieders is None else aanbieders)


def effectieve_begeleidingscontacten(g: Bestuursgegevens) -> Iterator[EffectieveRij]:
    """Per relevant onderwijsbegeleidingsaanbieder every communicatiecontext, after the same fallback (its own
    context, the board's, then Algemeen, then the Handelsregister: registratie.services.contact.contactketen)."""
    return _rijen(g, relevante_begeleiders(g))


def effectieve_contacten_per_drager(g: Bestuursgegevens) -> Iterator[tuple[Contactdrager, str, Effectief]]:
    """What effectieve_contacten and then effectieve_begeleidingscontacten give, per drager: the drager, its name and
    its effective contact per communicatiecontext. Every school that takes its board's answers gets the same
    sequence (the same object), so the control file works out their columns once (controle.bestand)."""
    return _per_drager(g, chain(relevante_aanbieders(g), relevante_begeleiders(g)))


# --- Who may do what ------------------------------------------------------------------------------------

# Attesting is a statement of responsibility for the data: it needs a role that changes register data
# (any of these), not only a reading role. See docs/adr/0004-controleregels.md.
WIJZIGENDE_ACTIES = (Actie.BEHEREN_BESTUUR, Actie.BEHEREN_GROEP, Actie.BEHEREN_AANBIEDER,
                     Actie.BEHEREN_LOCATIEGEBRUIK, Actie.BEHEREN_OPLEIDING, Actie.BEHEREN_CONTACT)


rechten = toegang.rechten_op


def mag_attesteren(recht: dict[str, bool]) -> bool:
    return any(recht[actie.value] for actie in WIJZIGENDE_ACTIES)


def vereis_attesteren(gebruiker: User | AnonymousUser, bestuur: Onderwijsbestuur) -> None:
    """403 (logged, with the role to ask for) for a person who may change nothing of this board."""
    toegang.vereis(gebruiker, Actie.LEZEN, bestuur)
    if not mag_attesteren(rechten(gebruiker, bestuur)):
        toegang.vereis(gebruiker, Actie.BEHEREN_BESTUUR, bestuur)


# --- Attestation ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attestatiestand:
    attestatie: Attestatie | None
    wijziging: AuditRegel | None  # the newest change of the board's data after the attestation

    @property
    def geldig(self) -> bool:
        return self.attestatie is not None and self.wijziging is None


def attestatiestand(bestuur: Onderwijsbestuur) -> Attestatiestand:
    return attestatiestanden([bestuur])[bestuur.pk]


# What the screens show of the change that outdated an attestation.
WIJZIGINGSVELDEN = ("pk", "omschrijving", "gebruikersnaam", "tijdstip")


def attestatiestanden(besturen: Sequence[Onderwijsbestuur]) -> dict[int, Attestatiestand]:
    """Per board the newest attestation and whether the board's data changed since (its own audit entry
    excluded), for any number of boards in one query."""
    nieuwer = Attestatie.objects.filter(bestuur_id=OuterRef("bestuur_id")).filter(
        Q(tijdstip__gt=OuterRef("tijdstip")) | Q(tijdstip=OuterRef("tijdstip"), pk__gt=OuterRef("pk")))
    # Compare on the audit entry's id, not on time: two entries within one clock tick stay ordered.
    latere = (AuditRegel.objects.filter(bestuurcode=OuterRef("bestuur__code"),
                                        pk__gt=Coalesce(OuterRef("auditregel_id"), 0))
              .exclude(objecttype=Attestatie._meta.verbose_name).order_by("-pk"))
    qs = (Attestatie.objects.filter(bestuur__in=[b.pk for b in besturen]).filter(~Exists(nieuwer))
          .annotate(**{f"wijziging_{veld}": Subquery(latere.values(veld)[:1]) for veld in WIJZIGINGSVELDEN}))
    standen = {b.pk: Attestatiestand(None, None) for b in besturen}
    for attestatie in qs:
        wijziging = None
        # annotated in the query above: django-stubs does not know dynamically named annotations
        if attestatie.wijziging_pk is not None:  # type: ignore[attr-defined]
            wijziging = AuditRegel(**{veld: getattr(attestatie, f"wijziging_{veld}") for veld in WIJZIGINGSVELDEN})
        standen[attestatie.bestuur_id] = Attestatiestand(attestatie, wijziging)
    return standen


def bevestiging_fouten(controle: Controle, bevestigde_fouten: int | None) -> None:
    """Attesting over open errors is allowed, but only knowingly: the person confirms the number of errors
    (the one shown on screen), so a count that changed meanwhile is asked again, not recorded silently."""
    n = controle.aantal_fouten
    if n and bevestigde_fouten != n:
        raise RegelFout({"bevestiging": [
            f"De controle geeft {n} open fout{'en' if n != 1 else ''}. Los die eerst op, of vink aan "
            f"'Ik bevestig dat er {n} open fout{'en' if n != 1 else ''} zijn' en leg het dan vast."]})


@transaction.atomic
def attesteer(controle: Controle, *, door: Door, bevestigde_fouten: int | None = None) -> Attestatie:
    """Record 'gegevens gecontroleerd' with the result the person saw (and the open errors and warnings they
    confirmed); audited like every change."""
    bevestiging_fouten(controle, bevestigde_fouten)
    bestuur = controle.bestuur
    attestatie = Attestatie.objects.create(
        bestuur=bestuur, gebruiker=cast(User | None, door if getattr(door, "pk", None) else None),
        gebruikersnaam=audit.gebruikersnaam(door), peildatum=controle.peildatum, score=controle.score,
        aantal_fouten=controle.aantal_fouten, aantal_waarschuwingen=controle.aantal_waarschuwingen)
    regel = audit.registreer(door=door, actie=AuditRegel.Actie.AANGEMAAKT, obj=attestatie, bestuurcode=bestuur.code,
                             voor=None, ingangsdatum=vandaag(),
                             omschrijving=f"Gegevens gecontroleerd (score {controle.score}%, "
                                          f"{controle.aantal_fouten} fout{pluralize(controle.aantal_fouten, 'en')}, "
                                          f"{controle.aantal_waarschuwingen} "
                                          f"waarschuwing{pluralize(controle.aantal_waarschuwingen, 'en')})")
    attestatie.auditregel = regel
    attestatie.save(update_fields=["auditregel"])
    return attestatie
