"""Samenwerkingsverbanden passend onderwijs and their member boards (rio-po.md §1.12, docs/adr/0012): created and
kept by DUO's functional administrators (the views ask autorisatie.toegang.vereis_functioneel_beheerder); every
change is audited in its own transaction."""

from collections.abc import Callable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from kern.fouten import Fouten
from kern.tijd import vandaag
from registratie.models import AuditRegel, Lidmaatschap, Onderwijsbestuur, Samenwerkingsverband
from registratie.models.samenwerkingsverband import postcodecijfers_validator, swv_code_validator
from registratie.services import audit
from registratie.services.audit import Door
from registratie.services.regels import datum, eind_niet_voor_begin, niet_in_verleden, overlapt

Actie = AuditRegel.Actie


def _geldig(fouten: Fouten, validator: Callable[[str], None], waarde: str, veld: str) -> None:
    try:
        validator(waarde)
    except ValidationError as fout:
        for bericht in fout.messages:
            fouten.voeg_toe(veld, bericht)


@transaction.atomic
def maak_samenwerkingsverband(*, door: Door, code: str, naam: str, soort: str = "SWPO",
                              regio: list[str] | None = None) -> Samenwerkingsverband:
    """Register a samenwerkingsverband; its code is unique, its region a list of 4-digit postcode areas."""
    code, naam, regio = code.strip().upper().replace(" ", "").replace("-", ""), naam.strip(), regio or []
    fouten = Fouten()
    _geldig(fouten, swv_code_validator, code, "code")
    if not naam:
        fouten.voeg_toe("naam", gettext("Geef de naam van het samenwerkingsverband."))
    for postcode in regio:
        _geldig(fouten, postcodecijfers_validator, postcode, "regio")
    if Samenwerkingsverband.objects.filter(code=code).exists():
        fouten.voeg_toe("code", gettext("Er is al een samenwerkingsverband met code %(code)s.") % {"code": code})
    fouten.gooi()
    swv = Samenwerkingsverband.objects.create(code=code, naam=naam, soort=soort, regio=sorted(set(regio)))
    audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=swv, bestuurcode="", voor=None,
                     omschrijving=f"Samenwerkingsverband {swv.code} {swv.naam} geregistreerd")
    return swv


@transaction.atomic
def voeg_lid_toe(swv: Samenwerkingsverband, *, door: Door, bestuur: Onderwijsbestuur, begindatum: date,
                 einddatum: date | None = None) -> Lidmaatschap:
    """A board becomes a member from begindatum (today or later) until and including einddatum; not twice at once."""
    fouten = Fouten()
    niet_in_verleden(fouten, begindatum, "begindatum", "De begindatum")
    eind_niet_voor_begin(fouten, begindatum, einddatum)
    for lid in Lidmaatschap.objects.select_for_update().filter(samenwerkingsverband=swv, bestuur=bestuur):
        if overlapt(begindatum, einddatum, lid.begindatum, lid.einddatum):
            fouten.voeg_toe("bestuur", gettext("Bestuur %(code)s is in die periode al lid (vanaf %(datum)s).")
                            % {"code": bestuur.code, "datum": datum(lid.begindatum)})
    fouten.gooi()
    lid = Lidmaatschap.objects.create(samenwerkingsverband=swv, bestuur=bestuur, begindatum=begindatum,
                                      einddatum=einddatum)
    audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=lid, bestuurcode=bestuur.code, voor=None,
                     ingangsdatum=begindatum,
                     omschrijving=f"Bestuur {bestuur.code} lid van samenwerkingsverband {swv.code}")
    return lid


@transaction.atomic
def beeindig_lidmaatschap(lid: Lidmaatschap, *, door: Door, einddatum: date | None = None) -> Lidmaatschap:
    """End a membership; without einddatum at once (last day yesterday): the SWV's readers lose the board today.
    A membership that starts today or later and would end before it starts is withdrawn (deleted) instead."""
    lid = Lidmaatschap.objects.select_for_update().select_related("bestuur", "samenwerkingsverband").get(pk=lid.pk)
    gisteren = vandaag() - timedelta(days=1)
    einddatum = einddatum or gisteren
    fouten = Fouten()
    if einddatum < gisteren:
        fouten.voeg_toe("einddatum", gettext("De einddatum (%(eind)s) ligt te ver in het verleden; de vroegste is "
                                             "gisteren (%(gisteren)s).") % {"eind": datum(einddatum),
                                                                          "gisteren": datum(gisteren)})
    if lid.einddatum is not None and lid.einddatum <= einddatum:
        fouten.voeg_toe("einddatum", gettext("Dit lidmaatschap eindigt al op %(datum)s.") % {
            "datum": datum(lid.einddatum)})
    fouten.gooi()
    voor = audit.momentopname(lid)
    if einddatum < lid.begindatum and lid.begindatum >= vandaag():
        # It has not counted for a day before today: it goes (like a planned role that is withdrawn), audited first.
        audit.registreer(door=door, actie=Actie.VERWIJDERD, obj=lid, bestuurcode=lid.bestuur.code, voor=voor,
                         ingangsdatum=lid.begindatum,
                         omschrijving=f"Lidmaatschap van bestuur {lid.bestuur.code} van samenwerkingsverband "
                                      f"{lid.samenwerkingsverband.code} (vanaf {datum(lid.begindatum)}) ingetrokken")
        lid.delete()
        return lid
    eind_niet_voor_begin(fouten, lid.begindatum, einddatum)
    fouten.gooi()
    lid.einddatum = einddatum
    lid.save(update_fields=["einddatum"])
    audit.registreer(door=door, actie=Actie.BEEINDIGD, obj=lid, bestuurcode=lid.bestuur.code, voor=voor,
                     ingangsdatum=einddatum, omschrijving=f"Lidmaatschap van bestuur {lid.bestuur.code} van "
                                                          f"samenwerkingsverband {lid.samenwerkingsverband.code} "
                                                          f"beëindigd per {datum(einddatum)}")
    return lid
