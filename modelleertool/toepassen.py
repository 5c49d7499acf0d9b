"""Applying a blauwdruk: every change of the diff through the same domain services as the screens (so every
change is checked by the same rules and audited), in one transaction: all or nothing.

Order: new locaties, locatie changes, new aanbieders, aanbieder changes, new and changed aangeboden
opleidingen, new and changed contactgegevens; then the endings (contacts, opleidingen, aanbieders, locaties).
A service that refuses rolls back its own savepoint; the others still run so the user sees every problem at
once; then the whole transaction is rolled back when there was any problem.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from autorisatie.toegang import Actie
from kern.fouten import Conflict, RegelFout
from kern.tijd import vandaag
from modelleertool.inhoud import AANBIEDERS, BESTUUR, CONTACTEN, LOCATIES, OPLEIDINGEN
from modelleertool.inhoud import Blauwdruk as Inhoud
from modelleertool.models import Blauwdruk
from modelleertool.verschil import BEEINDIGD, GEWIJZIGD, NIEUW, Verschil, Wijziging, bereken
from modelleertool.vingerafdruk import vingerafdruk
from registratie.domein.enumeraties import Sector
from registratie.models import (
    AangebodenOpleiding,
    Contactgegevens,
    Instellingserkenning,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Opleiding,
    Vestigingserkenning,
)
from registratie.services import audit
from registratie.services import contact as contact_services
from registratie.services import locatie as locatie_services
from registratie.services import opleiding as opleiding_services
from registratie.services import organisatie as organisatie_services
from registratie.services.regels import datum
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE, vergrendel_register

# The services get no versie from a blauwdruk: it is bound to the reviewed difference as a whole instead (vingerafdruk).
GEEN_VERSIE = ZONDER_VERSIECONTROLE

ACTIE_PER_BLAD = {AANBIEDERS.titel: Actie.BEHEREN_AANBIEDER, LOCATIES.titel: Actie.BEHEREN_LOCATIEGEBRUIK,
                  OPLEIDINGEN.titel: Actie.BEHEREN_OPLEIDING, CONTACTEN.titel: Actie.BEHEREN_CONTACT}


class ToepassenMislukt(Exception):
    """Nothing was applied; ``fouten`` says why, each with the sheet and row it comes from."""

    def __init__(self, fouten: list[str]) -> None:
        super().__init__("; ".join(fouten))
        self.fouten = fouten


class VerschilVeranderd(ToepassenMislukt):
    """The difference is no longer the one the user reviewed: someone changed the register or the concept."""

    BERICHT = gettext_noop("Het verschil is veranderd sinds u het bekeek: iemand heeft de registratie of dit concept "
                           "intussen gewijzigd. Er is niets toegepast. Bekijk het nieuwe verschil hieronder en pas de "
                           "blauwdruk dan opnieuw toe.")

    def __init__(self) -> None:
        super().__init__([gettext(self.BERICHT)])  # raised in a request: its language


def benodigde_acties(verschil: Verschil) -> list[Actie]:
    """The roles applying needs: managing aanbieders always (the modelleertool's own role), and the role of
    every kind of object the blauwdruk changes."""
    acties = [Actie.BEHEREN_AANBIEDER]
    for wijziging in verschil.wijzigingen:
        actie = ACTIE_PER_BLAD[wijziging.blad]
        if actie not in acties:
            acties.append(actie)
    return acties


def controleer_ingangsdatum(ingangsdatum: date) -> list[str]:
    if ingangsdatum < vandaag():
        return [gettext("De ingangsdatum (%(datum)s) ligt in het verleden. Kies vandaag (%(vandaag)s) of een latere "
                        "datum.") % {"datum": datum(ingangsdatum), "vandaag": datum(vandaag())}]
    return []


@transaction.atomic
def pas_toe(blauwdruk: Blauwdruk, *, door, ingangsdatum: date, bekeken: str) -> Verschil:
    """Apply a concept blauwdruk to its board; raises ToepassenMislukt (and changes nothing) on any problem.

    ``bekeken`` is the vingerafdruk of the difference the user reviewed; when the difference computed here, inside
    the transaction, has another one, VerschilVeranderd is raised and nothing is applied."""
    blauwdruk = Blauwdruk.objects.select_for_update().select_related("bestuur").get(pk=blauwdruk.pk)
    if not blauwdruk.is_concept:
        raise ToepassenMislukt([gettext("Deze blauwdruk is al %(status)s; alleen een concept kan worden toegepast.")
                                % {"status": blauwdruk.get_status_display()}])
    fouten = controleer_ingangsdatum(ingangsdatum)
    vergrendel_register(blauwdruk.bestuur)  # from here until commit no colleague's save slips in unseen
    verschil = bereken(blauwdruk.bestuur, Inhoud.van_json(blauwdruk.inhoud))
    if vingerafdruk(verschil) != bekeken:
        raise VerschilVeranderd
    fouten += [f"{p.plek}: {p.bericht}" for p in verschil.problemen]
    if fouten:
        raise ToepassenMislukt(fouten)
    if verschil.leeg:
        raise ToepassenMislukt([gettext("De blauwdruk is gelijk aan de registratie: er is niets toe te passen.")])
    uitvoerder = Uitvoerder(blauwdruk.bestuur, door, ingangsdatum)
    uitvoerder.voer_uit(verschil)
    if uitvoerder.fouten:
        raise ToepassenMislukt(uitvoerder.fouten)  # leaving the atomic block rolls back every change above
    blauwdruk.status = Blauwdruk.Status.TOEGEPAST
    blauwdruk.toegepast_door = door if getattr(door, "pk", None) else None
    blauwdruk.toegepast_door_naam = audit.gebruikersnaam(door)
    blauwdruk.toegepast_op = timezone.now()
    blauwdruk.ingangsdatum = ingangsdatum
    blauwdruk.save(update_fields=["status", "toegepast_door", "toegepast_door_naam", "toegepast_op",
                                  "ingangsdatum"])
    return verschil


class Uitvoerder:
    def __init__(self, bestuur: Onderwijsbestuur, door, ingangsdatum: date) -> None:
        self.bestuur = bestuur
        self.door = door
        self.ingangsdatum = ingangsdatum
        self.fouten: list[str] = []
        self.aanbieders: dict[str, Onderwijsaanbieder] = {}  # code or name (new ones) → aanbieder
        self.locaties: dict[str, Onderwijslocatie] = {}  # code or first BRIN6 (new ones) → locatie

    # -- running one step -----------------------------------------------------------------------------------
    def stap(self, wijziging: Wijziging, actie: Callable[[], Any]) -> Any:
        try:
            with transaction.atomic():  # a savepoint per step: a refusal undoes only that step, the rest goes on
                return actie()
        except RegelFout as fout:
            for bericht in fout.messages:
                self.fouten.append(gettext("Blad %(blad)s, rij %(rij)s (%(wat)s): %(bericht)s") % {
                    "blad": wijziging.blad, "rij": wijziging.rij, "wat": wijziging.omschrijving, "bericht": bericht})
        except Conflict as conflict:
            self.fouten.append(gettext("Blad %(blad)s, rij %(rij)s: %(bericht)s") % {
                "blad": wijziging.blad, "rij": wijziging.rij, "bericht": conflict.bericht})
        return None

    def voer_uit(self, verschil: Verschil) -> None:
        for blad, soort, functie in (
            (LOCATIES, NIEUW, self.nieuwe_locatie), (LOCATIES, GEWIJZIGD, self.wijzig_locatie),
            (AANBIEDERS, NIEUW, self.nieuwe_aanbieder), (AANBIEDERS, GEWIJZIGD, self.wijzig_aanbieder),
            (OPLEIDINGEN, NIEUW, self.nieuwe_opleiding), (OPLEIDINGEN, GEWIJZIGD, self.wijzig_opleiding),
            (CONTACTEN, NIEUW, self.nieuw_contact), (CONTACTEN, GEWIJZIGD, self.wijzig_contact),
            (CONTACTEN, BEEINDIGD, self.beeindig_contact), (OPLEIDINGEN, BEEINDIGD, self.beeindig_opleiding),
            (AANBIEDERS, BEEINDIGD, self.beeindig_aanbieder), (LOCATIES, BEEINDIGD, self.beeindig_locatie),
        ):
            for wijziging in verschil.van(blad, soort):
                self.stap(wijziging, lambda w=wijziging, f=functie: f(w))

    # -- lookups ----------------------------------------------------------------------------------------------
    def begin(self, rij: Any) -> date:
        return rij.begindatum or self.ingangsdatum

    def aanbieder(self, ref: str) -> Onderwijsaanbieder:
        if ref not in self.aanbieders:
            gevonden = Onderwijsaanbieder.objects.filter(bestuur=self.bestuur, code=ref).first()
            if gevonden is None:
                raise RegelFout({"aanbieder": [gettext("Aanbieder '%(ref)s' is niet geregistreerd (zie de fout bij "
                                                       "die aanbieder).") % {"ref": ref}]})
            self.aanbieders[ref] = gevonden
        return self.aanbieders[ref]

    def locatie(self, ref: str) -> Onderwijslocatie | None:
        if not ref:
            return None
        if ref not in self.locaties:
            gebruik = Onderwijslocatiegebruik.objects.filter(bestuur=self.bestuur, locatie__code=ref).first()
            if gebruik is None:
                raise RegelFout({"locatie": [gettext("Locatie '%(ref)s' is niet geregistreerd (zie de fout bij die "
                                                     "locatie).") % {"ref": ref}]})
            self.locaties[ref] = gebruik.locatie
        return self.locaties[ref]

    def gebruik(self, code: str) -> Onderwijslocatiegebruik:
        return Onderwijslocatiegebruik.objects.select_related("bestuur", "locatie").get(bestuur=self.bestuur,
                                                                                        locatie__code=code)

    def vestiging(self, code: str) -> Vestigingserkenning:
        return Vestigingserkenning.objects.select_related("instelling").get(
            code=code, instelling__bevoegd_gezag=self.bestuur.bevoegd_gezag_id)

    def instelling(self, code: str) -> Instellingserkenning:
        return Instellingserkenning.objects.get(code=code, bevoegd_gezag=self.bestuur.bevoegd_gezag_id)

    # -- locaties ---------------------------------------------------------------------------------------------
    def nieuwe_locatie(self, w: Wijziging) -> None:
        rij = w.nieuw
        vestigingen = [self.vestiging(c) for c in rij.brin6]
        begin = self.begin(rij)
        gebruik = locatie_services.registreer_locatiegebruik(
            self.bestuur, door=self.door, postcode=rij.postcode, huisnummer=rij.huisnummer,
            huisnummertoevoeging=rij.toevoeging, straatnaam=rij.straatnaam, plaatsnaam=rij.plaatsnaam,
            begindatum=begin, vestiging=vestigingen[0] if vestigingen else None)
        for vestiging in vestigingen[1:]:
            locatie_services.voeg_vestiging_toe(gebruik, door=self.door, vestiging=vestiging,
                                                begindatum=max(begin, vandaag()))
        if rij.brin6:
            self.locaties[rij.brin6[0]] = gebruik.locatie
        if rij.einddatum:
            locatie_services.beeindig_locatiegebruik(gebruik, door=self.door, versie=GEEN_VERSIE,
                                                     einddatum=rij.einddatum)

    def wijzig_locatie(self, w: Wijziging) -> None:
        gebruik = self.gebruik(w.sleutel)
        erbij = set(w.nieuw.brin6) - set(w.oud.brin6)
        eraf = set(w.oud.brin6) - set(w.nieuw.brin6)
        for code in sorted(erbij):
            locatie_services.voeg_vestiging_toe(gebruik, door=self.door, vestiging=self.vestiging(code),
                                                begindatum=self.ingangsdatum)
        for code in sorted(eraf):
            for relatie in gebruik.vestigingsrelaties.filter(vestiging__code=code).exclude(
                    einddatum__lt=self.ingangsdatum):
                locatie_services.beeindig_vestigingsrelatie(relatie, door=self.door, einddatum=self.ingangsdatum)

    def beeindig_locatie(self, w: Wijziging) -> None:
        locatie_services.beeindig_locatiegebruik(self.gebruik(w.sleutel), door=self.door, versie=GEEN_VERSIE,
                                                 einddatum=w.nieuw.einddatum)

    # -- aanbieders -------------------------------------------------------------------------------------------
    def nieuwe_aanbieder(self, w: Wijziging) -> None:
        rij = w.nieuw
        aanbieder = organisatie_services.registreer_aanbieder(
            self.bestuur, door=self.door, naam=rij.naam, internationale_naam=rij.internationale_naam,
            begindatum=self.begin(rij), instellingen=[self.instelling(c) for c in rij.brin4])
        self.aanbieders[rij.naam] = aanbieder
        if rij.einddatum:
            organisatie_services.beeindig_aanbieder(aanbieder, door=self.door, versie=GEEN_VERSIE,
                                                    einddatum=rij.einddatum)

    def wijzig_aanbieder(self, w: Wijziging) -> None:
        aanbieder = self.aanbieder(w.sleutel)
        rij, oud = w.nieuw, w.oud
        if (rij.naam, rij.internationale_naam) != (oud.naam, oud.internationale_naam):
            aanbieder = organisatie_services.wijzig_aanbieder(
                aanbieder, door=self.door, versie=GEEN_VERSIE, ingangsdatum=self.ingangsdatum, naam=rij.naam,
                internationale_naam=rij.internationale_naam, groep=aanbieder.groep)
        for code in sorted(set(rij.brin4) - set(oud.brin4)):
            organisatie_services.voeg_juridische_relatie_toe(
                aanbieder, door=self.door, instelling=self.instelling(code), begindatum=self.ingangsdatum)
        for code in sorted(set(oud.brin4) - set(rij.brin4)):
            for relatie in aanbieder.juridische_relaties.filter(instelling__code=code).exclude(
                    einddatum__lt=self.ingangsdatum):
                organisatie_services.beeindig_juridische_relatie(relatie, door=self.door, einddatum=self.ingangsdatum)

    def beeindig_aanbieder(self, w: Wijziging) -> None:
        organisatie_services.beeindig_aanbieder(self.aanbieder(w.sleutel), door=self.door, versie=GEEN_VERSIE,
                                                einddatum=w.nieuw.einddatum)

    # -- aangeboden opleidingen -------------------------------------------------------------------------------
    def nieuwe_opleiding(self, w: Wijziging) -> None:
        rij = w.nieuw
        opleiding = Opleiding.objects.get(naam=rij.opleiding)
        opleiding_services.registreer_aangeboden_opleiding(
            self.aanbieder(rij.aanbieder), door=self.door, opleiding=opleiding, locatie=self.locatie(rij.locatie),
            begindatum=self.begin(rij), eerste_instroomdatum=rij.eerste_instroomdatum, einddatum=rij.einddatum,
            eigen_naam=rij.eigen_naam, internationale_naam=rij.internationale_naam, omschrijving=rij.omschrijving,
            kenmerken=rij.kenmerken(Sector(opleiding.sector)), samenwerkende_aanbieders=rij.samenwerkende)

    def _ao(self, code: str) -> AangebodenOpleiding:
        ao = AangebodenOpleiding.objects.select_related("aanbieder__bestuur", "opleiding").get(
            code=code, aanbieder__bestuur=self.bestuur)
        if ao.samenwerkingsbestuur_id is not None:  # samenwerkingsschool (docs/adr/0011): the other board keeps it
            raise RegelFout({"code": [gettext("Deze aangeboden opleiding houdt bestuur %(code)s bij "
                                              "(samenwerkingsschool); een blauwdruk van uw bestuur wijzigt haar niet.")
                                      % {"code": ao.samenwerkingsbestuur.code}]})
        return ao

    def wijzig_opleiding(self, w: Wijziging) -> None:
        ao, rij = self._ao(w.sleutel), w.nieuw
        opleiding_services.wijzig_aangeboden_opleiding(
            ao, door=self.door, versie=GEEN_VERSIE, ingangsdatum=self.ingangsdatum, eigen_naam=rij.eigen_naam,
            internationale_naam=rij.internationale_naam, omschrijving=rij.omschrijving,
            kenmerken=rij.kenmerken(Sector(ao.opleiding.sector)), samenwerkende_aanbieders=rij.samenwerkende)

    def beeindig_opleiding(self, w: Wijziging) -> None:
        opleiding_services.beeindig_aangeboden_opleiding(self._ao(w.sleutel), door=self.door, versie=GEEN_VERSIE,
                                                         einddatum=w.nieuw.einddatum)

    # -- contactgegevens --------------------------------------------------------------------------------------
    def eenheid(self, ref: str):
        return self.bestuur if ref == BESTUUR else self.aanbieder(ref)

    def _contact(self, nummer: int) -> Contactgegevens:
        contact = Contactgegevens.objects.select_related("bestuur", "aanbieder__bestuur").get(pk=nummer)
        if contact.bestuur_van_eenheid.pk != self.bestuur.pk:
            raise RegelFout({"nummer": [gettext("Deze contactgegevens horen bij een ander bestuur.")]})
        return contact

    def nieuw_contact(self, w: Wijziging) -> None:
        rij = w.nieuw
        contact = contact_services.registreer_contact(self.eenheid(rij.eenheid), door=self.door, context=rij.context,
                                                      begindatum=self.begin(rij), **rij.gegevens())
        if rij.einddatum:
            contact_services.beeindig_contact(contact, door=self.door, versie=GEEN_VERSIE, einddatum=rij.einddatum)

    def wijzig_contact(self, w: Wijziging) -> None:
        contact_services.wijzig_contact(self._contact(w.nieuw.nummer), door=self.door, versie=GEEN_VERSIE,
                                        **w.nieuw.gegevens())

    def beeindig_contact(self, w: Wijziging) -> None:
        contact_services.beeindig_contact(self._contact(w.nieuw.nummer), door=self.door, versie=GEEN_VERSIE,
                                          einddatum=w.nieuw.einddatum)
