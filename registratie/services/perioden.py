"""Period mechanics shared by every object with names over time: scheduled changes, ending, cancelling."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from kern.fouten import Fouten, RegelFout
from kern.tijd import dag_na, dag_voor, vandaag
from registratie.models import (
    AangebodenOpleiding,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
    Periode,
    Vestigingsrelatie,
)
from registratie.services.regels import binnen_levensduur, datum, niet_in_verleden

# Objects with names over time in ``perioden``.
type Periodehouder = (Onderwijsbestuur | Onderwijsaanbiedersgroep | Onderwijsaanbieder | AangebodenOpleiding
                     | Onderwijsbegeleidingsaanbieder)
# Objects with dated relations that must carry on to their end (BRIN4 of an aanbieder, BRIN6 of a gebruik).
type Relatiehouder = Onderwijsaanbieder | Onderwijslocatiegebruik


def _perioden(houder: Periodehouder) -> list[Periode]:
    return list(houder.perioden.select_for_update().order_by("begindatum"))


def wijzig_per(houder: Periodehouder, ingangsdatum: date, waarden: Mapping[str, Any], *,
               verleden_toegestaan: bool = False) -> bool:
    """Give the period attributes new values from ingangsdatum on; split the period that covers that date.

    Returns False when nothing differs. Later scheduled periods are kept: the change lasts until the
    next scheduled change. Rule 16 (not in the past) and rule 5 (within the lifespan) are checked;
    ``verleden_toegestaan``: DUO records a board's new name after the fact (its file's peildatum), so rule 16
    does not apply to that path.
    """
    fouten = Fouten()
    if not verleden_toegestaan:
        niet_in_verleden(fouten, ingangsdatum, "ingangsdatum")
    binnen_levensduur(fouten, ingangsdatum, houder, "ingangsdatum", "De ingangsdatum")
    fouten.gooi()
    perioden = _perioden(houder)
    huidige = next((p for p in perioden if p.is_actief_op(ingangsdatum)), None)
    if huidige is None:
        raise RegelFout({"ingangsdatum": [gettext("Er is geen periode op %(datum)s.") % {
            "datum": datum(ingangsdatum)}]})
    if all(getattr(huidige, k) == v for k, v in waarden.items()):
        return False
    if huidige.begindatum == ingangsdatum:
        for k, v in waarden.items():
            setattr(huidige, k, v)
        huidige.save()
        return True
    nieuwe = type(huidige)._default_manager.get(pk=huidige.pk)
    nieuwe.pk = None
    nieuwe.begindatum = ingangsdatum
    for k, v in waarden.items():
        setattr(nieuwe, k, v)
    huidige.einddatum = dag_voor(ingangsdatum)
    huidige.save(update_fields=["einddatum"])
    nieuwe.save()
    return True


def annuleer_geplande_periode(houder: Periodehouder, periode: Periode) -> None:
    """Remove a scheduled (future) period; the previous period runs on in its place."""
    if periode.begindatum <= vandaag():
        raise RegelFout({"__all__": [gettext("Alleen een wijziging die nog niet is ingegaan kan worden geannuleerd.")]})
    perioden = _perioden(houder)
    vorige = [p for p in perioden if p.begindatum < periode.begindatum]
    if not vorige:
        raise RegelFout({"__all__": [gettext("De eerste periode kan niet worden geannuleerd.")]})
    vorige[-1].einddatum = periode.einddatum
    periode.delete()
    vorige[-1].save(update_fields=["einddatum"])


def beeindig_perioden(houder: Periodehouder, einddatum: date) -> None:
    """Cut the periods at einddatum: later periods go, the covering one ends on einddatum."""
    kort_in(houder.perioden.all(), einddatum)


def kort_in(rijen: QuerySet[Any], einddatum: date) -> None:
    """Dated rows (periods, relations to erkenningen) of an object that ends: the ones that would start
    after einddatum go, the ones running past it end on einddatum."""
    for rij in rijen.select_for_update().order_by("begindatum"):
        if rij.begindatum > einddatum:
            rij.delete()
        elif rij.einddatum is None or rij.einddatum > einddatum:
            rij.einddatum = einddatum
            rij.save(update_fields=["einddatum"])


def heeft_opvolger(houder: Relatiehouder,
                   andere_relaties: QuerySet[JuridischeRelatie] | QuerySet[Vestigingsrelatie], einddatum: date) -> bool:
    """Whether, after a relation ends on einddatum, another one carries on to the end of the object
    (rule 8 for BRIN4, and the PO rule that a locatiegebruik keeps a BRIN6)."""
    if houder.einddatum is not None and einddatum >= houder.einddatum:
        return True  # the relation ends with the object itself
    return any(r.begindatum <= dag_na(einddatum) and (r.einddatum is None or (
        houder.einddatum is not None and r.einddatum >= houder.einddatum)) for r in andere_relaties)


def eerste_periode[P: Periode](model: type[P], houder_veld: str, houder: Periodehouder, **waarden: Any) -> P:
    return model._default_manager.create(**{houder_veld: houder}, begindatum=houder.begindatum,
                                einddatum=houder.einddatum, **waarden)
