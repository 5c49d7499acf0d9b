"""A concept blauwdruk as the organisation picture: the view-model of registratie.plaatje, built from a concept's
rows (modelleertool.inhoud) instead of the register, and laid out by the same ``teken``.

An object that is new in the concept has no code yet: it is shown as "nieuw-1", "nieuw-2", ... (a new locatie as
"nieuw-" and its BRIN6). Rows ended before the peildatum are left out."""

from datetime import date

from modelleertool.modelleren import aanbieder_ref, locatie_ref
from registratie.models import (
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatie,
    Opleiding,
    Vestigingserkenning,
)
from registratie.plaatje import (
    PlaatjeAanbieder,
    PlaatjeBegeleider,
    PlaatjeBestuur,
    PlaatjeLocatie,
    PlaatjeOpleiding,
    plaatje_locatie,
)


def _concept_locatie(rij, code: str, vestigingen: dict[str, Vestigingserkenning]) -> PlaatjeLocatie:
    """A locatie row as the picture shows it; without an address: that of its BRIN6. The unsaved Onderwijslocatie
    only lends its address formatting (postcode, adres), so that a concept reads as the register does."""
    v = vestigingen.get(rij.brin6[0]) if rij.brin6 and not rij.postcode else None
    if v is not None:
        locatie = Onderwijslocatie(code=code, straatnaam=v.straatnaam, huisnummer=v.huisnummer,
                                   huisnummertoevoeging=v.huisnummertoevoeging, postcode=v.postcode,
                                   plaatsnaam=v.plaatsnaam)
    else:
        locatie = Onderwijslocatie(code=code, straatnaam=rij.straatnaam, huisnummer=rij.huisnummer or "",
                                   huisnummertoevoeging=rij.toevoeging, postcode=rij.postcode,
                                   plaatsnaam=rij.plaatsnaam)
    return plaatje_locatie(locatie)


def uit_concept(bestuur: Onderwijsbestuur, inhoud, peildatum: date) -> PlaatjeBestuur:
    """A concept's content (inhoud.Blauwdruk) as the picture's view-model."""
    def loopt(rij) -> bool:
        return rij.einddatum is None or rij.einddatum >= peildatum

    catalogus = {o.naam: o for o in Opleiding.objects.all()}
    vestigingen = {v.code: v for v in Vestigingserkenning.objects.filter(
        instelling__bevoegd_gezag=bestuur.bevoegd_gezag_id)}
    locaties: dict[str, PlaatjeLocatie] = {}
    for i, rij in enumerate((r for r in inhoud.locaties if loopt(r)), start=1):
        code = rij.code or f"nieuw-{rij.brin6[0] if rij.brin6 else i}"
        locaties[locatie_ref(rij)] = _concept_locatie(rij, code, vestigingen)
    # By reference, as the concept's opleiding rows point at their aanbieder.
    aanbieders: dict[str, tuple[str, str, tuple[str, ...], date]] = {}
    nieuw = 0
    for a in (r for r in inhoud.aanbieders if loopt(r)):
        nieuw += not a.code
        aanbieders[aanbieder_ref(a)] = (a.code or f"nieuw-{nieuw}", a.naam or "", tuple(a.brin4),
                                        a.begindatum or peildatum)
    opleidingen: dict[str, list[PlaatjeOpleiding]] = {ref: [] for ref in aanbieders}
    nieuw = 0
    for o in inhoud.opleidingen:
        if loopt(o) and o.aanbieder in aanbieders and o.opleiding in catalogus:
            nieuw += not o.code
            opleiding = catalogus[o.opleiding]
            opleidingen[o.aanbieder].append(PlaatjeOpleiding(
                code=o.code or f"nieuw-{nieuw}", naam=o.eigen_naam or opleiding.naam, opleidingnaam=opleiding.naam,
                sector=opleiding.sector, locatie=locaties.get(o.locatie), begindatum=o.begindatum or peildatum))
    plaatje_aanbieders = tuple(
        PlaatjeAanbieder(code=code, naam=naam, groepnaam=None, brin4=brin4, begindatum=begindatum,
                         opleidingen=tuple(opleidingen[ref]))
        for ref, (code, naam, brin4, begindatum) in aanbieders.items())
    periode = bestuur.huidige_periode(peildatum)
    return PlaatjeBestuur(code=bestuur.code, naam=getattr(periode, "naam", "") or "", peildatum=peildatum,
                          aanbieders=plaatje_aanbieders, locaties=tuple(locaties.values()))


def bestaande_begeleiders(bestuur: Onderwijsbestuur, peildatum: date) -> tuple[PlaatjeBegeleider, ...]:
    """The board's onderwijsbegeleidingsaanbieders from the register (rio-po.md §1.6), valid on the peildatum or
    later. A blauwdruk cannot model them (no sheet, no operation, nothing to apply): the blauwdruk's pages show them
    read-only, managed on the register pages. Three queries, whatever their number."""
    qs = (Onderwijsbegeleidingsaanbieder.objects.filter(bestuur=bestuur).order_by("code")
          .prefetch_related("perioden", "erkenningsrelaties__instelling"))
    begeleiders = []
    for b in qs:
        if not b.is_relevant_op(peildatum):
            continue
        periode = b.huidige_periode(peildatum)
        brin4 = tuple(r.instelling.code for r in b.erkenningsrelaties.all()
                      if r.is_actief_op(max(peildatum, b.begindatum)))
        begeleiders.append(PlaatjeBegeleider(code=b.code, naam=getattr(periode, "naam", "") or "", brin4=brin4,
                                             expertise=tuple(b.expertise_labels), begindatum=b.begindatum))
    return tuple(begeleiders)
