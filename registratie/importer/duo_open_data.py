"""Importer of DUO's open data "alle schoolvestigingen basisonderwijs" into the erkenningen: the entry point.

DUO publishes the file monthly as a CSV; one snapshot becomes BevoegdGezag / Instellingserkenning /
Vestigingserkenning rows plus an onderwijsbestuur per bevoegd gezag. The work is split in two:

- lezen.py reads and checks the file into plain records (``Bestand``), with the rejected rows;
- toepassen.py applies those records to the register: all or nothing, idempotent, audited.

This module joins them for the management command (importeer_duo_open_data) and prints the report.
``vul_registratie`` (demo and benchmark data) then registers through the domain services one aanbieder
per BRIN4, one locatiegebruik per address and one BO aangeboden opleiding per aanbieder.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from registratie.importer.aanvullend import (
    Besturenbestand,
    Leerlingenbestand,
    lees_besturen,
    lees_leerlingen,
    soort_bestand,
)
from registratie.importer.lezen import Bestand, ImportFout, _lees_inhoud, lees_bestand
from registratie.importer.toepassen import Importresultaat, importeer

__all__ = ["ImportFout", "Importresultaat", "importeer_bestand", "importeer_bestanden", "verslag"]


def importeer_bestand(bron: Path | str | bytes, peildatum: date) -> Importresultaat:
    """Read a snapshot and apply it as of peildatum; ImportFout when the file as a whole is unusable."""
    return importeer_bestanden([bron], peildatum)


def importeer_bestanden(bronnen: list[Path | str | bytes], peildatum: date) -> Importresultaat:
    """Read several of DUO's files, recognised by their header, and apply them together in one transaction.

    Vestigingen files (basisonderwijs, special schools) are one snapshot; the board list and the pupils file
    add to it. Every file is read and checked before anything is written, so an unusable file stops them all.
    """
    vestigingen: Bestand | None = None
    besturen: Besturenbestand | None = None
    leerlingen: Leerlingenbestand | None = None
    regels: list[str] = []
    for bron in bronnen:
        inhoud, naam = _lees_inhoud(bron, "")
        soort = soort_bestand(inhoud)
        if soort == "besturen":
            besturen = _enkel(besturen, lees_besturen(inhoud, naam), "besturenbestand")
            regels.append(f"  {naam}: besturenlijst, {besturen.aantal_regels} regels, {len(besturen.besturen)} "
                          f"bevoegde gezagen met naam en KvK-nummer, {len(besturen.weigeringen)} geweigerd")
        elif soort == "leerlingen":
            leerlingen = _enkel(leerlingen, lees_leerlingen(inhoud, naam), "leerlingenbestand")
            per_soort = ", ".join(f"{s} {n}" for s, n in leerlingen.vestigingen_per_soort().items())
            regels.append(f"  {naam}: leerlingen per vestiging, {leerlingen.aantal_regels} regels, "
                          f"{len(leerlingen.weigeringen)} geweigerd; vestigingen per soort: {per_soort}")
        else:
            gelezen = lees_bestand(inhoud, naam)
            if vestigingen is not None and gelezen.bereik & vestigingen.bereik:
                _enkel(vestigingen, gelezen, "vestigingen van basisscholen of van speciale scholen")
            telling = gelezen.per_bestand[naam]
            per_soort = ", ".join(f"{s} {n}" for s, n in telling.scholen_per_soort.items())
            regels.append(f"  {naam}: vestigingen (formaat {telling.formaat}), {telling.regels} regels, "
                          f"{telling.geweigerd} geweigerd; scholen (BRIN4) per soort: {per_soort}")
            vestigingen = gelezen if vestigingen is None else vestigingen.voeg_samen(gelezen)
    resultaat = importeer(vestigingen, peildatum, besturen=besturen, leerlingen=leerlingen)
    resultaat.per_bestand = regels
    return resultaat


def _enkel[T](eerder: T | None, nieuw: T, wat: str) -> T:
    if eerder is not None:
        raise ImportFout(f"Er zijn twee bestanden van dezelfde soort ({wat}) opgegeven; geef er één. "
                         "Er is niets ingelezen.")
    return nieuw


def verslag(resultaat: Importresultaat) -> list[str]:
    """The lines the command prints: per file what it held, a count table, then every rejected row and note."""
    soort = "eerste import" if resultaat.eerste_import else "bijwerking"
    regels = [
        f"DUO open data {resultaat.bestand or '(alleen aanvullende bestanden)'} (formaat {resultaat.formaat}), "
        f"peildatum {resultaat.peildatum.isoformat()}, {soort}:",
    ]
    if resultaat.per_bestand:
        regels.append("Bestanden:")
        regels.extend(resultaat.per_bestand)
    regels.append(f"  {'soort':<19}{'aangemaakt':>11}{'gewijzigd':>11}{'ongewijzigd':>12}{'beëindigd':>11}"
                  f"{'geweigerd':>11}")
    for naam, t in resultaat.tellingen.items():
        regels.append(f"  {naam:<19}{t.aangemaakt:>11}{t.gewijzigd:>11}{t.ongewijzigd:>12}{t.beeindigd:>11}"
                      f"{t.geweigerd:>11}")
    if resultaat.besturen_naam:
        namen = ", ".join(f"{n} {wat}" for wat, n in resultaat.besturen_naam.items())
        regels.append(f"Bevoegde gezagen (lopend): {namen}")
    if resultaat.weigeringen:
        regels.append(f"Geweigerde regels ({len(resultaat.weigeringen)}), overgeslagen:")
        regels.extend(f"  {w}" for w in resultaat.weigeringen)
    if resultaat.meldingen:
        regels.append(f"Let op ({len(resultaat.meldingen)}):")
        regels.extend(f"  {m}" for m in resultaat.meldingen)
    regels.append(f"Klaar in {resultaat.duur:.1f} s.")
    return regels
