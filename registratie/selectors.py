"""Read side: what the screens show of a board on a peildatum, fetched with a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from .models import (
    AangebodenOpleiding,
    Contactgegevens,
    Instellingserkenning,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
    Vestigingserkenning,
    Vestigingsrelatie,
    geldig_op,
)


def aanbieders_qs(bestuur: Onderwijsbestuur) -> QuerySet[Onderwijsaanbieder]:
    return (
        Onderwijsaanbieder.objects.filter(bestuur=bestuur)
        .select_related("groep")
        .prefetch_related(
            "perioden",
            Prefetch("juridische_relaties", queryset=JuridischeRelatie.objects.select_related("instelling")),
            Prefetch("aangeboden_opleidingen", queryset=AangebodenOpleiding.objects.select_related(
                "opleiding", "locatie").prefetch_related("perioden", "kenmerken")),
            "contactgegevens",
        )
    )


def locatiegebruiken_qs(bestuur: Onderwijsbestuur) -> QuerySet[Onderwijslocatiegebruik]:
    return (
        Onderwijslocatiegebruik.objects.filter(bestuur=bestuur)
        .select_related("locatie", "bestuur")
        .prefetch_related(Prefetch("vestigingsrelaties", queryset=Vestigingsrelatie.objects.select_related(
            "vestiging")))
    )


@dataclass
class Boom:
    """Mijn organisatie on a peildatum: bestuur → (groepen →) aanbieders → aangeboden opleidingen."""

    bestuur: Onderwijsbestuur
    peildatum: date
    groepen: list[Onderwijsaanbiedersgroep]
    aanbieders_per_groep: dict[int | None, list[Onderwijsaanbieder]]
    locatiegebruiken: list[Onderwijslocatiegebruik]
    contacten: list[Contactgegevens]
    ongebruikte_brin4: list[Instellingserkenning] = field(default_factory=list)
    ongebruikte_brin6: list[Vestigingserkenning] = field(default_factory=list)
    aantal_beeindigd: int = 0

    @property
    def aanbieders(self) -> list[Onderwijsaanbieder]:
        return [a for lijst in self.aanbieders_per_groep.values() for a in lijst]


def _zichtbaar(obj, peildatum: date, toon_alles: bool) -> bool:
    return toon_alles or obj.is_actief_op(peildatum) or obj.begindatum > peildatum


def organisatie_boom(bestuur: Onderwijsbestuur, peildatum: date, toon_beeindigd: bool = False) -> Boom:
    """Everything valid on peildatum (and what is scheduled to start later), grouped for the tree."""
    alle_aanbieders = list(aanbieders_qs(bestuur))
    aanbieders = [a for a in alle_aanbieders if _zichtbaar(a, peildatum, toon_beeindigd)]
    groepen = [g for g in Onderwijsaanbiedersgroep.objects.filter(bestuur=bestuur).prefetch_related("perioden")
               if _zichtbaar(g, peildatum, toon_beeindigd)]
    per_groep: dict[int | None, list[Onderwijsaanbieder]] = {g.pk: [] for g in groepen}
    per_groep[None] = []
    for aanbieder in aanbieders:
        aanbieder.opleidingen_op_peildatum = [
            ao for ao in aanbieder.aangeboden_opleidingen.all() if _zichtbaar(ao, peildatum, toon_beeindigd)]
        aanbieder.brin4_op_peildatum = [r.instelling for r in aanbieder.juridische_relaties.all()
                                        if r.is_actief_op(peildatum)]
        per_groep.setdefault(aanbieder.groep_id if aanbieder.groep_id in per_groep else None, []).append(aanbieder)
    gebruiken = [g for g in locatiegebruiken_qs(bestuur) if _zichtbaar(g, peildatum, toon_beeindigd)]
    for gebruik in gebruiken:
        gebruik.brin6_op_peildatum = [r.vestiging for r in gebruik.vestigingsrelaties.all()
                                      if r.is_actief_op(peildatum) or r.begindatum > peildatum]
    # Erkenningen of the board that nothing uses on the peildatum; the 'used' sets are subqueries (one query each).
    gebruikte_brin4 = JuridischeRelatie.objects.filter(geldig_op(peildatum), aanbieder__bestuur=bestuur)
    gebruikte_brin6 = Vestigingsrelatie.objects.filter(geldig_op(peildatum), gebruik__bestuur=bestuur)
    erkenningen = Instellingserkenning.objects.filter(bevoegd_gezag=bestuur.bevoegd_gezag_id).exclude(
        pk__in=gebruikte_brin4.values("instelling_id"))
    vestigingen = Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=bestuur.bevoegd_gezag_id).exclude(
        pk__in=gebruikte_brin6.values("vestiging_id"))
    return Boom(
        bestuur=bestuur,
        peildatum=peildatum,
        groepen=groepen,
        aanbieders_per_groep=per_groep,
        locatiegebruiken=gebruiken,
        contacten=[c for c in bestuur.contactgegevens.all() if _zichtbaar(c, peildatum, toon_beeindigd)],
        ongebruikte_brin4=[e for e in erkenningen if e.is_actief_op(peildatum)],
        ongebruikte_brin6=[v for v in vestigingen if v.is_actief_op(peildatum)],
        aantal_beeindigd=len(alle_aanbieders) - len(aanbieders),
    )
