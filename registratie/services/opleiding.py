"""Services for aangeboden opleidingen (rules 6, 7, 12, 16, 20)."""

import re
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from kern.fouten import Fouten
from kern.tijd import dag_voor, vandaag
from registratie.domein.enumeraties import Sector
from registratie.models import (
    AangebodenOpleiding,
    AangebodenOpleidingPeriode,
    AuditRegel,
    BijbehorendBestuur,
    Kenmerk,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatie,
    Opleiding,
    geldig_op,
)
from registratie.services import audit, perioden
from registratie.services.audit import Door, Wijziging
from registratie.services.plausibel import school_fouten
from registratie.services.regels import binnen_levensduur, datum, einddatum_fouten, kenmerken_problemen

Actie = AuditRegel.Actie
Kenmerken = Mapping[str, Sequence[str]]


def _tekst_fouten(fouten: Fouten, eigen_naam: str, internationale_naam: str, omschrijving: str) -> None:
    if len(eigen_naam) > 225:
        fouten.voeg_toe("eigen_naam", gettext("De eigen naam is hoogstens 225 tekens."))
    if len(internationale_naam) > 225:
        fouten.voeg_toe("internationale_naam", gettext("De internationale naam is hoogstens 225 tekens."))
    if len(omschrijving) > 3000:
        fouten.voeg_toe("omschrijving", gettext("De omschrijving is hoogstens 3000 tekens."))
    for veld, waarde in (("eigen_naam", eigen_naam), ("internationale_naam", internationale_naam),
                         ("omschrijving", omschrijving)):
        if "\x00" in waarde:  # PostgreSQL cannot store a NUL byte; newlines in the omschrijving are fine
            fouten.voeg_toe(veld, gettext("Deze tekst bevat een teken dat niet kan (een NUL-teken)."))


def _samenwerking_fouten(fouten: Fouten, aanbieder: Onderwijsaanbieder, codes: Sequence[str]) -> None:
    """Rule 13: a samenwerkende onderwijsaanbiedercode exists as an aanbieder and appears once per period."""
    if len(set(codes)) != len(codes):
        fouten.voeg_toe("samenwerkende_aanbieders", gettext("Noem elke samenwerkende onderwijsaanbieder maar één "
                                                            "keer."))
    bekend = set(Onderwijsaanbieder.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in codes:
        if not re.fullmatch(r"[0-9]{3}A[0-9]{3}", code):
            fouten.voeg_toe("samenwerkende_aanbieders", gettext("'%(code)s' is geen onderwijsaanbiedercode (vorm "
                                                                "999A999).") % {"code": code})
        elif code not in bekend:
            fouten.voeg_toe("samenwerkende_aanbieders", gettext("Onderwijsaanbieder %(code)s bestaat niet. Vraag "
                                                                "de partner om de juiste code.") % {"code": code})
        elif code == aanbieder.code:
            fouten.voeg_toe("samenwerkende_aanbieders", gettext("Een aanbieder werkt niet met zichzelf samen."))


def kenmerk_fouten(fouten: Fouten, opleiding: Opleiding, kenmerken: Kenmerken, begin: date,
                    eind: date | None) -> None:
    for veld, bericht in kenmerken_problemen(Sector(opleiding.sector), kenmerken, begin, eind):
        fouten.voeg_toe(veld, bericht)
    toegestaan = [d for d in opleiding.toegestane_doelgroepen.split(",") if d]
    if toegestaan:
        for code in kenmerken.get("doelgroepBasisonderwijs", []):
            if code not in toegestaan:
                fouten.voeg_toe("doelgroepBasisonderwijs", gettext("%(naam)s kan alleen met doelgroep %(waarde)s "
                                                                   "worden aangeboden.") % {
                                                                       "naam": opleiding.naam,
                                                                       "waarde": ', '.join(toegestaan)})


def _locatie_fouten(fouten: Fouten, bestuur: Onderwijsbestuur, locatie: Onderwijslocatie | None,
                    begindatum: date) -> None:
    """An aanbieder meets a locatie only where its board uses that locatie (onderwijslocatiegebruik)."""
    if locatie is None:
        return
    if not locatie.gebruiken.filter(bestuur=bestuur).filter(geldig_op(begindatum)).exists():
        fouten.voeg_toe("locatie", gettext("Het bestuur gebruikt locatie %(code)s niet op %(datum)s. Voeg eerst "
                                           "het locatiegebruik toe of kies een andere locatie.") % {
                                               "code": locatie.code, "datum": datum(begindatum)})


def gehouden_door(bestuur: Onderwijsbestuur) -> Q:
    """The offers this board keeps: those of its own aanbieders, and at a samenwerkingsschool of another board
    the ones it registered there (AangebodenOpleiding.bestuur, docs/adr/0011)."""
    return Q(samenwerkingsbestuur=bestuur) | Q(samenwerkingsbestuur__isnull=True, aanbieder__bestuur=bestuur)


def _samenwerkingsrelatie(fouten: Fouten, aanbieder: Onderwijsaanbieder, bestuur: Onderwijsbestuur,
                          begindatum: date) -> BijbehorendBestuur | None:
    """A board other than the aanbieder's own registers an offer only while it is a bijbehorend bestuur."""
    relatie = aanbieder.bijbehorende_besturen.filter(geldig_op(begindatum), bestuur=bestuur).first()
    if relatie is None:
        fouten.voeg_toe("begindatum", f"Bestuur {bestuur.code} hoort op {datum(begindatum)} niet bij aanbieder "
                                      f"{aanbieder.code}; alleen een bijbehorend bestuur van een samenwerkingsschool "
                                      "voegt daar opleidingen toe.")
    return relatie


def _maak_kenmerken(ao: AangebodenOpleiding, kenmerken: Kenmerken, begin: date, eind: date | None) -> None:
    Kenmerk.objects.bulk_create(
        Kenmerk(aangeboden_opleiding=ao, naam=naam, waarde=waarde, begindatum=begin, einddatum=eind)
        for naam, waarden in kenmerken.items() for waarde in waarden
    )


def _kenmerkenset(rijen: Sequence[Kenmerk]) -> set[tuple[str, str]]:
    return {(k.naam, k.waarde) for k in rijen}


def _zet_kenmerken_per(ao: AangebodenOpleiding, ingangsdatum: date, kenmerken: Kenmerken) -> bool:
    """Give the offer a new set of kenmerken from ingangsdatum on, like perioden.wijzig_per does for names:
    the set valid then ends the day before (or goes, if it starts that day); a later scheduled set is kept, so
    the new one lasts until it. Returns False when nothing differs."""
    rijen = list(ao.kenmerken.select_for_update().order_by("begindatum"))
    huidig = [k for k in rijen if k.is_geldig_op(ingangsdatum)]
    if _kenmerkenset(huidig) == {(naam, w) for naam, waarden in kenmerken.items() for w in waarden}:
        return False
    later = [k.begindatum for k in rijen if k.begindatum > ingangsdatum]
    eind = dag_voor(min(later)) if later else ao.einddatum
    for k in huidig:
        if k.begindatum == ingangsdatum:
            k.delete()
        else:
            k.einddatum = dag_voor(ingangsdatum)
            k.save(update_fields=["einddatum"])
    _maak_kenmerken(ao, kenmerken, ingangsdatum, eind)
    return True


@transaction.atomic
def registreer_aangeboden_opleiding(aanbieder: Onderwijsaanbieder, *, door: Door, opleiding: Opleiding,
                                    locatie: Onderwijslocatie | None, begindatum: date,
                                    eerste_instroomdatum: date | None = None, einddatum: date | None = None,
                                    eigen_naam: str = "", internationale_naam: str = "", omschrijving: str = "",
                                    kenmerken: Kenmerken,
                                    samenwerkende_aanbieders: Sequence[str] = (),
                                    bestuur: Onderwijsbestuur | None = None) -> AangebodenOpleiding:
    """``bestuur``: the board that registers and keeps the offer; another than the aanbieder's own only as its
    bijbehorend bestuur (samenwerkingsschool), at one of its own locatiegebruiken."""
    fouten = Fouten()
    bestuur = bestuur or aanbieder.bestuur
    gedeeld = bestuur.pk != aanbieder.bestuur_id
    relatie = _samenwerkingsrelatie(fouten, aanbieder, bestuur, begindatum) if gedeeld else None
    samenwerkende_aanbieders = [c.strip().upper() for c in samenwerkende_aanbieders if c.strip()]
    _samenwerking_fouten(fouten, aanbieder, samenwerkende_aanbieders)
    _tekst_fouten(fouten, eigen_naam, internationale_naam, omschrijving)
    binnen_levensduur(fouten, eerste_instroomdatum or begindatum, aanbieder, "begindatum",
                      "De (eerste instroom)datum")
    # An aanbieder that has ended already gives its end to the offer (below), so the past is not checked then.
    einddatum_fouten(fouten, einddatum, begin=begindatum, verleden_toegestaan=aanbieder.einddatum is not None)
    if eerste_instroomdatum and einddatum and eerste_instroomdatum >= einddatum:
        fouten.voeg_toe("eerste_instroomdatum", gettext("De eerste instroomdatum moet vóór de einddatum liggen."))
    if aanbieder.einddatum is not None and (einddatum is None or einddatum > aanbieder.einddatum):
        einddatum = aanbieder.einddatum  # rule 6: never beyond the aanbieder's end
    if relatie is not None and relatie.einddatum is not None and (einddatum is None or einddatum > relatie.einddatum):
        einddatum = relatie.einddatum  # and a bijbehorend bestuur's offer not beyond its relation
    _locatie_fouten(fouten, bestuur, locatie, begindatum)
    school_fouten(fouten, aanbieder, opleiding, begindatum)
    kenmerk_fouten(fouten, opleiding, kenmerken, begindatum, einddatum)
    fouten.gooi()
    ao = AangebodenOpleiding.objects.create(aanbieder=aanbieder, opleiding=opleiding, locatie=locatie,
                                            begindatum=begindatum, eerste_instroomdatum=eerste_instroomdatum,
                                            einddatum=einddatum, samenwerkingsbestuur=bestuur if gedeeld else None)
    perioden.eerste_periode(AangebodenOpleidingPeriode, "aangeboden_opleiding", ao, eigen_naam=eigen_naam.strip(),
                            internationale_naam=internationale_naam.strip(), omschrijving=omschrijving.strip(),
                            samenwerkende_aanbieders=samenwerkende_aanbieders)
    _maak_kenmerken(ao, kenmerken, ao.begindatum, ao.einddatum)
    audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=ao, bestuurcode=bestuur.code, voor=None,
                     omschrijving=f"Aangeboden opleiding {opleiding.naam} toegevoegd aan {aanbieder.code}",
                     ingangsdatum=begindatum)
    return ao


def wijzig_aangeboden_opleiding(ao: AangebodenOpleiding, *, door: Door, versie: int | None, ingangsdatum: date,
                                eigen_naam: str, internationale_naam: str, omschrijving: str,
                                kenmerken: Kenmerken, samenwerkende_aanbieders: Sequence[str] = ()
                                ) -> AangebodenOpleiding:
    """Names and kenmerken per ingangsdatum. Aanbieder and opleiding never change (rule 7)."""
    with audit.wijziging(ao, door=door, versie=versie, actie=audit.wijzigingsactie(ingangsdatum),
                         bestuurcode=ao.bestuur.code,
                         omschrijving=f"Aangeboden opleiding {_benoem(ao)} gewijzigd per {datum(ingangsdatum)}",
                         ingangsdatum=ingangsdatum) as w:
        ao = w.obj
        samenwerkende_aanbieders = [c.strip().upper() for c in samenwerkende_aanbieders if c.strip()]
        _samenwerking_fouten(w.fouten, ao.aanbieder, samenwerkende_aanbieders)
        _tekst_fouten(w.fouten, eigen_naam, internationale_naam, omschrijving)
        # The new kenmerken hold from ingangsdatum on: their values must be valid from then, not from the start.
        kenmerk_fouten(w.fouten, ao.opleiding, kenmerken, max(ingangsdatum, ao.begindatum), ao.einddatum)
        w.gooi()
        gewijzigd = perioden.wijzig_per(ao, ingangsdatum, {"eigen_naam": eigen_naam.strip(),
                                                           "internationale_naam": internationale_naam.strip(),
                                                           "omschrijving": omschrijving.strip(),
                                                           "samenwerkende_aanbieders": samenwerkende_aanbieders})
        if _zet_kenmerken_per(ao, ingangsdatum, kenmerken):
            gewijzigd = True
        if not gewijzigd:
            w.niets_gewijzigd()
    return ao


def annuleer_opleidingswijziging(ao: AangebodenOpleiding, *, door: Door, ingangsdatum: date) -> None:
    """Cancel the scheduled change per ingangsdatum (names and/or kenmerken): what held the day before runs on
    in its place, as a cancelled name change does (perioden.annuleer_geplande_periode)."""
    with audit.wijziging(ao, door=door, actie=Actie.GEANNULEERD, bestuurcode=ao.bestuur.code,
                         omschrijving=f"Aangeboden opleiding {_benoem(ao)}: geplande wijziging per "
                                      f"{datum(ingangsdatum)} geannuleerd",
                         ingangsdatum=ingangsdatum) as w:
        ao = w.obj
        if ingangsdatum <= vandaag():
            w.fouten.voeg_toe("__all__", gettext("Alleen een wijziging die nog niet is ingegaan kan worden "
                                                 "geannuleerd. Wijzig de opleiding opnieuw per een datum vanaf "
                                                 "vandaag."))
        elif ingangsdatum == ao.begindatum:
            w.fouten.voeg_toe("__all__", gettext("De eerste waarden beginnen met de opleiding zelf en kunnen niet "
                                                 "worden geannuleerd. Wijzig ze, of beëindig de aangeboden "
                                                 "opleiding."))
        w.gooi()
        periode = ao.perioden.filter(begindatum=ingangsdatum).first()
        kenmerken = list(ao.kenmerken.select_for_update().filter(begindatum=ingangsdatum))
        if periode is None and not kenmerken:
            w.fouten.voeg_toe("__all__", gettext("Er is geen geplande wijziging per %(datum)s; misschien heeft een "
                                                 "collega haar al geannuleerd. Vernieuw de pagina.") % {
                                                     "datum": datum(ingangsdatum)})
            w.gooi()
        if periode is not None:
            perioden.annuleer_geplande_periode(ao, periode)
        if kenmerken:
            _annuleer_kenmerkenset(ao, kenmerken)


def _annuleer_kenmerkenset(ao: AangebodenOpleiding, geplande_set: list[Kenmerk]) -> None:
    """The set valid the day before the cancelled one runs on to where the cancelled one ended."""
    begin, eind = geplande_set[0].begindatum, geplande_set[0].einddatum
    for k in geplande_set:
        k.delete()
    ao.kenmerken.filter(einddatum=dag_voor(begin)).update(einddatum=eind)


def _benoem(ao: AangebodenOpleiding) -> str:
    """How an audit line names an offer: its opleiding and aanbieder ("Basisonderwijs van 100A055")."""
    return f"{ao.opleiding.naam} van {ao.aanbieder.code}"


def _beeindiging(ao: AangebodenOpleiding, *, door: Door, einddatum: date, reden: str, versie: int | None = None,
                 vergrendelen: bool = True) -> AbstractContextManager[Wijziging[AangebodenOpleiding]]:
    return audit.wijziging(ao, door=door, actie=Actie.BEEINDIGD, bestuurcode=ao.bestuur.code,
                           omschrijving=f"Aangeboden opleiding {_benoem(ao)} beëindigd per {datum(einddatum)}{reden}",
                           ingangsdatum=einddatum, versie=versie, vergrendelen=vergrendelen)


def _beeindig(ao: AangebodenOpleiding, *, door: Door, einddatum: date, reden: str) -> None:
    """End an offer in a cascade (the caller locked it); one that would only start after einddatum is removed
    (rule 6): that is no change of a versie, so it gets its own entry before the row goes."""
    if ao.begindatum > einddatum:
        audit.registreer(door=door, actie=Actie.VERWIJDERD, obj=ao, bestuurcode=ao.bestuur.code,
                         voor=audit.momentopname(ao), ingangsdatum=einddatum,
                         omschrijving=f"Geplande aangeboden opleiding {_benoem(ao)} (vanaf {datum(ao.begindatum)}) "
                                      f"vervallen{reden}")
        ao.delete()
        return
    with _beeindiging(ao, door=door, einddatum=einddatum, reden=reden, vergrendelen=False):
        _beeindig_rijen(ao, einddatum)


def _beeindig_rijen(ao: AangebodenOpleiding, einddatum: date) -> None:
    ao.einddatum = einddatum
    perioden.beeindig_perioden(ao, einddatum)
    perioden.kort_in(ao.kenmerken.all(), einddatum)


def beeindig_aangeboden_opleiding(ao: AangebodenOpleiding, *, door: Door, versie: int | None,
                                  einddatum: date) -> AangebodenOpleiding:
    with _beeindiging(ao, door=door, einddatum=einddatum, reden="", versie=versie) as w:
        ao = w.obj
        einddatum_fouten(w.fouten, einddatum, begin=ao.begindatum, bestaand=ao, houder=ao.aanbieder)
        if ao.eerste_instroomdatum and einddatum <= ao.eerste_instroomdatum:
            w.fouten.voeg_toe("einddatum", gettext("De einddatum moet na de eerste instroomdatum (%(datum)s) "
                                                   "liggen.") % {"datum": datum(ao.eerste_instroomdatum)})
        w.gooi()
        _beeindig_rijen(ao, einddatum)  # einddatum is not before begindatum (checked): never the removal
    return ao


def _lopend_na(qs: QuerySet[AangebodenOpleiding], einddatum: date) -> QuerySet[AangebodenOpleiding]:
    return qs.exclude(einddatum__lte=einddatum).select_for_update()


def beeindig_opleidingen_van(aanbieder: Onderwijsaanbieder, *, door: Door, einddatum: date) -> int:
    """Cascade from ending an aanbieder (called inside its transaction)."""
    lopend = list(_lopend_na(aanbieder.aangeboden_opleidingen.all(), einddatum))
    for ao in lopend:
        _beeindig(ao, door=door, einddatum=einddatum, reden=f" (aanbieder {aanbieder.code} beëindigd)")
    return len(lopend)


def beeindig_opleidingen_op_locatie(bestuur: Onderwijsbestuur, locatie: Onderwijslocatie, *, door: Door,
                                    einddatum: date) -> int:
    """Cascade from ending a locatiegebruik: the board's offers at that address end too."""
    qs = AangebodenOpleiding.objects.filter(gehouden_door(bestuur), locatie=locatie)
    lopend = list(_lopend_na(qs, einddatum))
    for ao in lopend:
        _beeindig(ao, door=door, einddatum=einddatum, reden=f" (locatiegebruik {locatie.code} beëindigd)")
    return len(lopend)


def beeindig_opleidingen_van_bestuur(aanbieder: Onderwijsaanbieder, bestuur: Onderwijsbestuur, *, door: Door,
                                     einddatum: date) -> int:
    """Cascade from ending a samenwerking: the offers the bijbehorend bestuur registered at the aanbieder."""
    lopend = list(_lopend_na(aanbieder.aangeboden_opleidingen.filter(samenwerkingsbestuur=bestuur), einddatum))
    for ao in lopend:
        _beeindig(ao, door=door, einddatum=einddatum,
                  reden=f" (samenwerking van bestuur {bestuur.code} met {aanbieder.code} beëindigd)")
    return len(lopend)
