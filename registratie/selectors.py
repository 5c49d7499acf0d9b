"""Read side: what the screens show of a board on a peildatum, from its registration loaded with a fixed number
of queries (registratie.laden)."""

from dataclasses import dataclass, field
from datetime import date

from registratie.laden import Registratie, laad_registratie
from registratie.models import (
    Contactgegevens,
    Instellingserkenning,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
    Vestigingserkenning,
)


@dataclass
class Boom:
    """Mijn organisatie on a peildatum: bestuur → (groepen →) aanbieders → aangeboden opleidingen.

    Each aanbieder shown carries ``opleidingen_op_peildatum`` and ``brin4_op_peildatum``, each locatiegebruik
    ``brin6_op_peildatum``; ``registratie`` holds everything (also what is not shown), e.g. the contacts of
    every unit (``registratie.contacten_van(aanbieder)``)."""

    bestuur: Onderwijsbestuur
    peildatum: date
    groepen: list[Onderwijsaanbiedersgroep]
    aanbieders_per_groep: dict[int | None, list[Onderwijsaanbieder]]
    locatiegebruiken: list[Onderwijslocatiegebruik]
    contacten: list[Contactgegevens]
    registratie: Registratie
    ongebruikte_brin4: list[Instellingserkenning] = field(default_factory=list)
    ongebruikte_brin6: list[Vestigingserkenning] = field(default_factory=list)
    aantal_beeindigd: int = 0

    @property
    def aanbieders(self) -> list[Onderwijsaanbieder]:
        return [a for lijst in self.aanbieders_per_groep.values() for a in lijst]


def _zichtbaar(obj, peildatum: date, toon_alles: bool) -> bool:
    return toon_alles or obj.is_relevant_op(peildatum)


def organisatie_boom(bestuur: Onderwijsbestuur, peildatum: date, toon_beeindigd: bool = False) -> Boom:
    """Everything valid on peildatum (and what is scheduled to start later), grouped for the tree."""
    registratie = laad_registratie(bestuur, peildatum)
    aanbieders = [a for a in registratie.aanbieders if _zichtbaar(a, peildatum, toon_beeindigd)]
    groepen = [g for g in registratie.groepen if _zichtbaar(g, peildatum, toon_beeindigd)]
    per_groep: dict[int | None, list[Onderwijsaanbieder]] = {g.pk: [] for g in groepen}
    per_groep[None] = []
    for aanbieder in aanbieders:
        aanbieder.opleidingen_op_peildatum = [
            ao for ao in aanbieder.opleidingen_lijst if _zichtbaar(ao, peildatum, toon_beeindigd)]
        aanbieder.brin4_op_peildatum = [r.instelling for r in aanbieder.relaties_lijst if r.is_actief_op(peildatum)]
        per_groep[aanbieder.groep_id if aanbieder.groep_id in per_groep else None].append(aanbieder)
    gebruiken = [g for g in registratie.locatiegebruiken if _zichtbaar(g, peildatum, toon_beeindigd)]
    for gebruik in gebruiken:
        gebruik.brin6_op_peildatum = [r.vestiging for r in gebruik.relaties_lijst
                                      if r.is_relevant_op(peildatum)]
    # Erkenningen of the board that nothing (also no hidden, ended object) uses on the peildatum.
    gebruikte_brin4 = {r.instelling_id for a in registratie.aanbieders for r in a.relaties_lijst
                       if r.is_actief_op(peildatum)}
    gebruikte_brin6 = {r.vestiging_id for g in registratie.locatiegebruiken for r in g.relaties_lijst
                       if r.is_actief_op(peildatum)}
    return Boom(
        bestuur=bestuur,
        peildatum=peildatum,
        groepen=groepen,
        aanbieders_per_groep=per_groep,
        locatiegebruiken=gebruiken,
        contacten=[c for c in registratie.contacten_van(bestuur) if _zichtbaar(c, peildatum, toon_beeindigd)],
        registratie=registratie,
        ongebruikte_brin4=[e for e in registratie.instellingen
                           if e.pk not in gebruikte_brin4 and e.is_actief_op(peildatum)],
        ongebruikte_brin6=[v for v in registratie.vestigingen
                           if v.pk not in gebruikte_brin6 and v.is_actief_op(peildatum)],
        aantal_beeindigd=len(registratie.aanbieders) - len(aanbieders),
    )
