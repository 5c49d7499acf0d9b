"""Services for the onderwijsbegeleidingsaanbieder (999T999, rio-po.md §1.6): only boards of cluster 1 and 2 (so/vso)
register one; it hangs under one or more so/vso instellingserkenningen and starts not before them (as rule 8)."""

import re
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import transaction

from kern.fouten import Fouten
from registratie.domein.enumeraties import EXPERTISE_BEGELEIDING
from registratie.models import (
    AuditRegel,
    BegeleidingErkenning,
    BegeleidingPeriode,
    Instellingserkenning,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
)
from registratie.services import audit, perioden
from registratie.services.audit import Door
from registratie.services.codes import nieuwe_code
from registratie.services.contact import beeindig_contacten_van
from registratie.services.organisatie import naam_fouten
from registratie.services.regels import binnen_levensduur, datum, einddatum_fouten

Actie = AuditRegel.Actie
SO_VSO = (Instellingserkenning.Soort.SO, Instellingserkenning.Soort.VSO, Instellingserkenning.Soort.VSO_SO)
# rio-po.md §1.6: the boards of cluster 1 (visueel) and 2 (auditief en communicatief) have begeleidingsaanbieders.
BEGELEIDINGSCLUSTERS = {"1", "2"}


def clusters(instelling: Instellingserkenning) -> set[str]:
    """The clusters DUO gives an instelling ('3/4' → {'3', '4'}); empty when DUO gives none."""
    return set(re.findall(r"[1-4]", instelling.cluster))


def past_bij_begeleiding(instelling: Instellingserkenning) -> bool:
    """An erkenning a begeleidingsaanbieder may hang under: so/vso, of cluster 1 or 2 when DUO gives a cluster."""
    gevonden = clusters(instelling)
    return instelling.soort in SO_VSO and (not gevonden or bool(gevonden & BEGELEIDINGSCLUSTERS))


def kan_begeleiden(instellingen: Iterable[Instellingserkenning], heeft_begeleiders: bool) -> bool:
    """Whether a board gets the begeleidingsaanbieders section (Mijn organisatie) and item (stappenplan): it has one
    on the peildatum, or a running erkenning one may hang under. Asked of the board's loaded erkenningen."""
    return heeft_begeleiders or any(i.einddatum is None and past_bij_begeleiding(i) for i in instellingen)


def mogelijke_erkenningen(bestuur: Onderwijsbestuur) -> list[Instellingserkenning]:
    """The board's running instellingserkenningen a begeleidingsaanbieder may be registered under (for the form)."""
    kandidaten = Instellingserkenning.objects.filter(bevoegd_gezag_id=bestuur.bevoegd_gezag_id, einddatum__isnull=True,
                                                     soort__in=SO_VSO).order_by("code")
    return [i for i in kandidaten if past_bij_begeleiding(i)]


def erkenning_fouten(fouten: Fouten, bestuur: Onderwijsbestuur, instelling: Instellingserkenning, begin: date,
                      veld: str) -> None:
    if bestuur.bevoegd_gezag_id is None or instelling.bevoegd_gezag_id != bestuur.bevoegd_gezag_id:
        fouten.voeg_toe(veld, f"Instelling {instelling.code} hoort niet bij het bevoegd gezag van dit bestuur. "
                              "Kies een BRIN van uw eigen bevoegd gezag.")
        return
    if instelling.soort not in SO_VSO:
        soort = instelling.get_soort_display() or "onbekend bij DUO"
        fouten.voeg_toe(veld, f"Instelling {instelling.code} is geen school voor (voortgezet) speciaal onderwijs "
                              f"(soort: {soort}). Alleen besturen van so/vso (cluster 1 en 2) registreren een "
                              "onderwijsbegeleidingsaanbieder.")
    elif not past_bij_begeleiding(instelling):
        fouten.voeg_toe(veld, f"Instelling {instelling.code} is een so/vso-school van cluster {instelling.cluster}. "
                              "Alleen scholen van cluster 1 en 2 registreren een onderwijsbegeleidingsaanbieder.")
    if instelling.begindatum and begin < instelling.begindatum:
        fouten.voeg_toe(veld, f"De oprichtingsdatum ({datum(begin)}) ligt vóór de erkenning van {instelling.code} "
                              f"({datum(instelling.begindatum)}). De oprichtingsdatum mag niet eerder liggen.")
    if instelling.einddatum and begin > instelling.einddatum:
        fouten.voeg_toe(veld, f"De erkenning {instelling.code} is beëindigd per {datum(instelling.einddatum)}.")


def expertise_fouten(fouten: Fouten, expertises: Sequence[str]) -> None:
    if not expertises:
        fouten.voeg_toe("expertises", "Kies minstens één expertise.")
    onbekend = [e for e in expertises if EXPERTISE_BEGELEIDING.waarde(e) is None]
    if onbekend:
        fouten.voeg_toe("expertises", f"Onbekende expertise: {', '.join(onbekend)[:100]}. Kies uit de lijst.")


@transaction.atomic
def registreer_begeleidingsaanbieder(bestuur: Onderwijsbestuur, *, door: Door, naam: str,
                                     internationale_naam: str = "", begindatum: date,
                                     instellingen: Sequence[Instellingserkenning],
                                     expertises: Sequence[str]) -> Onderwijsbegeleidingsaanbieder:
    instellingen = list(dict.fromkeys(instellingen))
    expertises = list(dict.fromkeys(expertises))
    fouten = Fouten()
    naam_fouten(fouten, naam, internationale_naam)
    binnen_levensduur(fouten, begindatum, bestuur, "begindatum", "De oprichtingsdatum")
    if not mogelijke_erkenningen(bestuur) and not instellingen:
        fouten.voeg_toe("instellingen", "Dit bestuur heeft geen erkenning voor (voortgezet) speciaal onderwijs van "
                                        "cluster 1 of 2. Alleen zulke besturen registreren een "
                                        "onderwijsbegeleidingsaanbieder.")
    elif not instellingen:
        fouten.voeg_toe("instellingen", "Kies minstens één instellingserkenning (BRIN) voor (voortgezet) speciaal "
                                        "onderwijs.")
    for instelling in instellingen:
        erkenning_fouten(fouten, bestuur, instelling, begindatum, "instellingen")
    expertise_fouten(fouten, expertises)
    fouten.gooi()
    obj = Onderwijsbegeleidingsaanbieder.objects.create(code=nieuwe_code("T"), bestuur=bestuur,
                                                        begindatum=begindatum, expertises=expertises)
    perioden.eerste_periode(BegeleidingPeriode, "begeleidingsaanbieder", obj, naam=naam.strip(),
                            internationale_naam=internationale_naam.strip())
    BegeleidingErkenning.objects.bulk_create(
        BegeleidingErkenning(begeleidingsaanbieder=obj, instelling=i, begindatum=begindatum) for i in instellingen)
    audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=obj, bestuurcode=bestuur.code, voor=None,
                     omschrijving=f"Onderwijsbegeleidingsaanbieder {obj.code} {naam.strip()} toegevoegd",
                     ingangsdatum=begindatum)
    return obj


def wijzig_begeleidingsaanbieder(obj: Onderwijsbegeleidingsaanbieder, *, door: Door, versie: int | None,
                                 ingangsdatum: date, naam: str, internationale_naam: str,
                                 expertises: Sequence[str]) -> Onderwijsbegeleidingsaanbieder:
    """A new name per ingangsdatum (today or scheduled); the expertise changes at once."""
    with audit.wijziging(obj, door=door, versie=versie, actie=audit.wijzigingsactie(ingangsdatum),
                         bestuurcode=obj.bestuur.code,
                         omschrijving=f"Begeleidingsaanbieder {audit.benoem(obj)} gewijzigd per {datum(ingangsdatum)}",
                         ingangsdatum=ingangsdatum) as w:
        obj = w.obj
        expertises = list(dict.fromkeys(expertises))
        naam_fouten(w.fouten, naam, internationale_naam)
        expertise_fouten(w.fouten, expertises)
        if obj.einddatum is not None and obj.einddatum < ingangsdatum:
            w.fouten.voeg_toe("ingangsdatum", f"De begeleidingsaanbieder is beëindigd per {datum(obj.einddatum)}.")
        w.gooi()
        gewijzigd = perioden.wijzig_per(obj, ingangsdatum, {"naam": naam.strip(),
                                                            "internationale_naam": internationale_naam.strip()})
        if list(obj.expertises) != expertises:
            obj.expertises = expertises
            gewijzigd = True
        if not gewijzigd:
            w.niets_gewijzigd()
    return obj


def beeindig_begeleidingsaanbieder(obj: Onderwijsbegeleidingsaanbieder, *, door: Door, versie: int | None,
                                   einddatum: date) -> Onderwijsbegeleidingsaanbieder:
    """End it; its erkenningsrelaties, names and contacts end with it."""
    with audit.wijziging(obj, door=door, versie=versie, actie=Actie.BEEINDIGD, bestuurcode=obj.bestuur.code,
                         omschrijving=f"Begeleidingsaanbieder {audit.benoem(obj)} beëindigd per {datum(einddatum)}",
                         ingangsdatum=einddatum) as w:
        obj = w.obj
        einddatum_fouten(w.fouten, einddatum, begin=obj.begindatum, bestaand=obj)
        w.gooi()
        beeindig_contacten_van(obj, door=door, einddatum=einddatum)
        perioden.kort_in(obj.erkenningsrelaties.all(), einddatum)
        obj.einddatum = einddatum
        perioden.beeindig_perioden(obj, einddatum)
    return obj

