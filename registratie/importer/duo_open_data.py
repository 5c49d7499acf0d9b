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

from registratie.importer.lezen import ImportFout, lees_bestand
from registratie.importer.toepassen import Importresultaat, importeer

__all__ = ["ImportFout", "Importresultaat", "importeer_bestand", "verslag"]


def importeer_bestand(bron: Path | str | bytes, peildatum: date) -> Importresultaat:
    """Read a snapshot and apply it as of peildatum; ImportFout when the file as a whole is unusable."""
    return importeer(lees_bestand(bron), peildatum)


def verslag(resultaat: Importresultaat) -> list[str]:
    """The lines the command prints: a count table, then every rejected row and every note."""
    soort = "eerste import" if resultaat.eerste_import else "bijwerking"
    regels = [
        f"DUO open data {resultaat.bestand} (formaat {resultaat.formaat}), peildatum "
        f"{resultaat.peildatum.isoformat()}, {soort}:",
        f"  {'soort':<17}{'aangemaakt':>11}{'gewijzigd':>11}{'ongewijzigd':>12}{'beëindigd':>11}"
        f"{'geweigerd':>11}",
    ]
    for naam, t in resultaat.tellingen.items():
        regels.append(f"  {naam:<17}{t.aangemaakt:>11}{t.gewijzigd:>11}{t.ongewijzigd:>12}{t.beeindigd:>11}"
                      f"{t.geweigerd:>11}")
    if resultaat.weigeringen:
        regels.append(f"Geweigerde regels ({len(resultaat.weigeringen)}), overgeslagen:")
        regels.extend(f"  {w}" for w in resultaat.weigeringen)
    if resultaat.meldingen:
        regels.append(f"Let op ({len(resultaat.meldingen)}):")
        regels.extend(f"  {m}" for m in resultaat.meldingen)
    regels.append(f"Klaar in {resultaat.duur:.1f} s.")
    return regels
