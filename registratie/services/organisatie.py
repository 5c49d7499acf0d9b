"""Services for bestuur, aanbiedersgroep and onderwijsaanbieder (rules 3, 5, 8, 14, 16)."""

import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from kern.fouten import Fouten
from kern.tijd import dag_na
from registratie.models import (
    NAAM_ONBEKEND,
    AanbiederPeriode,
    AuditRegel,
    BestuurPeriode,
    BevoegdGezag,
    GroepPeriode,
    Instellingserkenning,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
    Opvolging,
    geldig_op,
)
from registratie.services import audit, bulk, perioden
from registratie.services.audit import Door, Wijziging
from registratie.services.codes import nieuwe_code, nieuwe_codes
from registratie.services.contact import beeindig_contacten_van
from registratie.services.locatie import beeindig_gebruik_intern
from registratie.services.opleiding import beeindig_opleidingen_van
from registratie.services.regels import binnen_levensduur, datum, einddatum_fouten, niet_in_verleden, overlapt

Actie = AuditRegel.Actie


def _naam_fouten(fouten: Fouten, naam: str, internationale_naam: str = "") -> None:
    """Rule 20: names of 1..80 characters, international names up to 225."""
    if not naam.strip():
        fouten.voeg_toe("naam", gettext("Vul een naam in."))
    elif len(naam) > 80:
        fouten.voeg_toe("naam", gettext("De naam is %(aantal)s tekens; het maximum is 80.") % {"aantal": len(naam)})
    elif not naam.isprintable():  # e.g. a NUL byte, which PostgreSQL cannot store
        fouten.voeg_toe("naam", gettext("De naam bevat een teken dat niet kan, zoals een tab of regelovergang."))
    if len(internationale_naam) > 225:
        fouten.voeg_toe("internationale_naam", gettext("De internationale naam mag hoogstens 225 tekens zijn."))
    elif not internationale_naam.isprintable():
        fouten.voeg_toe("internationale_naam", gettext("De internationale naam bevat een teken dat niet kan, zoals "
                                                       "een tab of regelovergang."))


naam_fouten = _naam_fouten  # for the other unit services (begeleiding)


# --- Onderwijsbestuur -------------------------------------------------------------------------------

@transaction.atomic
def maak_bestuur_voor_bevoegd_gezag(bevoegd_gezag: BevoegdGezag, begindatum: date, door: Door) -> Onderwijsbestuur:
    """DUO creates one onderwijsbestuur per bevoegd-gezagerkenning (there is no aanleveren_onderwijsbestuur)."""
    return maak_besturen_voor_bevoegde_gezagen([bevoegd_gezag], begindatum, door)[0]


@transaction.atomic
def maak_besturen_voor_bevoegde_gezagen(bevoegde_gezagen: Sequence[BevoegdGezag], begindatum: date,
                                        door: Door) -> list[Onderwijsbestuur]:
    """One onderwijsbestuur per bevoegd gezag, in the given order: a new code, a first BestuurPeriode with
    the bevoegd gezag's name and an 'aangemaakt' audit entry each, in this transaction.

    Written in bulk for the DUO importer (749 boards at once): the codes in one step of the counter, the
    boards, periods and audit entries each in one statement. The audit entries come from the same builder
    as ``audit.registreer``'s, with the snapshot ``audit.momentopname`` would read back, built from the rows
    just written instead of a query per board.
    """
    if not bevoegde_gezagen:
        return []
    codes = nieuwe_codes("B", len(bevoegde_gezagen))
    besturen = [Onderwijsbestuur(code=code, bevoegd_gezag=gezag, begindatum=begindatum, kvk_nummer=gezag.kvk_nummer)
                for code, gezag in zip(codes, bevoegde_gezagen, strict=True)]
    bulk.schrijf_nieuw(besturen)
    # The first period covers the board's whole lifespan, as perioden.eerste_periode makes it.
    eerste = [bulk.nieuw_object(BestuurPeriode, {"bestuur": bestuur, "begindatum": bestuur.begindatum,
                                                 "einddatum": bestuur.einddatum, "naam": gezag.naam[:80]})
              for bestuur, gezag in zip(besturen, bevoegde_gezagen, strict=True)]
    bulk.schrijf_nieuw(eerste)
    bulk.schrijf_waarden(AuditRegel, [
        audit.regelwaarden(door=door, actie=Actie.AANGEMAAKT, obj=bestuur, bestuurcode=bestuur.code,
                           omschrijving=f"Onderwijsbestuur aangemaakt voor bevoegd gezag {gezag.nummer}",
                           voor=None, na=audit.momentopname_van(bestuur, {"perioden": [periode]}))
        for bestuur, gezag, periode in zip(besturen, bevoegde_gezagen, eerste, strict=True)
    ])
    return besturen


def is_plaatsvervangende_naam(naam: str) -> bool:
    """A name the portal gave a board while DUO gave none ('naam onbekend bij DUO', formerly 'Bevoegd gezag
    NNNNN'): replacing it is a correction of every period, not a rename from a date."""
    return naam == NAAM_ONBEKEND or re.fullmatch(r"Bevoegd gezag [0-9]{5}", naam) is not None


def neem_gegevens_van_duo_over(bestuur: Onderwijsbestuur, *, door: Door, per: date) -> bool:
    """Give the board its bevoegd gezag's name and KvK number as DUO publishes them (read-only in RIO, §1.3).

    A real name that changed starts a new period on ``per`` (the date of DUO's file, possibly in the past);
    a placeholder name is replaced in every period, as it never was a name. Audited; False when nothing differed.
    """
    gezag = bestuur.bevoegd_gezag
    if gezag is None:
        return False
    naam = gezag.naam[:80]
    with audit.wijziging(bestuur, door=door, actie=Actie.GEWIJZIGD, bestuurcode=bestuur.code,
                         omschrijving=f"Naam en KvK-nummer van bestuur {bestuur.code} overgenomen van DUO "
                                      f"(bevoegd gezag {gezag.nummer}) per {datum(per)}",
                         ingangsdatum=per) as w:
        bestuur = w.obj
        perioden_lijst = list(bestuur.perioden.order_by("begindatum"))
        plaatsvervangend = [p for p in perioden_lijst if is_plaatsvervangende_naam(p.naam) and p.naam != naam]
        huidige = bestuur.huidige_periode(max(per, bestuur.begindatum))
        naam_gewijzigd = False
        if plaatsvervangend:
            for periode in plaatsvervangend:
                periode.naam = naam
                periode.save(update_fields=["naam"])
            naam_gewijzigd = True
            w.actie = Actie.CORRECTIE
        elif huidige is not None and huidige.naam != naam and gezag.naam_bekend:
            naam_gewijzigd = perioden.wijzig_per(bestuur, max(per, bestuur.begindatum), {"naam": naam},
                                                 verleden_toegestaan=True)
        kvk_gewijzigd = bool(gezag.kvk_nummer) and bestuur.kvk_nummer != gezag.kvk_nummer
        if kvk_gewijzigd:
            bestuur.kvk_nummer = gezag.kvk_nummer
            bestuur.save(update_fields=["kvk_nummer"])
        if not (naam_gewijzigd or kvk_gewijzigd):
            w.niets_gewijzigd()
    return naam_gewijzigd or kvk_gewijzigd


def corrigeer_duo_gegevens(besturen: Sequence[Onderwijsbestuur], *, door: Door, per: date) -> list[Onderwijsbestuur]:
    """Batch variant of ``neem_gegevens_van_duo_over`` for what needs no new period: a placeholder name replaced
    in every period and the KvK number set. Returns the boards it left (a real rename), for the one-by-one path.

    For the importer: the first board list on a register of hundreds of boards is one bulk write of periods,
    boards and audit entries (with the same snapshots ``audit.wijziging`` would take), not a locked round trip
    each. ``besturen`` come with their bevoegd gezag and prefetched periods.
    """
    gecorrigeerd: list[Onderwijsbestuur] = []
    perioden_gewijzigd: list[BestuurPeriode] = []
    regels = []
    over = []
    for bestuur in besturen:
        gezag = bestuur.bevoegd_gezag
        assert gezag is not None
        naam, perioden_lijst = gezag.naam[:80], list(bestuur.perioden_geladen())
        huidige = bestuur.huidige_periode(max(per, bestuur.begindatum))
        if huidige is not None and huidige.naam != naam and not is_plaatsvervangende_naam(huidige.naam):
            over.append(bestuur)
            continue
        voor = audit.momentopname_van(bestuur, {"perioden": perioden_lijst})
        for periode in perioden_lijst:
            if is_plaatsvervangende_naam(periode.naam) and periode.naam != naam:
                periode.naam = naam
                perioden_gewijzigd.append(periode)
        if gezag.kvk_nummer:
            bestuur.kvk_nummer = gezag.kvk_nummer
        bestuur.versie += 1  # as audit.wijziging does: a form read before this change now meets a conflict
        gecorrigeerd.append(bestuur)
        regels.append(audit.nieuwe_regel(
            door=door, actie=Actie.CORRECTIE, obj=bestuur, bestuurcode=bestuur.code, ingangsdatum=per,
            omschrijving=f"Naam en KvK-nummer van bestuur {bestuur.code} overgenomen van DUO (bevoegd gezag "
                         f"{gezag.nummer}) per {datum(per)}",
            voor=voor, na=audit.momentopname_van(bestuur, {"perioden": perioden_lijst})))
    BestuurPeriode.objects.bulk_update(perioden_gewijzigd, ["naam"], batch_size=500)
    Onderwijsbestuur.objects.bulk_update(gecorrigeerd, ["kvk_nummer", "versie"], batch_size=500)
    bulk.schrijf_nieuw(regels)
    return over


def _duo_gegevens_fouten(fouten: Fouten, bestuur: Onderwijsbestuur, ingangsdatum: date, naam: str,
                         kvk_nummer: str) -> None:
    """Name and KvK number of a board that DUO's board list knows are DUO's (read-only, like erkenningen)."""
    gezag = bestuur.bevoegd_gezag
    if gezag is None or not gezag.kvk_nummer:
        return
    periode = bestuur.huidige_periode(ingangsdatum)
    herstel = gettext("komt uit de open data van DUO en kan hier niet worden gewijzigd. Klopt het niet, geef de "
                      "juiste gegevens dan door aan DUO (of de KvK); het portaal neemt ze over bij de volgende "
                      "import.")
    if periode is not None and naam != periode.naam:
        fouten.voeg_toe("naam", gettext("De naam van het bestuur (%(naam)s) %(herstel)s") % {
            "naam": periode.naam, "herstel": herstel})
    if kvk_nummer != bestuur.kvk_nummer:
        fouten.voeg_toe("kvk_nummer", gettext("Het KvK-nummer van het bestuur (%(leeg)s) %(herstel)s") % {
            "leeg": bestuur.kvk_nummer or gettext("leeg"), "herstel": herstel})


def wijzig_bestuur(bestuur: Onderwijsbestuur, *, door: Door, versie: int | None, ingangsdatum: date, naam: str,
                   internationale_naam: str, kvk_nummer: str, rsin: str) -> Onderwijsbestuur:
    with audit.wijziging(bestuur, door=door, versie=versie, actie=Actie.GEWIJZIGD, bestuurcode=bestuur.code,
                         omschrijving=f"Bestuur {audit.benoem(bestuur)} gewijzigd per {datum(ingangsdatum)}",
                         ingangsdatum=ingangsdatum) as w:
        bestuur = w.obj
        _naam_fouten(w.fouten, naam, internationale_naam)
        if kvk_nummer and not re.fullmatch(r"[0-9]{8}", kvk_nummer):
            w.fouten.voeg_toe("kvk_nummer", gettext("Een KvK-nummer bestaat uit 8 cijfers."))
        if rsin and not re.fullmatch(r"[0-9]{9}", rsin):
            w.fouten.voeg_toe("rsin", gettext("Een RSIN bestaat uit 9 cijfers."))
        _duo_gegevens_fouten(w.fouten, bestuur, ingangsdatum, naam.strip(), kvk_nummer)
        w.gooi()
        naam_gewijzigd = perioden.wijzig_per(bestuur, ingangsdatum, {
            "naam": naam.strip(), "internationale_naam": internationale_naam.strip()})
        if not naam_gewijzigd and (bestuur.kvk_nummer, bestuur.rsin) == (kvk_nummer, rsin):
            w.niets_gewijzigd()
        else:
            bestuur.kvk_nummer, bestuur.rsin = kvk_nummer, rsin
            if naam_gewijzigd:  # a name change can be scheduled; KvK and RSIN change at once
                w.actie = audit.wijzigingsactie(ingangsdatum)
    return bestuur


def beeindig_bestuur(bestuur: Onderwijsbestuur, *, door: Door, einddatum: date,
                     vanuit_erkenning: bool = False) -> Onderwijsbestuur:
    """Rule 14: a board is not ended before its still-active aanbieders; its locatiegebruiken, groepen and
    contacts end with it. ``vanuit_erkenning``: DUO records a bevoegd gezag's closure after the fact, so
    the portal rule 'not in the past' (16) does not apply to that path."""
    with audit.wijziging(bestuur, door=door, actie=Actie.BEEINDIGD, bestuurcode=bestuur.code,
                         omschrijving=f"Onderwijsbestuur {audit.benoem(bestuur)} beëindigd per {datum(einddatum)}",
                         ingangsdatum=einddatum) as w:
        bestuur = w.obj
        einddatum_fouten(w.fouten, einddatum, begin=bestuur.begindatum, verleden_toegestaan=vanuit_erkenning,
                         bestaand=bestuur)
        actief = [*bestuur.aanbieders.exclude(einddatum__lte=einddatum).values_list("code", flat=True)[:10],
                  *bestuur.begeleidingsaanbieders.exclude(einddatum__lte=einddatum).values_list("code", flat=True)[:10]]
        if actief:
            codes = ", ".join(actief)
            w.fouten.voeg_toe("einddatum", gettext("Het bestuur kan niet eerder eindigen dan zijn aanbieders "
                                                   "(%(codes)s). Beëindig die eerst.") % {"codes": codes})
        w.gooi()
        for gebruik in bestuur.locatiegebruiken.exclude(einddatum__lte=einddatum).select_for_update():
            beeindig_gebruik_intern(gebruik, door=door, einddatum=einddatum)
        for groep in bestuur.groepen.exclude(einddatum__lte=einddatum).select_for_update():
            with _groep_beeindiging(groep, door=door, einddatum=einddatum, vergrendelen=False):
                _beeindig_groep_rijen(groep, door=door, einddatum=einddatum)
        beeindig_contacten_van(bestuur, door=door, einddatum=einddatum)
        bestuur.einddatum = einddatum
        perioden.beeindig_perioden(bestuur, einddatum)
    return bestuur


# --- Onderwijsaanbiedersgroep -----------------------------------------------------------------------

@transaction.atomic
def registreer_groep(bestuur: Onderwijsbestuur, *, door: Door, naam: str, internationale_naam: str,
                     begindatum: date) -> Onderwijsaanbiedersgroep:
    fouten = Fouten()
    _naam_fouten(fouten, naam, internationale_naam)
    binnen_levensduur(fouten, begindatum, bestuur, "begindatum", "De begindatum")
    fouten.gooi()
    groep = Onderwijsaanbiedersgroep.objects.create(code=nieuwe_code("G"), bestuur=bestuur, begindatum=begindatum)
    perioden.eerste_periode(GroepPeriode, "groep", groep, naam=naam.strip(),
                            internationale_naam=internationale_naam.strip())
    audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=groep, bestuurcode=bestuur.code, voor=None,
                     omschrijving=f"Onderwijsaanbiedersgroep {groep.code} {naam.strip()} toegevoegd",
                     ingangsdatum=begindatum)
    return groep


def wijzig_groep(groep: Onderwijsaanbiedersgroep, *, door: Door, versie: int | None, ingangsdatum: date, naam: str,
                 internationale_naam: str) -> Onderwijsaanbiedersgroep:
    with audit.wijziging(groep, door=door, versie=versie, actie=audit.wijzigingsactie(ingangsdatum),
                         bestuurcode=groep.bestuur.code,
                         omschrijving=f"Groep {audit.benoem(groep)} gewijzigd per {datum(ingangsdatum)}",
                         ingangsdatum=ingangsdatum) as w:
        groep = w.obj
        _naam_fouten(w.fouten, naam, internationale_naam)
        w.gooi()
        if not perioden.wijzig_per(groep, ingangsdatum, {"naam": naam.strip(),
                                                         "internationale_naam": internationale_naam.strip()}):
            w.niets_gewijzigd()
    return groep


def beeindig_groep(groep: Onderwijsaanbiedersgroep, *, door: Door, versie: int | None,
                   einddatum: date) -> Onderwijsaanbiedersgroep:
    with _groep_beeindiging(groep, door=door, einddatum=einddatum, versie=versie) as w:
        groep = w.obj
        einddatum_fouten(w.fouten, einddatum, begin=groep.begindatum, bestaand=groep)
        if groep.aanbieders.filter(geldig_op(einddatum)).exclude(einddatum=einddatum).exists():
            w.fouten.voeg_toe("einddatum", gettext("Er horen nog aanbieders bij deze groep na die datum. Haal ze "
                                                   "eerst uit de groep of beëindig ze."))
        w.gooi()
        _beeindig_groep_rijen(groep, door=door, einddatum=einddatum)
    return groep


def _groep_beeindiging(groep: Onderwijsaanbiedersgroep, *, door: Door, einddatum: date, versie: int | None = None,
                       vergrendelen: bool = True) -> AbstractContextManager[Wijziging[Onderwijsaanbiedersgroep]]:
    """The audited change of ending a groep, by the user or in the cascade of its board (already locked)."""
    return audit.wijziging(groep, door=door, actie=Actie.BEEINDIGD, bestuurcode=groep.bestuur.code,
                           omschrijving=f"Groep {audit.benoem(groep)} beëindigd per {datum(einddatum)}",
                           ingangsdatum=einddatum, versie=versie, vergrendelen=vergrendelen)


def _beeindig_groep_rijen(groep: Onderwijsaanbiedersgroep, *, door: Door, einddatum: date) -> None:
    beeindig_contacten_van(groep, door=door, einddatum=einddatum)
    groep.einddatum = einddatum
    perioden.beeindig_perioden(groep, einddatum)


# --- Onderwijsaanbieder -----------------------------------------------------------------------------

def _relatie_fouten(fouten: Fouten, aanbieder_bestuur: Onderwijsbestuur, instelling: Instellingserkenning,
                    begin: date, veld: str) -> None:
    """Rule 8: the BRIN4 belongs to the board's bevoegd gezag and existed on the start date."""
    if aanbieder_bestuur.bevoegd_gezag_id != instelling.bevoegd_gezag_id:
        fouten.voeg_toe(veld, gettext("Instelling %(code)s hoort niet bij het bevoegd gezag van dit bestuur. Kies "
                                      "een BRIN van uw eigen bevoegd gezag.") % {"code": instelling.code})
    if instelling.begindatum and begin < instelling.begindatum:
        fouten.voeg_toe(veld, gettext("De datum (%(datum)s) ligt vóór de erkenning van %(code)s (%(datum2)s). De "
                                      "oprichtingsdatum mag niet eerder liggen.") % {
                                          "datum": datum(begin), "code": instelling.code,
                                          "datum2": datum(instelling.begindatum)})
    if instelling.einddatum and begin > instelling.einddatum:
        fouten.voeg_toe(veld, gettext("De erkenning %(code)s is beëindigd per %(datum)s.") % {
            "code": instelling.code, "datum": datum(instelling.einddatum)})


@transaction.atomic
def registreer_aanbieder(bestuur: Onderwijsbestuur, *, door: Door, naam: str, internationale_naam: str = "",
                         begindatum: date, instellingen: Sequence[Instellingserkenning],
                         groep: Onderwijsaanbiedersgroep | None = None, eigen_sleutel: str = "") -> Onderwijsaanbieder:
    instellingen = list(dict.fromkeys(instellingen))  # the same BRIN4 twice would give overlapping relations
    fouten = Fouten()
    _naam_fouten(fouten, naam, internationale_naam)
    binnen_levensduur(fouten, begindatum, bestuur, "begindatum", "De oprichtingsdatum")
    if not instellingen:
        fouten.voeg_toe("instellingen", gettext("Kies minstens één instellingserkenning (BRIN): elke aanbieder "
                                                "hoort bij een erkenning."))
    for instelling in instellingen:
        _relatie_fouten(fouten, bestuur, instelling, begindatum, "instellingen")
    if groep is not None and groep.bestuur_id != bestuur.pk:
        fouten.voeg_toe("groep", gettext("Deze groep hoort bij een ander bestuur."))
    fouten.gooi()
    aanbieder = Onderwijsaanbieder.objects.create(code=nieuwe_code("A"), bestuur=bestuur, groep=groep,
                                                  begindatum=begindatum, eigen_sleutel=eigen_sleutel)
    perioden.eerste_periode(AanbiederPeriode, "aanbieder", aanbieder, naam=naam.strip(),
                            internationale_naam=internationale_naam.strip())
    JuridischeRelatie.objects.bulk_create(
        JuridischeRelatie(aanbieder=aanbieder, instelling=i, begindatum=begindatum) for i in instellingen
    )
    audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=aanbieder, bestuurcode=bestuur.code, voor=None,
                     omschrijving=f"Onderwijsaanbieder {aanbieder.code} {naam.strip()} toegevoegd",
                     ingangsdatum=begindatum)
    return aanbieder


def wijzig_aanbieder(aanbieder: Onderwijsaanbieder, *, door: Door, versie: int | None, ingangsdatum: date,
                     naam: str, internationale_naam: str,
                     groep: Onderwijsaanbiedersgroep | None) -> Onderwijsaanbieder:
    """A new name per ingangsdatum (today or a scheduled date) and, at once, the groep."""
    with audit.wijziging(aanbieder, door=door, versie=versie, actie=audit.wijzigingsactie(ingangsdatum),
                         bestuurcode=aanbieder.bestuur.code,
                         omschrijving=f"Aanbieder {audit.benoem(aanbieder)} gewijzigd per {datum(ingangsdatum)}",
                         ingangsdatum=ingangsdatum) as w:
        aanbieder = w.obj
        _naam_fouten(w.fouten, naam, internationale_naam)
        if groep is not None and groep.bestuur_id != aanbieder.bestuur_id:
            w.fouten.voeg_toe("groep", gettext("Deze groep hoort bij een ander bestuur."))
        w.gooi()
        gewijzigd = perioden.wijzig_per(aanbieder, ingangsdatum,
                                        {"naam": naam.strip(), "internationale_naam": internationale_naam.strip()})
        if aanbieder.groep_id != (groep.pk if groep else None):
            aanbieder.groep = groep
            gewijzigd = True
        if not gewijzigd:
            w.niets_gewijzigd()
    return aanbieder


def annuleer_naamwijziging(houder: perioden.Periodehouder, *, door: Door, periode_pk: int) -> None:
    """Cancel a scheduled name change of a bestuur, groep, aanbieder or begeleidingsaanbieder."""
    with audit.wijziging(houder, door=door, actie=Actie.GEANNULEERD, bestuurcode=houder.bestuur.code) as w:
        periode = w.obj.perioden.get(pk=periode_pk)
        perioden.annuleer_geplande_periode(w.obj, periode)
        w.omschrijving = f"Geplande wijziging per {datum(periode.begindatum)} geannuleerd"
        w.ingangsdatum = periode.begindatum


def beeindig_aanbieder(aanbieder: Onderwijsaanbieder, *, door: Door, versie: int | None, einddatum: date,
                       opvolgercode: str = "") -> Onderwijsaanbieder:
    """End the aanbieder; its relations, aangeboden opleidingen and contacts end with it (rule 6).

    ``opvolgercode``: the aanbieder it went on in (a merger; organisatierelatie OVERGANG, rio-po.md §1.12), possibly
    of another board. It must exist, not be this one, run on the day after einddatum and not lead back to this one.
    Ending again (earlier) keeps a successor recorded before, checked on the new date."""
    with audit.wijziging(aanbieder, door=door, versie=versie, actie=Actie.BEEINDIGD,
                         bestuurcode=aanbieder.bestuur.code,
                         omschrijving=f"Aanbieder {audit.benoem(aanbieder)} beëindigd per {datum(einddatum)}",
                         ingangsdatum=einddatum) as w:
        aanbieder = w.obj
        einddatum_fouten(w.fouten, einddatum, begin=aanbieder.begindatum, bestaand=aanbieder)
        _voortzetting_fouten(w.fouten, aanbieder, einddatum)
        bestaande = Opvolging.objects.filter(voorganger=aanbieder).select_related("opvolger").first()
        code = opvolgercode.strip().upper() or (bestaande.opvolger.code if bestaande else "")
        opvolger = _opvolger(w.fouten, aanbieder, code, einddatum) if code else None
        w.gooi()
        beeindig_opleidingen_van(aanbieder, door=door, einddatum=einddatum)
        beeindig_contacten_van(aanbieder, door=door, einddatum=einddatum)
        perioden.kort_in(aanbieder.juridische_relaties.all(), einddatum)
        perioden.kort_in(aanbieder.bijbehorende_besturen.all(), einddatum)  # samenwerkingsschool (ADR 0011)
        aanbieder.einddatum = einddatum
        perioden.beeindig_perioden(aanbieder, einddatum)
        if opvolger is not None:
            _leg_opvolging_vast(aanbieder, opvolger, dag_na(einddatum), door=door)
            w.omschrijving += f", opgegaan in {opvolger.code}"
    return aanbieder


def _opvolger(fouten: Fouten, aanbieder: Onderwijsaanbieder, code: str, einddatum: date) -> Onderwijsaanbieder | None:
    """The successor by code, checked: it exists, is another aanbieder, runs on the day after the end, no cycle."""
    if not re.fullmatch(r"[0-9]{3}A[0-9]{3}", code):
        fouten.voeg_toe("opvolger", "Vul de code van de opvolgende onderwijsaanbieder in, in de vorm 999A999.")
        return None
    # Locked: ending the opvolger at the same time waits (it locks its own row), then sees this overgang.
    opvolger = Onderwijsaanbieder.objects.select_for_update().filter(code=code).first()
    if opvolger is None:
        fouten.voeg_toe("opvolger", f"Er is geen onderwijsaanbieder met code {code}.")
        return None
    if opvolger.pk == aanbieder.pk:
        fouten.voeg_toe("opvolger", "Een aanbieder kan niet in zichzelf opgaan. Kies de aanbieder die de school "
                                    "voortzet.")
        return None
    overgang = dag_na(einddatum)
    if not opvolger.is_actief_op(overgang):
        if opvolger.einddatum is not None and opvolger.einddatum < overgang:
            fouten.voeg_toe("opvolger", f"Opvolger {code} is beëindigd per {datum(opvolger.einddatum)}; een "
                                        f"opvolger bestaat nog op de dag na de einddatum ({datum(overgang)}).")
        else:
            fouten.voeg_toe("opvolger", f"Opvolger {code} begint pas op {datum(opvolger.begindatum)}; een "
                                        f"opvolger bestaat al op de dag na de einddatum ({datum(overgang)}).")
        return None
    # No cycle: following the successors from the opvolger never comes back here.
    gezien, volgende = {opvolger.pk}, opvolger
    while (stap := Opvolging.objects.filter(voorganger=volgende).select_related("opvolger").first()) is not None:
        volgende = stap.opvolger
        if volgende.pk == aanbieder.pk:
            fouten.voeg_toe("opvolger", f"Dat geeft een kring: {code} gaat zelf (via opvolgers) op in deze aanbieder.")
            return None
        if volgende.pk in gezien:
            break
        gezien.add(volgende.pk)
    return opvolger


def _voortzetting_fouten(fouten: Fouten, aanbieder: Onderwijsaanbieder, einddatum: date) -> None:
    """An aanbieder that continues others from a date does not end before that date."""
    for voortzetting in Opvolging.objects.filter(opvolger=aanbieder, datum__gt=einddatum).select_related("voorganger"):
        fouten.voeg_toe("einddatum", f"Deze aanbieder zet {voortzetting.voorganger.code} voort vanaf "
                                     f"{datum(voortzetting.datum)}; hij kan niet eerder eindigen.")


def _leg_opvolging_vast(voorganger: Onderwijsaanbieder, opvolger: Onderwijsaanbieder, overgang: date, *,
                        door: Door) -> Opvolging:
    """Record (or move) the OVERGANG, with an audit entry for the board of each side."""
    bestaand = Opvolging.objects.filter(voorganger=voorganger).first()
    voor = audit.momentopname(bestaand)
    actie = Actie.AANGEMAAKT if bestaand is None else Actie.GEWIJZIGD
    opvolging = bestaand or Opvolging(voorganger=voorganger)
    opvolging.opvolger, opvolging.datum = opvolger, overgang
    opvolging.save()
    for bestuurcode in dict.fromkeys([voorganger.bestuur.code, opvolger.bestuur.code]):
        audit.registreer(door=door, actie=actie, obj=opvolging, bestuurcode=bestuurcode, voor=voor,
                         omschrijving=f"Aanbieder {voorganger.code} opgegaan in {opvolger.code} per "
                                      f"{datum(overgang)}", ingangsdatum=overgang)
    return opvolging


def voeg_juridische_relatie_toe(aanbieder: Onderwijsaanbieder, *, door: Door, instelling: Instellingserkenning,
                                begindatum: date) -> JuridischeRelatie:
    """Rule 8: relations per (aanbieder, BRIN4) may not overlap and start within the aanbieder's life."""
    with audit.wijziging(aanbieder, door=door, actie=Actie.GEWIJZIGD, bestuurcode=aanbieder.bestuur.code,
                         omschrijving=f"Aanbieder {audit.benoem(aanbieder)}: relatie met instelling "
                                      f"{instelling.code} toegevoegd",
                         ingangsdatum=begindatum) as w:
        aanbieder = w.obj
        niet_in_verleden(w.fouten, begindatum, "begindatum", "De begindatum")
        binnen_levensduur(w.fouten, begindatum, aanbieder, "begindatum", "De begindatum")
        _relatie_fouten(w.fouten, aanbieder.bestuur, instelling, begindatum, "instelling")
        for bestaand in aanbieder.juridische_relaties.filter(instelling=instelling):
            if overlapt(begindatum, aanbieder.einddatum, bestaand.begindatum, bestaand.einddatum):
                w.fouten.voeg_toe("instelling", gettext("Deze aanbieder heeft al een relatie met %(code)s in die "
                                                        "periode.") % {"code": instelling.code})
        w.gooi()
        relatie = JuridischeRelatie.objects.create(aanbieder=aanbieder, instelling=instelling, begindatum=begindatum,
                                                   einddatum=aanbieder.einddatum)
    return relatie


def beeindig_juridische_relatie(relatie: JuridischeRelatie, *, door: Door, einddatum: date) -> None:
    """Rule 8: an aanbieder keeps at least one juridische relatie while it exists."""
    aanbieder = relatie.aanbieder
    with audit.wijziging(aanbieder, door=door, actie=Actie.BEEINDIGD, bestuurcode=aanbieder.bestuur.code,
                         omschrijving=f"Aanbieder {audit.benoem(relatie.aanbieder)}: relatie met instelling "
                                      f"{relatie.instelling.code} beëindigd per "
                                      f"{datum(einddatum)}", ingangsdatum=einddatum) as w:
        aanbieder = w.obj
        einddatum_fouten(w.fouten, einddatum, begin=relatie.begindatum)
        if not perioden.heeft_opvolger(aanbieder, aanbieder.juridische_relaties.exclude(pk=relatie.pk), einddatum):
            w.fouten.voeg_toe("einddatum", gettext("Een aanbieder houdt altijd minstens één relatie met een "
                                                   "instellingserkenning (BRIN). Voeg eerst een andere relatie toe."))
        w.gooi()
        relatie.einddatum = einddatum
        relatie.save(update_fields=["einddatum"])
