"""The blauwdruk template (xlsx) of a board: instructions, four sheets prefilled with the registration on a
peildatum (codes in the first column, so a roundtrip maps rows to objects), the board's erkenningen, and
drop-down lists for every enumeration. Written with the shared streaming writer (kern.export)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings

from kern.export import Kolom, XlsxSchrijver
from kern.xlsx import kolomletter
from modelleertool.inhoud import (
    AANBIEDERS,
    BESTUUR,
    CONTACTEN,
    ERKENNINGEN,
    GEGEVENSBLADEN,
    INSTRUCTIE,
    KENMERKKOLOMMEN,
    KEUZELIJSTEN,
    LOCATIES,
    OPLEIDINGEN,
    Blad,
    Blauwdruk,
    context_label,
    uit_registratie,
)
from registratie.domein.enumeraties import COMMUNICATIECONTEXTEN, ONDERWIJSCONCEPT, Sector, Waardenlijst
from registratie.models import Instellingserkenning, Onderwijsbestuur, Opleiding, Vestigingserkenning, toon_postcode
from registratie.services.regels import datum


def max_rijen() -> int:
    return int(getattr(settings, "BLAUWDRUK_MAX_RIJEN", 2000))


def max_bytes() -> int:
    return int(getattr(settings, "BLAUWDRUK_MAX_BYTES", 5 * 1024 * 1024))


class SjabloonSchrijver(XlsxSchrijver):
    """The shared writer plus what a template needs on top: drop-down lists and a hidden sheet."""

    def keuzelijst(self, titel: str, kolomnummer: int, bron: str, *, streng: bool, uitleg: str) -> None:
        self._bladen[titel].keuzelijst(kolomnummer, bron, tot_rij=max_rijen() + 1, streng=streng, uitleg=uitleg)

    def verberg(self, titel: str) -> None:
        self._bladen[titel].verborgen = True


# --- Cell values --------------------------------------------------------------------------------------------

def _labels(lijst: Waardenlijst | None, codes: Iterable[str]) -> list[str]:
    labels = []
    for code in codes:
        waarde = lijst.waarde(code) if lijst else None
        labels.append(waarde.label if waarde else code)
    return labels


def kenmerklijst(veld: str, sector: str | None) -> Waardenlijst | None:
    """The waardenlijst of a kenmerk column for the opleiding's sector (None: the column does not apply)."""
    per_sector = KENMERKKOLOMMEN[veld]
    if sector in Sector.__members__ and Sector(sector) in per_sector:
        return per_sector[Sector(sector)][1]
    return None


def celwaarden(blad: Blad, rij: Any, sector_van: dict[str, str] | None = None) -> list[Any]:
    """One row of a data sheet as the cells show it: labels for enumerations, '1234 AB' for postcodes."""
    cellen: list[Any] = []
    sector = (sector_van or {}).get(getattr(rij, "opleiding", ""))
    for kol in blad.kolommen:
        waarde = getattr(rij, kol.veld)
        if blad is OPLEIDINGEN and kol.veld in KENMERKKOLOMMEN:
            lijst = kenmerklijst(kol.veld, sector)
            waarde = "; ".join(_labels(lijst, waarde if isinstance(waarde, list) else [waarde] if waarde else []))
        elif blad is CONTACTEN and kol.veld == "context":
            waarde = context_label(waarde)
        elif kol.soort == "lijst":
            waarde = "; ".join(waarde)
        elif kol.soort == "postcode":
            waarde = toon_postcode(waarde)
        cellen.append(waarde)
    return cellen


# --- The workbook ----------------------------------------------------------------------------------------------

def instructie(bestuur: Onderwijsbestuur, peildatum: date) -> list[str]:
    return [
        f"Blauwdruk van onderwijsbestuur {bestuur.code}, ingevuld met de registratie op {datum(peildatum)}.",
        "",
        "Zo werkt het",
        "1. Pas de bladen Aanbieders, Locaties, Aangeboden opleidingen en Contactgegevens aan.",
        "2. Upload het bestand in het portaal (Mijn organisatie → Blauwdruk → Blauwdruk uploaden).",
        "3. Het portaal meldt elk probleem met blad, rij en kolom. Herstel het en upload opnieuw.",
        "4. U ziet het verschil met de huidige registratie. Pas de blauwdruk toe met een ingangsdatum, bewaar hem "
        "als concept, of verwerp hem. Toepassen gaat in één keer: alles of niets.",
        "",
        "Regels",
        "- Laat de code in de eerste kolom staan: zo weet het portaal welke rij bij welk bestaand object hoort. "
        "Een rij zonder code is nieuw.",
        "- Een rij weghalen beëindigt niets: het object blijft zoals het is. Beëindigen doet u met de kolom "
        "Einddatum (de laatste dag, bijvoorbeeld 31-07-2027).",
        "- Data typt u als dd-mm-jjjj, bijvoorbeeld 01-08-2027, of als datum in Excel.",
        "- Gebruik geen formules en voeg geen cellen samen: de waarde moet in de cel zelf staan.",
        "- Namen van aanbieders zijn uniek. In de andere bladen verwijst u naar een aanbieder met zijn code of "
        "zijn naam, en naar een locatie met haar code of een BRIN6 uit het blad Locaties.",
        "- Meerdere waarden in één cel (BRIN's, doelgroepen so/vso, samenwerkende aanbieders) scheidt u met ;",
        "- Keuzelijsten staan in de kolommen met een vaste lijst. Het blad Erkenningen toont uw BRIN4's en BRIN6's "
        "met hun adressen (alleen ter informatie).",
        "- Kolommen die het portaal niet kent, worden genegeerd (u krijgt een waarschuwing). Verander de "
        "kolomkoppen en de namen van de bladen niet.",
        f"- Hoogstens {max_rijen()} rijen per blad en {max_bytes() // (1024 * 1024)} MB per bestand.",
        "- Wat een blauwdruk niet bevat, blijft ongewijzigd: groepen, contactgegevens van groepen, geplande "
        "naamswijzigingen.",
        "- Bestaande codes, oprichtings- en begindata, het adres van een bestaande locatie en de aanbieder en "
        "opleiding van een bestaande aangeboden opleiding kunnen niet wijzigen: voeg dan een nieuwe rij toe.",
        "- Een nieuwe naam of nieuwe kenmerken gaan in op de ingangsdatum die u kiest bij het toepassen. Een BRIN "
        "die u weghaalt, blijft gekoppeld tot en met die ingangsdatum.",
    ]


def _erkenningen(bestuur: Onderwijsbestuur, peildatum: date) -> tuple[list[Instellingserkenning],
                                                                     list[Vestigingserkenning]]:
    instellingen = [i for i in Instellingserkenning.objects.filter(bevoegd_gezag=bestuur.bevoegd_gezag_id)
                    .order_by("code") if i.is_actief_op(peildatum)]
    vestigingen = [v for v in Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=bestuur.bevoegd_gezag_id)
                   .select_related("instelling").order_by("code") if v.is_actief_op(peildatum)]
    return instellingen, vestigingen


def _keuzelijsten(blauwdruk: Blauwdruk, brin4: Sequence[str], brin6: Sequence[str],
                  opleidingen: Sequence[str]) -> dict[str, list[str]]:
    def uniek(*lijsten: Waardenlijst) -> list[str]:
        return list(dict.fromkeys(w.label for lijst in lijsten for w in lijst.waarden))

    def van_veld(veld: str) -> list[str]:
        return uniek(*dict.fromkeys(lijst for _, lijst in KENMERKKOLOMMEN[veld].values()))

    return {
        "BRIN4": list(brin4),
        "BRIN6": list(brin6),
        "Opleiding": list(opleidingen),
        "Doelgroep": van_veld("doelgroepen"),
        "Onderwijsconcept": uniek(ONDERWIJSCONCEPT),
        "Doorlopende leerlijn": van_veld("leerlijn"),
        "Bijzondere inrichting": van_veld("inrichting"),
        "Communicatiecontext": [c.label for c in COMMUNICATIECONTEXTEN],
        "Eenheid": [BESTUUR, *[a.naam for a in blauwdruk.aanbieders]],
        "Locatie": [*[loc.code for loc in blauwdruk.locaties if loc.code], *brin6],
    }


# Which column of which sheet gets which drop-down list; strict lists refuse other values, the others warn
# (a cell may hold several values, or a code instead of a name).
KEUZES: tuple[tuple[Blad, str, str, bool], ...] = (
    (AANBIEDERS, "brin4", "BRIN4", False),
    (LOCATIES, "brin6", "BRIN6", False),
    (OPLEIDINGEN, "opleiding", "Opleiding", True),
    (OPLEIDINGEN, "locatie", "Locatie", False),
    (OPLEIDINGEN, "doelgroepen", "Doelgroep", False),
    (OPLEIDINGEN, "onderwijsconcept", "Onderwijsconcept", True),
    (OPLEIDINGEN, "leerlijn", "Doorlopende leerlijn", True),
    (OPLEIDINGEN, "inrichting", "Bijzondere inrichting", True),
    (CONTACTEN, "context", "Communicatiecontext", True),
    (CONTACTEN, "eenheid", "Eenheid", False),
)


def schrijf_sjabloon(bestuur: Onderwijsbestuur, peildatum: date) -> bytes:
    blauwdruk = uit_registratie(bestuur, peildatum)
    instellingen, vestigingen = _erkenningen(bestuur, peildatum)
    catalogus = list(Opleiding.objects.order_by("sector", "volgorde", "naam"))
    sector_van = {o.naam: o.sector for o in catalogus}
    lijsten = _keuzelijsten(blauwdruk, [i.code for i in instellingen], [v.code for v in vestigingen],
                            [o.naam for o in catalogus])

    schrijver = SjabloonSchrijver()
    schrijver.blad(INSTRUCTIE, [Kolom("Instructie", 120)])
    for regel in instructie(bestuur, peildatum):
        schrijver.schrijf(INSTRUCTIE, (regel,))
    for blad in GEGEVENSBLADEN:
        schrijver.blad(blad.titel, [Kolom(k.kop + (" *" if k.verplicht else ""), k.breedte) for k in blad.kolommen])
    for rij in blauwdruk.aanbieders:
        schrijver.schrijf(AANBIEDERS.titel, celwaarden(AANBIEDERS, rij))
    for rij in blauwdruk.locaties:
        schrijver.schrijf(LOCATIES.titel, celwaarden(LOCATIES, rij))
    for rij in blauwdruk.opleidingen:
        schrijver.schrijf(OPLEIDINGEN.titel, celwaarden(OPLEIDINGEN, rij, sector_van))
    for rij in blauwdruk.contacten:
        schrijver.schrijf(CONTACTEN.titel, celwaarden(CONTACTEN, rij))

    schrijver.blad(ERKENNINGEN, [Kolom("BRIN4", 8), Kolom("Instelling", 35), Kolom("BRIN6", 8),
                                 Kolom("Vestiging", 35), Kolom("Adres", 45)])
    for v in vestigingen:
        nummer = f"{v.huisnummer or ''}{'-' + v.huisnummertoevoeging if v.huisnummertoevoeging else ''}"
        adres = f"{v.straatnaam} {nummer}, {toon_postcode(v.postcode)} {v.plaatsnaam}".strip(" ,")
        schrijver.schrijf(ERKENNINGEN, (v.instelling.code, v.instelling.naam, v.code, v.naam, adres))
    gebruikte = {v.instelling_id for v in vestigingen}
    for i in instellingen:
        if i.pk not in gebruikte:
            schrijver.schrijf(ERKENNINGEN, (i.code, i.naam, "", "", ""))

    _schrijf_keuzelijsten(schrijver, lijsten)
    schrijver.verberg(KEUZELIJSTEN)
    uitvoer = io.BytesIO()
    schrijver.bewaar(uitvoer)
    return uitvoer.getvalue()


def _schrijf_keuzelijsten(schrijver: SjabloonSchrijver, lijsten: dict[str, list[str]]) -> None:
    namen = list(lijsten)
    schrijver.blad(KEUZELIJSTEN, [Kolom(n, 30) for n in namen])
    langste = max((len(v) for v in lijsten.values()), default=0)
    for i in range(langste):
        schrijver.schrijf(KEUZELIJSTEN, [lijsten[n][i] if i < len(lijsten[n]) else None for n in namen])
    for blad, veld, lijstnaam, streng in KEUZES:
        kolom = namen.index(lijstnaam) + 1
        letter = kolomletter(kolom)
        bron = f"{KEUZELIJSTEN}!${letter}$2:${letter}${max(2, len(lijsten[lijstnaam]) + 1)}"
        uitleg = (f"Kies uit de lijst ({lijstnaam})." if streng else
                  f"Kies uit de lijst ({lijstnaam}); meerdere waarden scheidt u met ;")
        nummer = [k.veld for k in blad.kolommen].index(veld) + 1
        schrijver.keuzelijst(blad.titel, nummer, bron, streng=streng, uitleg=uitleg)
    # The aanbieder of an opleiding: a name from the Aanbieders sheet itself, so new aanbieders are in the list too.
    naamkolom = kolomletter([k.veld for k in AANBIEDERS.kolommen].index("naam") + 1)
    schrijver.keuzelijst(OPLEIDINGEN.titel, [k.veld for k in OPLEIDINGEN.kolommen].index("aanbieder") + 1,
                         f"'{AANBIEDERS.titel}'!${naamkolom}$2:${naamkolom}${max_rijen() + 1}", streng=False,
                         uitleg="Kies een naam uit het blad Aanbieders, of typ de aanbiedercode.")
