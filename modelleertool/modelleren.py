"""Modelling a blauwdruk in the browser (issue 6, item 3): edit operations on a concept's content.

An operation changes a copy of the concept's content (``inhoud.Blauwdruk``). The result is then checked by the
same rules as an upload before anything is stored:
- ``lezer.Omzetter`` reads every row as if it were the cells of the template (types, required columns, codes and
  BRINs of the board, unique aanbieder names, references between the sheets, kenmerken per sector), and
  normalises the values as an upload does;
- ``verschil.bereken`` compares with the registration (fixed fields cannot change, no later einddatum).
Only problems the operation brings in refuse it, so a concept that starts from a registration with an old
problem can still be edited. When refused, nothing is stored (``RegelFout``, messages per form field).

The live register is never touched here: a concept is applied through the preview (``toepassen.pas_toe``).
Rows keep their number (``rij``): problems and the preview refer to it; a new row gets the next number.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext, ngettext

from kern.fouten import RegelFout
from kern.tijd import vandaag
from modelleertool.inhoud import (
    AANBIEDERS,
    BESTUUR,
    GEGEVENSBLADEN,
    LOCATIES,
    OPLEIDINGEN,
    AanbiederRij,
    Blad,
    LocatieRij,
    OpleidingRij,
    context_label,
    uit_registratie,
)
from modelleertool.inhoud import Blauwdruk as Inhoud
from modelleertool.lezer import FOUT, Kader, Omzetter, Probleem, RuweRij
from modelleertool.models import Blauwdruk
from modelleertool.verschil import LIJST_VAN, bereken
from registratie.models import Onderwijsbestuur
from registratie.services import audit
from registratie.services.regels import datum

EERSTE_RIJ = 2  # as in the template: row 1 holds the column headers


@dataclass(frozen=True)
class Bewerkt:
    """What an operation did: the message for the person, and the row it wrote (its problems go to the form)."""

    bericht: str
    blad: Blad | None = None
    rij: int | None = None


# --- How rows are addressed (the values of the forms' choices) ------------------------------------------------

def aanbieder_ref(rij: AanbiederRij) -> str:
    """As the other sheets refer to an aanbieder: its code, or its name while it is new."""
    return rij.code or rij.naam


def locatie_ref(rij: LocatieRij) -> str:
    """As an aangeboden opleiding refers to a locatie: its code, or its (first) BRIN6 while it is new."""
    return rij.code or (rij.brin6[0] if rij.brin6 else "")


def opleiding_sleutel(rij: OpleidingRij) -> str:
    """The code, or for a new row a fingerprint of its content (two identical new rows are interchangeable)."""
    if rij.code:
        return rij.code
    inhoud = {k: v for k, v in dataclasses.asdict(rij).items() if k != "rij"}
    return "nieuw-" + hashlib.sha256(json.dumps(inhoud, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _niet_gevonden(veld: str, wat: str) -> RegelFout:
    return RegelFout({veld: [gettext("Deze %(wat)s staat niet (meer) in het concept. Laad de pagina opnieuw en kies "
                                     "uit de lijst.") % {"wat": wat}]})


def _aanbieder(inhoud: Inhoud, ref: str, veld: str = "aanbieder") -> AanbiederRij:
    gevonden = next((a for a in inhoud.aanbieders if aanbieder_ref(a) == ref), None)
    if gevonden is None:
        raise _niet_gevonden(veld, gettext("aanbieder"))
    return gevonden


def _locatie(inhoud: Inhoud, ref: str, veld: str = "locatie") -> LocatieRij:
    gevonden = next((loc for loc in inhoud.locaties if locatie_ref(loc) == ref), None)
    if gevonden is None:
        raise _niet_gevonden(veld, gettext("locatie"))
    return gevonden


def _opleiding(inhoud: Inhoud, sleutel: str) -> OpleidingRij:
    gevonden = next((o for o in inhoud.opleidingen if opleiding_sleutel(o) == sleutel), None)
    if gevonden is None:
        raise _niet_gevonden("opleiding", gettext("aangeboden opleiding"))
    return gevonden


def _volgende(rijen: list[Any]) -> int:
    return max((r.rij for r in rijen), default=EERSTE_RIJ - 1) + 1


def nummer(inhoud: Inhoud) -> None:
    """Give rows without a number (fresh from the registration) the numbers the template would show."""
    for naam in LIJST_VAN.values():
        for i, rij in enumerate(getattr(inhoud, naam), start=EERSTE_RIJ):
            rij.rij = rij.rij or i


def _vanaf_vandaag(veld: str, d: date) -> None:
    if d < vandaag():
        raise RegelFout({veld: [gettext("De einddatum (%(datum)s) ligt in het verleden. Kies vandaag (%(vandaag)s) "
                                        "of later.") % {"datum": datum(d), "vandaag": datum(vandaag())}]})


def _einddatum(einddatum: date | None, wat: str) -> date:
    if einddatum is None:
        raise RegelFout({"einddatum": [gettext("Vul de einddatum in (de laatste dag). Een geregistreerde %(wat)s "
                                               "wordt niet verwijderd maar beëindigd.") % {"wat": wat}]})
    _vanaf_vandaag("einddatum", einddatum)
    return einddatum


def _opleidingen(n: int) -> str:
    return ngettext("%(n)s aangeboden opleiding", "%(n)s aangeboden opleidingen", n) % {"n": n}


# --- Aanbieders ----------------------------------------------------------------------------------------------

def voeg_aanbieder_toe(inhoud: Inhoud, *, naam: str, brin4: list[str], begindatum: date | None = None) -> Bewerkt:
    rij = AanbiederRij(naam=naam.strip(), brin4=sorted(set(brin4)), begindatum=begindatum,
                       rij=_volgende(inhoud.aanbieders))
    inhoud.aanbieders.append(rij)
    return Bewerkt(gettext("Aanbieder '%(naam)s' is aan het concept toegevoegd.") % {"naam": rij.naam}, AANBIEDERS,
                   rij.rij)


def hernoem_aanbieder(inhoud: Inhoud, *, aanbieder: str, naam: str) -> Bewerkt:
    rij = _aanbieder(inhoud, aanbieder)
    oud, naam = rij.naam, naam.strip()
    if naam == oud:
        raise RegelFout({"naam": [gettext("'%(naam)s' is al de naam van deze aanbieder. Typ de nieuwe naam.")
                                  % {"naam": naam}]})
    rij.naam = naam
    if not rij.code:  # a new aanbieder is referred to by its name: follow the rename
        for o in inhoud.opleidingen:
            o.aanbieder = naam if o.aanbieder == oud else o.aanbieder
        for c in inhoud.contacten:
            c.eenheid = naam if c.eenheid == oud else c.eenheid
    return Bewerkt(gettext("Aanbieder '%(oud)s' heet in het concept nu '%(naam)s'.") % {"oud": oud, "naam": naam},
                   AANBIEDERS, rij.rij)


def haal_aanbieder_weg(inhoud: Inhoud, *, aanbieder: str, einddatum: date | None = None) -> Bewerkt:
    """A new aanbieder leaves the concept with its opleidingen and contacts; a registered one is ended."""
    rij = _aanbieder(inhoud, aanbieder)
    if rij.code:
        rij.einddatum = _einddatum(einddatum, gettext("aanbieder"))
        return Bewerkt(gettext("Aanbieder '%(naam)s' wordt in het concept beëindigd per %(datum)s; zijn aangeboden "
                               "opleidingen en contactgegevens eindigen dan mee.")
                       % {"naam": rij.naam, "datum": datum(rij.einddatum)}, AANBIEDERS, rij.rij)
    ref = aanbieder_ref(rij)
    inhoud.aanbieders.remove(rij)
    weg = [o for o in inhoud.opleidingen if o.aanbieder == ref]
    inhoud.opleidingen = [o for o in inhoud.opleidingen if o.aanbieder != ref]
    inhoud.contacten = [c for c in inhoud.contacten if c.eenheid != ref]
    if weg:
        return Bewerkt(gettext("Aanbieder '%(naam)s' is uit het concept verwijderd, met %(opleidingen)s.")
                       % {"naam": rij.naam, "opleidingen": _opleidingen(len(weg))})
    return Bewerkt(gettext("Aanbieder '%(naam)s' is uit het concept verwijderd.") % {"naam": rij.naam})


# --- Locaties ------------------------------------------------------------------------------------------------

def voeg_locatie_toe(inhoud: Inhoud, *, brin6: str, straatnaam: str = "", huisnummer: int | None = None,
                     toevoeging: str = "", postcode: str = "", plaatsnaam: str = "",
                     begindatum: date | None = None) -> Bewerkt:
    """A locatie with a BRIN6 of the board; without an address it is the address DUO has for that BRIN6."""
    bezet = next((loc for loc in inhoud.locaties if brin6 in loc.brin6 and loc.einddatum is None), None)
    if bezet is not None:
        raise RegelFout({"brin6": [gettext("BRIN6 %(brin6)s hoort in dit concept al bij locatie %(locatie)s. Kies een "
                                           "andere BRIN6, of gebruik die locatie.")
                                   % {"brin6": brin6, "locatie": locatie_ref(bezet)}]})
    if bool(postcode.strip()) != (huisnummer is not None):
        veld = "huisnummer" if postcode.strip() else "postcode"
        raise RegelFout({veld: [gettext("Vul postcode én huisnummer in, of laat het adres leeg: dan geldt het adres "
                                        "dat DUO bij de BRIN6 heeft.")]})
    rij = LocatieRij(brin6=[brin6], straatnaam=straatnaam.strip(), huisnummer=huisnummer,
                     toevoeging=toevoeging.strip(), postcode=postcode.strip(), plaatsnaam=plaatsnaam.strip(),
                     begindatum=begindatum, rij=_volgende(inhoud.locaties))
    inhoud.locaties.append(rij)
    return Bewerkt(gettext("Locatie met BRIN6 %(brin6)s is aan het concept toegevoegd.") % {"brin6": brin6},
                   LOCATIES, rij.rij)


def haal_locatie_weg(inhoud: Inhoud, *, locatie: str, einddatum: date | None = None) -> Bewerkt:
    rij = _locatie(inhoud, locatie)
    if rij.code:
        rij.einddatum = _einddatum(einddatum, gettext("locatie"))
        return Bewerkt(gettext("Locatie %(code)s wordt in het concept beëindigd per %(datum)s.")
                       % {"code": rij.code, "datum": datum(rij.einddatum)}, LOCATIES, rij.rij)
    gebruikt = [o for o in inhoud.opleidingen if o.locatie == locatie]
    if gebruikt:
        raise RegelFout({"locatie": [gettext("Op deze locatie staan in het concept %(opleidingen)s. Verplaats of "
                                             "verwijder die eerst.") % {"opleidingen": _opleidingen(len(gebruikt))}]})
    inhoud.locaties.remove(rij)
    return Bewerkt(gettext("De nieuwe locatie met BRIN6 %(brin6)s is uit het concept verwijderd.") % {"brin6": locatie})


# --- Aangeboden opleidingen ------------------------------------------------------------------------------------

def voeg_opleiding_toe(inhoud: Inhoud, *, aanbieder: str, opleiding: str, locatie: str, doelgroepen: list[str],
                       eigen_naam: str = "", begindatum: date | None = None) -> Bewerkt:
    _aanbieder(inhoud, aanbieder)
    if locatie:
        _locatie(inhoud, locatie)
    rij = OpleidingRij(aanbieder=aanbieder, opleiding=opleiding, locatie=locatie, eigen_naam=eigen_naam.strip(),
                       begindatum=begindatum, doelgroepen=list(doelgroepen), rij=_volgende(inhoud.opleidingen))
    inhoud.opleidingen.append(rij)
    return Bewerkt(gettext("Aangeboden opleiding %(naam)s is aan het concept toegevoegd.")
                   % {"naam": rij.eigen_naam or opleiding}, OPLEIDINGEN, rij.rij)


def haal_opleiding_weg(inhoud: Inhoud, *, opleiding: str, einddatum: date | None = None) -> Bewerkt:
    rij = _opleiding(inhoud, opleiding)
    naam = rij.eigen_naam or rij.opleiding
    if rij.code:
        rij.einddatum = _einddatum(einddatum, gettext("aangeboden opleiding"))
        return Bewerkt(gettext("Aangeboden opleiding %(naam)s wordt in het concept beëindigd per %(datum)s.")
                       % {"naam": naam, "datum": datum(rij.einddatum)}, OPLEIDINGEN, rij.rij)
    inhoud.opleidingen.remove(rij)
    return Bewerkt(gettext("De nieuwe aangeboden opleiding %(naam)s is uit het concept verwijderd.") % {"naam": naam})


def verplaats_opleiding(inhoud: Inhoud, *, opleiding: str, aanbieder: str, locatie: str,
                        per: date | None = None) -> Bewerkt:
    """A new row simply moves. A registered one cannot change aanbieder or locatie (RIO needs a new object):
    it ends the day before ``per`` and a copy without code starts on ``per`` at the new place."""
    rij = _opleiding(inhoud, opleiding)
    _aanbieder(inhoud, aanbieder)
    if locatie:
        _locatie(inhoud, locatie)
    if (aanbieder, locatie) == (rij.aanbieder, rij.locatie):
        raise RegelFout({NON_FIELD_ERRORS: [gettext("De opleiding staat al bij deze aanbieder op deze locatie. Kies "
                                                    "een andere aanbieder of locatie.")]})
    naam = rij.eigen_naam or rij.opleiding
    if not rij.code:
        rij.aanbieder, rij.locatie = aanbieder, locatie
        return Bewerkt(gettext("Aangeboden opleiding %(naam)s is in het concept verplaatst.") % {"naam": naam},
                       OPLEIDINGEN, rij.rij)
    if per is None:
        raise RegelFout({"per": [gettext("Vul in per wanneer. Een geregistreerde aangeboden opleiding eindigt op de "
                                         "oude plek de dag ervoor en begint op deze datum op de nieuwe plek.")]})
    if per <= vandaag():
        raise RegelFout({"per": [gettext("Kies een datum na vandaag (%(vandaag)s): de opleiding loopt op de oude "
                                         "plek tot en met de dag ervoor, en die dag mag niet in het verleden liggen.")
                                 % {"vandaag": datum(vandaag())}]})
    if rij.einddatum is not None and per > rij.einddatum:
        raise RegelFout({"per": [gettext("De opleiding eindigt al op %(datum)s. Kies die datum of eerder.")
                                 % {"datum": datum(rij.einddatum)}]})
    kopie = dataclasses.replace(rij, code="", aanbieder=aanbieder, locatie=locatie, begindatum=per,
                                eerste_instroomdatum=None, rij=_volgende(inhoud.opleidingen))
    rij.einddatum = per - timedelta(days=1)
    inhoud.opleidingen.append(kopie)
    return Bewerkt(gettext("Aangeboden opleiding %(naam)s eindigt in het concept op de oude plek op %(eind)s en "
                           "begint op %(per)s op de nieuwe plek.")
                   % {"naam": naam, "eind": datum(rij.einddatum), "per": datum(per)}, OPLEIDINGEN, kopie.rij)


HANDELINGEN: dict[str, Callable[..., Bewerkt]] = {
    "aanbieder_toevoegen": voeg_aanbieder_toe, "aanbieder_hernoemen": hernoem_aanbieder,
    "aanbieder_weghalen": haal_aanbieder_weg, "locatie_toevoegen": voeg_locatie_toe,
    "locatie_weghalen": haal_locatie_weg, "opleiding_toevoegen": voeg_opleiding_toe,
    "opleiding_weghalen": haal_opleiding_weg, "opleiding_verplaatsen": verplaats_opleiding,
}


# --- The rules of the upload --------------------------------------------------------------------------------------

def _als_cellen(blad: Blad, rij: Any) -> RuweRij:
    """A row as the template's cells would hold it: lists joined with ';', empty cells left out."""
    cellen: dict[str, tuple[Any, str, str]] = {}
    for kol in blad.kolommen:
        waarde = getattr(rij, kol.veld)
        if waarde is None or waarde == "" or waarde == []:
            continue
        if isinstance(waarde, list):
            waarde = "; ".join(str(w) for w in waarde)
        soort = "d" if isinstance(waarde, date) else "n" if isinstance(waarde, int) else "s"
        cellen[kol.veld] = (waarde, soort, kol.kop)
    return RuweRij(rij.rij, cellen)


def controleer(inhoud: Inhoud, kader: Kader) -> tuple[Inhoud, list[Probleem]]:
    """The content read by the upload's Omzetter: the normalised rows and every error."""
    omzetter = Omzetter(kader)
    gelezen = omzetter.zet_om({blad.titel: [_als_cellen(blad, r) for r in getattr(inhoud, LIJST_VAN[blad.titel])]
                               for blad in GEGEVENSBLADEN})
    return gelezen, [p for p in omzetter.problemen if p.ernst == FOUT]


def _samengevoegd(invoer: Inhoud, gelezen: Inhoud, problemen: list[Probleem]) -> Inhoud:
    """The normalised rows, except a row with a (pre-existing) error: that one is kept as it was, so reading it
    cannot drop the value it could not read."""
    fout = {(p.blad, p.rij) for p in problemen}
    uit = Inhoud()
    for blad in GEGEVENSBLADEN:
        naam = LIJST_VAN[blad.titel]
        setattr(uit, naam, [oud if (blad.titel, oud.rij) in fout else nieuw
                            for oud, nieuw in zip(getattr(invoer, naam), getattr(gelezen, naam), strict=True)])
    return uit


def beschrijf(blad: str, rij: Any, inhoud: Inhoud) -> str:
    """A row as a person recognises it in the browser (instead of 'blad X, rij N')."""
    if blad == AANBIEDERS.titel:
        return (gettext("aanbieder '%(naam)s' (%(code)s)") if rij.code else gettext("aanbieder '%(naam)s'")) % {
            "naam": rij.naam, "code": rij.code}
    if blad == LOCATIES.titel:
        return (gettext("locatie %(code)s") % {"code": rij.code} if rij.code else
                gettext("nieuwe locatie met BRIN6 %(brin6)s") % {"brin6": ", ".join(rij.brin6)})
    if blad == OPLEIDINGEN.titel:
        aanbieder = next((a.naam for a in inhoud.aanbieders if aanbieder_ref(a) == rij.aanbieder), rij.aanbieder)
        return gettext("aangeboden opleiding %(naam)s van '%(aanbieder)s'") % {
            "naam": rij.eigen_naam or rij.opleiding, "aanbieder": aanbieder}
    eenheid = gettext("het bestuur") if rij.eenheid == BESTUUR else rij.eenheid
    return gettext("contactgegevens %(context)s van %(eenheid)s") % {
        "context": str(context_label(rij.context)).lower(), "eenheid": eenheid}


def _rij_in(inhoud: Inhoud, blad: str, nummer_: int | None) -> Any:
    lijst = next((getattr(inhoud, n) for t, n in LIJST_VAN.items() if t == blad), [])
    return next((r for r in lijst if r.rij == nummer_), None)


def _zonder_rijnummers(bericht: str, blad: str, inhoud: Inhoud) -> str:
    """'... staat ook in rij 3' becomes '... staat ook bij aanbieder 'X'': the browser shows no row numbers."""
    def vervang(treffer: re.Match[str]) -> str:
        rij = _rij_in(inhoud, blad, int(treffer.group(1)))
        return gettext("bij %(wat)s") % {"wat": beschrijf(blad, rij, inhoud)} if rij is not None else treffer.group(0)

    # The pattern in the active language: the message was translated when it was made.
    return re.sub(re.escape(gettext("in rij")) + r" (\d+)", vervang, bericht)


def _als_formulierfouten(problemen: list[Probleem], bewerkt: Bewerkt, inhoud: Inhoud) -> RegelFout:
    """Problems of the edited row go to the form field of their column; others say which row they are about."""
    fouten: dict[str, list[str]] = {}
    for p in problemen:
        bericht = _zonder_rijnummers(p.bericht, p.blad, inhoud)
        if bewerkt.blad is not None and p.blad == bewerkt.blad.titel and p.rij == bewerkt.rij:
            veld = next((k.veld for k in bewerkt.blad.kolommen if k.kop == p.kolom), NON_FIELD_ERRORS)
            fouten.setdefault(veld, []).append(bericht)
        else:
            rij = _rij_in(inhoud, p.blad, p.rij)
            wie = beschrijf(p.blad, rij, inhoud) if rij is not None else p.plek
            fouten.setdefault(NON_FIELD_ERRORS, []).append(f"{wie[:1].upper()}{wie[1:]}: {bericht}")
    return RegelFout(fouten)


def _problemen(inhoud: Inhoud, kader: Kader) -> tuple[Inhoud, list[Probleem]]:
    gelezen, problemen = controleer(inhoud, kader)
    return _samengevoegd(inhoud, gelezen, problemen), problemen


# --- Entry points --------------------------------------------------------------------------------------------

def niet_bewerkbaar(blauwdruk: Blauwdruk) -> str:
    return gettext("Deze blauwdruk is al %(status)s; alleen een concept kan worden gewijzigd. Maak een nieuw concept "
                   "in de browser, of upload een nieuw bestand.") % {"status": blauwdruk.get_status_display()}


def nieuw_concept(bestuur: Onderwijsbestuur, *, door) -> Blauwdruk:
    """A concept made in the browser, starting from the registration of today (read only)."""
    inhoud = uit_registratie(bestuur, vandaag())
    nummer(inhoud)
    return Blauwdruk.objects.create(
        bestuur=bestuur, naam=gettext("Concept van %(datum)s") % {"datum": datum(vandaag())},
        bron=Blauwdruk.Bron.BROWSER,
        inhoud=inhoud.naar_json(), aangemaakt_door=door if getattr(door, "pk", None) else None,
        aangemaakt_door_naam=audit.gebruikersnaam(door))


@transaction.atomic
def bewerk(blauwdruk: Blauwdruk, handeling: str, **gegevens: Any) -> str:
    """Apply one operation to a concept and store it when it brings in no problem; returns the message.
    Raises RegelFout (and stores nothing) otherwise."""
    concept = Blauwdruk.objects.select_for_update().select_related("bestuur").get(pk=blauwdruk.pk)
    if not concept.is_concept:
        raise RegelFout({NON_FIELD_ERRORS: [niet_bewerkbaar(concept)]})
    if handeling not in HANDELINGEN:
        raise RegelFout({NON_FIELD_ERRORS: [gettext("Onbekende bewerking. Kies een van de formulieren op de pagina.")]})
    bestuur, kader = concept.bestuur, Kader.voor(concept.bestuur)
    inhoud = Inhoud.van_json(concept.inhoud)
    nummer(inhoud)
    _, al_fout = _problemen(inhoud, kader)
    al_niet_toepasbaar = bereken(bestuur, inhoud).problemen
    bewerkt = HANDELINGEN[handeling](inhoud, **gegevens)
    nieuw, problemen = _problemen(inhoud, kader)
    erbij = [p for p in problemen if p not in al_fout]
    if not erbij:
        erbij = [p for p in bereken(bestuur, nieuw).problemen if p not in al_niet_toepasbaar]
    if erbij:
        raise _als_formulierfouten(erbij, bewerkt, inhoud)
    concept.inhoud = nieuw.naar_json()
    concept.save(update_fields=["inhoud"])
    return f"{bewerkt.bericht} {gettext('De registratie is niet gewijzigd.')}"
