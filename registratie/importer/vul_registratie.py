"""Demo registration on top of imported erkenningen: one aanbieder per BRIN4, one locatie + gebruik per
BRIN6 address, and per aanbieder the aangeboden opleidingen that fit its kind of school (rio-po.md §1.9-1.10a):
Basisonderwijs at a BAO (doelgroep BO) or SBO (doelgroep SBO), speciaal onderwijs at an SO school, voortgezet
speciaal onderwijs at a VSO school and both at a (V)SO school, with doelgroepen that fit the school's cluster.
All through the domain services, so the portal's own rules decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from time import perf_counter

from django.db import transaction

from kern.fouten import RegelFout
from kern.tijd import vandaag
from registratie.domein.enumeraties import Sector
from registratie.importer.lezen import ImportFout
from registratie.importer.toepassen import DOOR
from registratie.models import (
    Instellingserkenning,
    Onderwijsbestuur,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Opleiding,
    Vestigingserkenning,
)
from registratie.services import locatie as locatie_services
from registratie.services import opleiding as opleiding_services
from registratie.services import organisatie as organisatie_services

# --- Demo registration ----------------------------------------------------------------------------------

KENMERKEN_BO = {"doelgroepBasisonderwijs": ["BO"]}
Soort = Instellingserkenning.Soort
# Cluster → plausible doelgroepen (rio-po.md §1.10a groups them the same way): 1 seeing, 2 hearing and
# language, 3 physical and learning, 4 behaviour. An SO/VSO school without a cluster gets cluster 3's.
DOELGROEPEN_PER_CLUSTER = {
    "1": ["VISUEEL_GEHANDICAPT"],
    "2": ["DOOF", "SLECHT_HOREND", "ERNSTIGE_SPRAAK_MOEILIJKHEDEN"],
    "3": ["MOEILIJK_LEREND", "LICHAMELIJK_GEHANDICAPT", "LANGDURIG_ZIEK"],
    "4": ["ZEER_MOEILIJK_OPVOEDBAAR"],
}
# Per soort: (opleiding name, kenmerken) for each offering; cluster 3 SO is taught with the zml/mg kerndoelen.
SECTOREN_PER_SOORT = {Soort.BAO: (Sector.BO,), Soort.SBO: (Sector.BO,), Soort.SO: (Sector.SO,),
                      Soort.VSO: (Sector.VSO,), Soort.VSO_SO: (Sector.SO, Sector.VSO)}


@dataclass(frozen=True)
class Aanbod:
    opleiding: Opleiding
    kenmerken: dict[str, list[str]]


def doelgroepen(cluster: str) -> list[str]:
    cijfers = [c for c in cluster.split("/") if c in DOELGROEPEN_PER_CLUSTER] or ["3"]
    return [d for c in cijfers for d in DOELGROEPEN_PER_CLUSTER[c]]


def aanbod_voor(instelling: Instellingserkenning, catalogus: dict[str, Opleiding]) -> list[Aanbod]:
    """The offerings a school of this soort plausibly registers; a school without a soort gets BO (as before)."""
    uit = []
    for sector in SECTOREN_PER_SOORT.get(instelling.soort, (Sector.BO,)):
        if sector is Sector.BO:
            doelgroep = "SBO" if instelling.soort == Soort.SBO else "BO"
            uit.append(Aanbod(catalogus["Basisonderwijs"], {"doelgroepBasisonderwijs": [doelgroep]}))
            continue
        if sector is Sector.SO:
            naam = "Speciaal onderwijs zml/mg" if instelling.cluster == "3" else "Speciaal onderwijs regulier"
        else:
            naam = "Vso-vervolgonderwijs"
        uit.append(Aanbod(catalogus[naam], {"doelgroepSpeciaalOnderwijs": doelgroepen(instelling.cluster)}))
    return uit


@dataclass
class Vulresultaat:
    besturen: int = 0
    overgeslagen: int = 0
    aanbieders: int = 0
    locatiegebruiken: int = 0
    extra_vestigingen: int = 0
    aangeboden_opleidingen: int = 0
    geweigerd: list[str] = field(default_factory=list)
    duur: float = 0.0

    def verslag(self) -> list[str]:
        regels = [
            f"Registratie gevuld voor {self.besturen} besturen ({self.overgeslagen} overgeslagen: hadden al "
            f"aanbieders): {self.aanbieders} aanbieders, {self.locatiegebruiken} locatiegebruiken "
            f"(+{self.extra_vestigingen} extra BRIN6 op een gedeeld adres), {self.aangeboden_opleidingen} "
            "aangeboden opleidingen.",
        ]
        if self.geweigerd:
            regels.append(f"Geweigerd door de regels ({len(self.geweigerd)}):")
            regels.extend(f"  {g}" for g in self.geweigerd)
        regels.append(f"Klaar in {self.duur:.1f} s.")
        return regels


def _later(*datums: date | None) -> date:
    return max(d for d in datums if d is not None)


NODIG = ("Basisonderwijs", "Speciaal onderwijs regulier", "Speciaal onderwijs zml/mg", "Vso-vervolgonderwijs")


def _catalogus() -> dict[str, Opleiding]:
    catalogus = {o.naam: o for o in Opleiding.objects.filter(naam__in=NODIG)}
    ontbrekend = [naam for naam in NODIG if naam not in catalogus]
    if ontbrekend:
        raise ImportFout(f"De opleiding(en) {', '.join(ontbrekend)} staan niet in de catalogus; draai eerst "
                         "'migrate'.")
    return catalogus


def vul_registratie(max_besturen: int | None = None, bevoegde_gezagen: list[str] | None = None) -> Vulresultaat:
    """A plausible registration for the first max_besturen boards (by bevoegd-gezagnummer), plus the boards of
    the given bevoegde gezagen (so a demo can include a special-school board), for demos.

    Everything goes through the domain services, so the rules are the portal's own; what they refuse
    is reported and skipped. A board that already has aanbieders is skipped, so a rerun adds nothing.
    Each board is its own transaction: a failure in one keeps the boards before it.
    """
    start = perf_counter()
    resultaat = Vulresultaat()
    catalogus = _catalogus()
    alle = (Onderwijsbestuur.objects.filter(bevoegd_gezag__isnull=False, einddatum__isnull=True)
            .select_related("bevoegd_gezag").order_by("bevoegd_gezag__nummer"))
    # The first max_besturen; without a maximum only the boards named, or all of them when none are named.
    eerste = alle[:max_besturen] if max_besturen is not None else alle.none() if bevoegde_gezagen else alle
    besturen = list(eerste)
    if bevoegde_gezagen:
        gekozen = {b.pk for b in besturen}
        besturen += [b for b in alle.filter(bevoegd_gezag__nummer__in=bevoegde_gezagen) if b.pk not in gekozen]
    for bestuur in besturen:
        if bestuur.aanbieders.exists():
            resultaat.overgeslagen += 1
            continue
        with transaction.atomic():
            _vul_bestuur(bestuur, catalogus, resultaat)
        resultaat.besturen += 1
    resultaat.duur = perf_counter() - start
    return resultaat


def _weiger(resultaat: Vulresultaat, bestuur: Onderwijsbestuur, wat: str, fout: RegelFout) -> None:
    resultaat.geweigerd.append(f"bestuur {bestuur.code}, {wat}: {' '.join(fout.messages)}")


def _vul_bestuur(bestuur: Onderwijsbestuur, catalogus: dict[str, Opleiding], resultaat: Vulresultaat) -> None:
    instellingen = list(Instellingserkenning.objects.filter(bevoegd_gezag=bestuur.bevoegd_gezag,
                                                            einddatum__isnull=True).order_by("code"))
    vestigingen = list(Vestigingserkenning.objects.filter(instelling__in=instellingen, einddatum__isnull=True)
                       .select_related("instelling").order_by("code"))
    locatie_van = _vul_locaties(bestuur, vestigingen, resultaat)
    for instelling in instellingen:
        begindatum = _later(bestuur.begindatum, instelling.begindatum)
        try:
            aanbieder = organisatie_services.registreer_aanbieder(
                bestuur, door=DOOR, naam=instelling.naam, begindatum=begindatum, instellingen=[instelling])
        except RegelFout as fout:
            _weiger(resultaat, bestuur, f"aanbieder voor BRIN4 {instelling.code}", fout)
            continue
        resultaat.aanbieders += 1
        eigen = [v.code for v in vestigingen if v.instelling_id == instelling.pk and v.code in locatie_van]
        if not eigen:
            continue
        hoofd = instelling.code + "00" if instelling.code + "00" in eigen else eigen[0]
        locatie, gebruik_begin = locatie_van[hoofd]
        for aanbod in aanbod_voor(instelling, catalogus):
            try:
                opleiding_services.registreer_aangeboden_opleiding(
                    aanbieder, door=DOOR, opleiding=aanbod.opleiding, locatie=locatie,
                    begindatum=_later(aanbieder.begindatum, gebruik_begin), kenmerken=aanbod.kenmerken)
            except RegelFout as fout:
                _weiger(resultaat, bestuur, f"opleiding {aanbod.opleiding.naam} van aanbieder {aanbieder.code}",
                        fout)
                continue
            resultaat.aangeboden_opleidingen += 1


def _vul_locaties(bestuur: Onderwijsbestuur, vestigingen: list[Vestigingserkenning],
                  resultaat: Vulresultaat) -> dict[str, tuple[Onderwijslocatie, date]]:
    """One locatiegebruik per distinct address; a second BRIN6 at the same address is linked to it.

    Such a link can only start today or later (rule 16 in voeg_vestiging_toe), which is what a
    board registering it now would get too.
    """
    locatie_van: dict[str, tuple[Onderwijslocatie, date]] = {}
    gebruik_per_adres: dict[tuple[str, int | None, str], Onderwijslocatiegebruik] = {}
    for vestiging in vestigingen:
        adres = (vestiging.postcode, vestiging.huisnummer, vestiging.huisnummertoevoeging.upper())
        gebruik = gebruik_per_adres.get(adres)
        try:
            if gebruik is None:
                gebruik = locatie_services.registreer_locatiegebruik(
                    bestuur, door=DOOR, postcode=vestiging.postcode, huisnummer=vestiging.huisnummer,
                    huisnummertoevoeging=vestiging.huisnummertoevoeging, straatnaam=vestiging.straatnaam,
                    plaatsnaam=vestiging.plaatsnaam, vestiging=vestiging,
                    begindatum=_later(bestuur.begindatum, vestiging.begindatum))
                gebruik_per_adres[adres] = gebruik
                resultaat.locatiegebruiken += 1
            else:
                locatie_services.voeg_vestiging_toe(
                    gebruik, door=DOOR, vestiging=vestiging,
                    begindatum=_later(gebruik.begindatum, vestiging.begindatum, vandaag()))
                resultaat.extra_vestigingen += 1
        except RegelFout as fout:
            _weiger(resultaat, bestuur, f"locatie voor BRIN6 {vestiging.code}", fout)
            continue
        locatie_van[vestiging.code] = (gebruik.locatie, gebruik.begindatum)
    return locatie_van
