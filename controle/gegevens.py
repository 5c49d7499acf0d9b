"""Everything the checks and the control file need of one or more boards: the registration
(registratie.laden, which explains how it is loaded with a fixed number of queries) plus the board's RIO
roles and OSR mandates.

Controle code asks the loaded Registratie for children (``g.opleidingen_van(aanbieder)``, ``g.perioden_van(obj)``,
...), never ``obj.perioden.all()`` (see registratie.laden).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from autorisatie import toegang
from autorisatie.models import Mandaat, Roltoewijzing
from registratie.laden import (  # noqa: F401 - controle's callers take these from here
    Eenheidsleutel,
    Registratie,
    besturen_qs,
    eenheidsoort,
    in_batches,
    laad_registraties,
    objecten,
)
from registratie.models import Contactgegevens, Onderwijsbestuur
from registratie.services.contact import laad_handelsregister


@dataclass
class Bestuursgegevens(Registratie):
    """A board's registration with its roles and mandates, for the controleregels."""

    rollen: list[Roltoewijzing] = field(default_factory=list)
    mandaten: list[Mandaat] = field(default_factory=list)  # OSR mandates of the board (rio-po.md §4)
    _geldig_per_eenheid: dict[Eenheidsleutel, dict[str, Contactgegevens]] = field(default_factory=dict)

    def geldig_contact(self, eenheid, context: str) -> Contactgegevens | None:
        """The unit's contact details for context valid on the peildatum (the earliest, as the service's
        ``.first()`` on the model's ordering), looked up in a table built once per unit."""
        sleutel = (eenheidsoort(eenheid), eenheid.pk)
        tabel = self._geldig_per_eenheid.get(sleutel)
        if tabel is None:
            tabel = {}
            for contact in self.contacten_per_eenheid.get(sleutel, []):  # ordered by context, begindatum, pk
                if contact.is_actief_op(self.peildatum):
                    tabel.setdefault(contact.context, contact)
            self._geldig_per_eenheid[sleutel] = tabel
        return tabel.get(context)


def laad_bestuur(bestuur: Onderwijsbestuur, peildatum: date) -> Bestuursgegevens:
    return laad([bestuur], peildatum)[0]


def laad(besturen: Sequence[Onderwijsbestuur], peildatum: date) -> list[Bestuursgegevens]:
    """The registrations of a batch of boards (pass them from ``besturen_qs``), in the given order, with each board's
    own offers at the samenwerkingsscholen of other boards (``gedeelde_aanbieders``, docs/adr/0011): the rules about
    an aangeboden opleiding check those too (``gehouden_opleidingen``)."""
    gegevens = laad_registraties(besturen, peildatum, Bestuursgegevens, met_gedeelde=True)
    for g in gegevens:
        # Loaded for the peildatum; kept only while the relation also holds today (as the access helper decides): a
        # past or future peildatum must not show offers whose fix links the board cannot open, and after the
        # relation ended the board keeps nothing at that school (docs/adr/0011).
        g.gedeelde_aanbieders = [a for a in g.gedeelde_aanbieders if toegang.samenwerking_opent(a.samenwerking)]
    if gegevens:
        per_bestuur = {g.bestuur.pk: g for g in gegevens}
        _rollen(per_bestuur, list(per_bestuur))
        _mandaten(per_bestuur, list(per_bestuur))
        laad_handelsregister(g.bestuur for g in gegevens)  # the chain's last level; one query per batch at most
    return gegevens


def _rollen(per_bestuur: dict[int, Bestuursgegevens], ids: list[int]) -> None:
    """Roles with the board as selectiekenmerk, plus roles *without* selectiekenmerk of the board's own people
    (Organisatielid): those are the ones rio-po.md §3 warns about ("Mijn organisatie is empty")."""
    qs = Roltoewijzing.objects.filter(
        Q(bestuur_id__in=ids) | Q(bestuur__isnull=True, gebruiker__organisatielid__bestuur_id__in=ids)
    ).select_related("gebruiker__organisatielid", "toegekend_door").order_by("gebruiker__username", "rol", "begindatum")
    for toewijzing in qs:
        bestuur_id = toewijzing.bestuur_id or toewijzing.gebruiker.organisatielid.bestuur_id
        g = per_bestuur[bestuur_id]
        if toewijzing.bestuur_id:
            toewijzing.bestuur = g.bestuur
        g.rollen.append(toewijzing)


def _mandaten(per_bestuur: dict[int, Bestuursgegevens], ids: list[int]) -> None:
    qs = Mandaat.objects.filter(bestuur_id__in=ids).order_by("instelling__code", "dienst", "begindatum", "pk")
    for mandaat in objecten(qs, "instelling", "systeem", "systeem__leverancier"):
        g = per_bestuur[mandaat.bestuur_id]
        mandaat.bestuur = g.bestuur
        g.mandaten.append(mandaat)
