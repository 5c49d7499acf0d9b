"""Services for onderwijslocatie and onderwijslocatiegebruik (rules 2, 3, 9, 11, 16)."""

from contextlib import AbstractContextManager
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from kern.fouten import Fouten
from registratie.models import (
    AuditRegel,
    Onderwijsbestuur,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Vestigingserkenning,
    Vestigingsrelatie,
    toon_postcode,
)
from registratie.services import audit, perioden
from registratie.services.adres import (
    Adrescontrole,
    adresdienst_fouten,
    huisnummer_fouten,
    normaliseer_postcode,
    postcode_fouten,
)
from registratie.services.audit import Door, Wijziging
from registratie.services.codes import nieuwe_code
from registratie.services.opleiding import beeindig_opleidingen_op_locatie
from registratie.services.regels import binnen_levensduur, datum, einddatum_fouten, niet_in_verleden, overlapt

Actie = AuditRegel.Actie


def _vestiging_fouten(fouten: Fouten, bestuur: Onderwijsbestuur, vestiging: Vestigingserkenning | None,
                      begindatum: date, veld: str = "vestiging") -> None:
    """PO: every locatiegebruik is tied to a BRIN6 of the board's own bevoegd gezag (P12)."""
    if vestiging is None:
        fouten.voeg_toe(veld, gettext("Kies de vestigingserkenning (BRIN6) waar deze locatie bij hoort."))
        return
    if vestiging.instelling.bevoegd_gezag_id != bestuur.bevoegd_gezag_id:
        fouten.voeg_toe(veld, gettext("Vestiging %(code)s hoort niet bij het bevoegd gezag van dit bestuur.") % {
            "code": vestiging.code})
    if vestiging.begindatum and begindatum < vestiging.begindatum:
        fouten.voeg_toe(veld, gettext("De vestigingserkenning %(code)s begint pas op %(datum)s.") % {
            "code": vestiging.code, "datum": datum(vestiging.begindatum)})
    if vestiging.einddatum and begindatum > vestiging.einddatum:
        fouten.voeg_toe(veld, gettext("De vestigingserkenning %(code)s is beëindigd per %(datum)s.") % {
            "code": vestiging.code, "datum": datum(vestiging.einddatum)})


def vind_of_maak_locatie(postcode: str, huisnummer: int, toevoeging: str, straatnaam: str,
                         plaatsnaam: str, bag_id: str = "") -> Onderwijslocatie:
    """One locatie (and code) per address, shared by every board that uses it.

    A BAG id the address service gave is stored on a new locatie, and on an existing one that has none yet
    (the caller's audit line says so); an existing, different BAG id is kept: the drift report shows it.
    """
    locatie = Onderwijslocatie.objects.filter(postcode=postcode, huisnummer=huisnummer,
                                              huisnummertoevoeging=toevoeging).first()
    if locatie is None:
        try:
            with transaction.atomic():  # savepoint: another board may add the same new address right now
                locatie = Onderwijslocatie.objects.create(
                    code=nieuwe_code("X"), postcode=postcode, huisnummer=huisnummer, huisnummertoevoeging=toevoeging,
                    straatnaam=straatnaam, plaatsnaam=plaatsnaam.upper(), bag_id=bag_id)
        except IntegrityError:
            locatie = Onderwijslocatie.objects.get(postcode=postcode, huisnummer=huisnummer,
                                                   huisnummertoevoeging=toevoeging)
    if bag_id and not locatie.bag_id:
        Onderwijslocatie.objects.filter(pk=locatie.pk, bag_id="").update(bag_id=bag_id)
        locatie.bag_id = bag_id
    return locatie


@transaction.atomic
def registreer_locatiegebruik(bestuur: Onderwijsbestuur, *, door: Door, postcode: str, huisnummer: int | None,
                              huisnummertoevoeging: str = "", straatnaam: str = "", plaatsnaam: str = "",
                              begindatum: date, vestiging: Vestigingserkenning | None,
                              adrescontrole: Adrescontrole | None = None) -> Onderwijslocatiegebruik:
    """A new locatie (or the existing one at that address) and the board's gebruik of it, with its BRIN6.

    ``adrescontrole``: what the address service said about the typed address (the screen asks it; the DUO
    import and the modelleertool do not). An address it should know but does not is refused; one it knows gets
    its BAG id and, where left empty, its straatnaam and plaatsnaam.
    """
    postcode = normaliseer_postcode(postcode)
    toevoeging = (huisnummertoevoeging or "").strip().upper()
    if not postcode and huisnummer is None and vestiging is not None:
        # No address typed: the locatie is the address DUO has for the chosen vestiging.
        postcode, huisnummer = vestiging.postcode, vestiging.huisnummer
        toevoeging = vestiging.huisnummertoevoeging
    fouten = Fouten()
    postcode_fouten(fouten, postcode)
    huisnummer_fouten(fouten, huisnummer, toevoeging)
    for veld, waarde in (("straatnaam", straatnaam), ("plaatsnaam", plaatsnaam)):
        if waarde and not waarde.isprintable():  # e.g. a NUL byte, which PostgreSQL cannot store
            fouten.voeg_toe(veld, gettext("De %(veld)s bevat een teken dat niet kan, zoals een tab of "
                                          "regelovergang.") % {"veld": veld})
        maximum: int = getattr(Onderwijslocatie._meta.get_field(veld), "max_length", None) or 0
        if len(waarde) > maximum:  # refused here, where it enters: never cut off when stored
            fouten.voeg_toe(veld, gettext("De %(veld)s is %(aantal)s tekens; het maximum is %(maximum)s.") % {
                "veld": veld, "aantal": len(waarde), "maximum": maximum})
    binnen_levensduur(fouten, begindatum, bestuur, "begindatum", "De datum in gebruik")
    _vestiging_fouten(fouten, bestuur, vestiging, begindatum)
    if adrescontrole is not None and not fouten and huisnummer is not None:
        adresdienst_fouten(fouten, adrescontrole, postcode, huisnummer, toevoeging)
    if not fouten and huisnummer is not None:  # no errors: huisnummer_fouten has made sure there is one
        bestaand = Onderwijslocatiegebruik.objects.filter(
            bestuur=bestuur, locatie__postcode=postcode, locatie__huisnummer=huisnummer,
            locatie__huisnummertoevoeging=toevoeging).select_related("locatie").first()
        if bestaand is not None:
            fouten.voeg_toe("postcode", gettext("Dit bestuur gebruikt het adres %(waarde)s "
                                                "%(huisnummer)s%(toevoeging)s al (locatie %(code)s). Een bestuur "
                                                "heeft één locatiegebruik per locatie: pas het bestaande aan.") % {
                                                    "waarde": toon_postcode(postcode), "huisnummer": huisnummer,
                                                    "toevoeging": toevoeging, "code": bestaand.locatie.code})
    fouten.gooi()
    assert huisnummer is not None and vestiging is not None  # both refused above when missing
    if vestiging.postcode == postcode and vestiging.huisnummer == huisnummer:
        straatnaam = straatnaam or vestiging.straatnaam
        plaatsnaam = plaatsnaam or vestiging.plaatsnaam
    gevonden = adrescontrole.adres if adrescontrole is not None else None
    if gevonden is not None:
        straatnaam = straatnaam or gevonden.straatnaam
        plaatsnaam = plaatsnaam or gevonden.plaatsnaam
    bag_id = gevonden.bag_id if gevonden is not None else ""
    locatie = vind_of_maak_locatie(postcode, huisnummer, toevoeging, straatnaam, plaatsnaam, bag_id)
    gebruik = Onderwijslocatiegebruik.objects.create(bestuur=bestuur, locatie=locatie, begindatum=begindatum)
    Vestigingsrelatie.objects.create(gebruik=gebruik, vestiging=vestiging, begindatum=begindatum)
    bag = f", BAG-id {locatie.bag_id}" if locatie.bag_id else ""
    audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=gebruik, bestuurcode=bestuur.code, voor=None,
                     omschrijving=f"Locatie {locatie.code} ({locatie.adres}{bag}) in gebruik genomen",
                     ingangsdatum=begindatum)
    return gebruik


def beeindig_locatiegebruik(gebruik: Onderwijslocatiegebruik, *, door: Door, versie: int | None,
                            einddatum: date) -> Onderwijslocatiegebruik:
    """End the gebruik; its BRIN6 relations and the board's aangeboden opleidingen there end with it."""
    with _beeindiging(gebruik, door=door, einddatum=einddatum, versie=versie) as w:
        gebruik = w.obj
        einddatum_fouten(w.fouten, einddatum, begin=gebruik.begindatum, bestaand=gebruik)
        w.gooi()
        _beeindig_rijen(gebruik, door=door, einddatum=einddatum)
    return gebruik


def beeindig_gebruik_intern(gebruik: Onderwijslocatiegebruik, *, door: Door, einddatum: date) -> None:
    """The cascade itself, also used when a board ends (inside the caller's transaction, row already locked)."""
    with _beeindiging(gebruik, door=door, einddatum=einddatum, vergrendelen=False):
        _beeindig_rijen(gebruik, door=door, einddatum=einddatum)


def _beeindiging(gebruik: Onderwijslocatiegebruik, *, door: Door, einddatum: date, versie: int | None = None,
                 vergrendelen: bool = True) -> AbstractContextManager[Wijziging[Onderwijslocatiegebruik]]:
    return audit.wijziging(gebruik, door=door, actie=Actie.BEEINDIGD, bestuurcode=gebruik.bestuur.code,
                           omschrijving=f"Locatiegebruik {gebruik.code} ({gebruik.locatie.adres}) beëindigd per "
                                        f"{datum(einddatum)}",
                           ingangsdatum=einddatum, versie=versie, vergrendelen=vergrendelen)


def _beeindig_rijen(gebruik: Onderwijslocatiegebruik, *, door: Door, einddatum: date) -> None:
    perioden.kort_in(gebruik.vestigingsrelaties.all(), einddatum)
    beeindig_opleidingen_op_locatie(gebruik.bestuur, gebruik.locatie, door=door, einddatum=einddatum)
    gebruik.einddatum = einddatum


def voeg_vestiging_toe(gebruik: Onderwijslocatiegebruik, *, door: Door, vestiging: Vestigingserkenning | None,
                       begindatum: date) -> Vestigingsrelatie | None:
    # The omschrijving is only used on success, when the checks have made sure there is a vestiging.
    code = vestiging.code if vestiging is not None else ""
    with audit.wijziging(gebruik, door=door, actie=Actie.GEWIJZIGD, bestuurcode=gebruik.bestuur.code,
                         omschrijving=f"Vestiging {code} gekoppeld aan locatiegebruik {gebruik.code} "
                                      f"({gebruik.locatie.adres})", ingangsdatum=begindatum) as w:
        gebruik = w.obj
        niet_in_verleden(w.fouten, begindatum, "begindatum", "De begindatum")
        binnen_levensduur(w.fouten, begindatum, gebruik, "begindatum", "De begindatum")
        _vestiging_fouten(w.fouten, gebruik.bestuur, vestiging, begindatum)
        if vestiging is not None:
            for bestaand in gebruik.vestigingsrelaties.filter(vestiging=vestiging):
                if overlapt(begindatum, gebruik.einddatum, bestaand.begindatum, bestaand.einddatum):
                    w.fouten.voeg_toe("vestiging", gettext("Vestiging %(code)s is in die periode al gekoppeld.") % {
                        "code": vestiging.code})
        w.gooi()
        assert vestiging is not None  # _vestiging_fouten refuses None
        relatie = Vestigingsrelatie.objects.create(gebruik=gebruik, vestiging=vestiging, begindatum=begindatum,
                                                   einddatum=gebruik.einddatum)
    return relatie


def beeindig_vestigingsrelatie(relatie: Vestigingsrelatie, *, door: Door, einddatum: date) -> None:
    gebruik = relatie.gebruik
    with audit.wijziging(gebruik, door=door, actie=Actie.BEEINDIGD, bestuurcode=gebruik.bestuur.code,
                         omschrijving=f"Koppeling van locatiegebruik {relatie.gebruik.code} met vestiging "
                                      f"{relatie.vestiging.code} beëindigd per "
                                      f"{datum(einddatum)}", ingangsdatum=einddatum) as w:
        gebruik = w.obj
        einddatum_fouten(w.fouten, einddatum, begin=relatie.begindatum)
        # PO: a locatiegebruik stays tied to at least one vestigingserkenning while it lasts (P12).
        if not perioden.heeft_opvolger(gebruik, gebruik.vestigingsrelaties.exclude(pk=relatie.pk), einddatum):
            w.fouten.voeg_toe("einddatum", gettext("Een locatiegebruik houdt minstens één vestigingserkenning "
                                                   "(BRIN6). Koppel eerst een andere vestiging, of beëindig het "
                                                   "locatiegebruik."))
        w.gooi()
        relatie.einddatum = einddatum
        relatie.save(update_fields=["einddatum"])
