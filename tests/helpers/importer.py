"""Rows and files in the format of DUO's open data (2026 and 2020 headers), for the importer tests."""

import csv
import io
import re

KOP_2026 = [
    "PROVINCIE", "BEVOEGD GEZAG NUMMER", "INSTELLINGSCODE", "VESTIGINGSCODE", "VESTIGINGSNAAM", "STRAATNAAM",
    "HUISNUMMER-TOEVOEGING", "POSTCODE", "PLAATSNAAM", "GEMEENTENUMMER", "GEMEENTENAAM", "DENOMINATIE",
    "TELEFOONNUMMER", "INTERNETADRES", "STRAATNAAM CORRESPONDENTIEADRES",
    "HUISNUMMER-TOEVOEGING CORRESPONDENTIEADRES", "POSTCODE CORRESPONDENTIEADRES",
    "PLAATSNAAM CORRESPONDENTIEADRES", "NODAAL GEBIED CODE", "NODAAL GEBIED NAAM", "RPA-GEBIED CODE",
    "RPA-GEBIED NAAM", "WGR-GEBIED CODE", "WGR-GEBIED NAAM", "COROPGEBIED CODE", "COROPGEBIED NAAM",
    "ONDERWIJSGEBIED CODE", "ONDERWIJSGEBIED NAAM", "RMC-REGIO CODE", "RMC-REGIO NAAM", "VAKANTIEREGIO",
]
KOP_2020 = [{"INSTELLINGSCODE": "BRIN NUMMER", "VESTIGINGSCODE": "VESTIGINGSNUMMER"}.get(k, k) for k in KOP_2026[:-1]]
GELDIGE_RIJ = dict(zip(KOP_2026, [
    "Drenthe", "20091", "32JK", "32JK00", "BBS de Verwondering", "Melkweg", "13", "9306 TC",
    "ALTEVEER GEM NOORDENVELD", "1699", "NOORDENVELD", "Algemeen bijzonder", " ", " ", "Melkweg", "13",
    "9306 TC", "ALTEVEER GEM NOORDENVELD", "01", "Groningen", "03", "Centraal-Groningen", "07",
    "Noord- en Midden-Drenthe", "07", "Noord-Drenthe", "01", "Groningen en omstreken", "07",
    "Noord- en Midden Drenthe", "Noord",
], strict=True))


def rij(**velden: str) -> dict[str, str]:
    """A valid 2026 row with some fields replaced; keys use _ for spaces/dashes of the column names."""
    uit = dict(GELDIGE_RIJ)
    for naam, waarde in velden.items():
        kolom = next(k for k in KOP_2026 if re.sub(r"[ -]", "_", k) == naam.upper())
        uit[kolom] = waarde
    return uit


def vestiging(brin6: str, bg: str = "20091", **velden: str) -> dict[str, str]:
    return rij(bevoegd_gezag_nummer=bg, instellingscode=brin6[:4], vestigingscode=brin6, **velden)


def csv_bytes(rijen: list[dict[str, str]], kop: list[str] = KOP_2026, codering: str = "cp1252") -> bytes:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(kop)
    for r in rijen:
        schrijver.writerow([r.get(k, "") for k in kop] if isinstance(r, dict) else r)
    return uit.getvalue().encode(codering)
