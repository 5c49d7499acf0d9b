"""RIO waardenlijsten for PO (rio-po.md §1.9, §2) with the dates on which each value is valid.

Values are the codes as RIO stores them; labels are the portal's Dutch texts.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kern.geldigheid import Geldigheid


@dataclass(frozen=True)
class Waarde(Geldigheid):
    code: str
    label: str
    begindatum: date | None = None
    einddatum: date | None = None

    # The name registratie.services.regels uses.
    geldig_op = Geldigheid.is_geldig_op


@dataclass(frozen=True)
class Waardenlijst:
    naam: str
    waarden: tuple[Waarde, ...]

    def waarde(self, code: str) -> Waarde | None:
        return next((w for w in self.waarden if w.code == code), None)

    def keuzes(self) -> list[tuple[str, str]]:
        return [(w.code, w.label) for w in self.waarden]


DOELGROEP_BO = Waardenlijst("DoelgroeponderwijsBO", (
    Waarde("BO", "Regulier basisonderwijs", date(1996, 8, 1)),
    Waarde("EUROPESE_SCHOOL", "Europees basisonderwijs"),
    Waarde("IGBO", "Internationaal georiënteerd basisonderwijs", date(2012, 8, 1)),
    Waarde("SBO", "Speciaal basisonderwijs", date(1998, 8, 1)),
    Waarde("VK", "Basisonderwijs aan varende kinderen", date(1996, 8, 1)),
    Waarde("ONDERWIJSVOORZIENING_ONTHEEMDEN", "Onderwijsvoorziening ontheemden"),
    Waarde("TIJDELIJKE_NIEUWKOMERSVOORZIENING", "Tijdelijke nieuwkomersvoorziening"),
))

DOELGROEP_SO_VSO = Waardenlijst("DoelgroeponderwijsSoVso", tuple(Waarde(c, f"Ondersteuning bij {t}") for c, t in [
    ("AUTISME", "autismespectrumstoornissen"),
    ("DOOF", "doofheid"),
    ("DOOF_EN_VISUEEL_GEHANDICAPT", "doofblindheid"),
    ("DOOF_EN_ZEER_MOEILIJK_LEREND", "doofheid en zeer moeilijk leren"),
    ("EPILEPSIE", "epilepsie"),
    ("ERNSTIGE_SPRAAK_MOEILIJKHEDEN", "taalontwikkelingsstoornissen"),
    ("LANGDURIG_ZIEK", "langdurige ziekte"),
    ("LEER_EN_OPVOEDINGSMOEILIJKHEDEN", "leer- en opvoedingsmoeilijkheden"),
    ("LICHAMELIJK_GEHANDICAPT", "lichamelijke beperkingen"),
    ("LICHAMELIJK_GEHANDICAPT_EN_ZEER_MOEILIJK_LEREND", "lichamelijke beperkingen en zeer moeilijk leren"),
    ("MOEILIJK_LEREND", "moeilijk leren"),
    ("SLECHT_HOREND", "slechthorendheid"),
    ("SLECHT_HOREND_EN_ZEER_MOEILIJK_LEREND", "slechthorendheid en zeer moeilijk leren"),
    ("VISUEEL_GEHANDICAPT", "visuele beperkingen"),
    ("VISUEEL_GEHANDICAPT_EN_ZEER_MOEILIJK_LEREND", "visuele beperkingen en zeer moeilijk leren"),
    ("ZEER_MOEILIJK_OPVOEDBAAR", "gedragsproblemen (zeer moeilijk opvoedbaar)"),
]))

ONDERWIJSCONCEPT = Waardenlijst("PedagogischConcept", (
    Waarde("AGORA", "Agora"),
    Waarde("DALTON", "Dalton"),
    Waarde("FREINET", "Freinet"),
    Waarde("HBGO", "Hoogbegaafdenonderwijs"),
    Waarde("INTERNATIONAL_PRIMARY_CURRICULUM", "International Primary Curriculum"),
    Waarde("JENAPLAN", "Jenaplan"),
    Waarde("MONTESSORI", "Montessori"),
    Waarde("VRIJESCHOOL", "Vrijeschool"),
))

DOORLOPENDE_LEERLIJN_BO_VO = Waardenlijst("DoorlopendeLeerlijnenBoVo", (
    Waarde("SCHAKELKLAS_PO_VO", "Schakelklas po-vo", date(1993, 8, 1)),
    Waarde("TIENERSCHOOL", "Tienerschool", date(2018, 8, 1)),
))

DOORLOPENDE_LEERLIJN_VSO_MBO = Waardenlijst("DoorlopendeLeerlijnVsoMbo", (
    Waarde("DLR_VMBO_MBO", "Doorlopende leerroute vmbo-mbo"),
    Waarde("GLR_VMBO_MBO", "Geïntegreerde leerroute vmbo-mbo"),
    Waarde("PRO_ENTREE", "Praktijkonderwijs-entree"),
))

BIJZONDERE_INRICHTING_BO = Waardenlijst("BijzondereInrichtingBo", (
    Waarde("CULTUURPROFIEL_PO", "Cultuurprofielschool po"),
    Waarde("DAMU", "DAMU-school"),
    Waarde("PILOT_TPO", "Pilot tweetalig primair onderwijs"),
    Waarde("TWEETALIG_PRIMAIR_ONDERWIJS_TPO", "Tweetalig primair onderwijs"),
    Waarde("UNESCO", "UNESCO-school"),
))

BIJZONDERE_INRICHTING_SO_VSO = Waardenlijst("BijzondereInrichtingSoVso", (
    Waarde("CULTUURPROFIEL_PO", "Cultuurprofielschool po"),
    Waarde("UNESCO", "UNESCO-school"),
))


class Sector(StrEnum):
    BO = "BO"
    SO = "SO"
    VSO = "VSO"

    @property
    def label(self) -> str:
        return {"BO": "Basisonderwijs", "SO": "Speciaal onderwijs", "VSO": "Voortgezet speciaal onderwijs"}[self]


@dataclass(frozen=True)
class Kenmerksoort:
    """A kenmerknaam allowed on an aangeboden opleiding of a sector, with its cardinality."""

    naam: str
    label: str
    lijst: Waardenlijst
    minimum: int
    maximum: int


KENMERKEN: dict[Sector, tuple[Kenmerksoort, ...]] = {
    Sector.BO: (
        Kenmerksoort("doelgroepBasisonderwijs", "Doelgroep", DOELGROEP_BO, 1, 1),
        Kenmerksoort("onderwijsconcept", "Onderwijsconcept", ONDERWIJSCONCEPT, 0, 1),
        Kenmerksoort("doorlopendeLeerlijnBoVo", "Doorlopende leerlijn", DOORLOPENDE_LEERLIJN_BO_VO, 0, 1),
        Kenmerksoort("bijzondereInrichting", "Bijzondere inrichting", BIJZONDERE_INRICHTING_BO, 0, 1),
    ),
    Sector.SO: (
        Kenmerksoort("doelgroepSpeciaalOnderwijs", "Doelgroepen", DOELGROEP_SO_VSO, 1, 10),
        Kenmerksoort("onderwijsconcept", "Onderwijsconcept", ONDERWIJSCONCEPT, 0, 1),
        Kenmerksoort("bijzondereInrichting", "Bijzondere inrichting", BIJZONDERE_INRICHTING_SO_VSO, 0, 1),
    ),
    Sector.VSO: (
        Kenmerksoort("doelgroepSpeciaalOnderwijs", "Doelgroepen", DOELGROEP_SO_VSO, 1, 10),
        Kenmerksoort("onderwijsconcept", "Onderwijsconcept", ONDERWIJSCONCEPT, 0, 1),
        Kenmerksoort("doorlopendeLeerlijnVsoMbo", "Doorlopende leerlijn vso-mbo", DOORLOPENDE_LEERLIJN_VSO_MBO, 0, 1),
        Kenmerksoort("bijzondereInrichting", "Bijzondere inrichting", BIJZONDERE_INRICHTING_SO_VSO, 0, 1),
    ),
}


def kenmerksoort(sector: Sector, naam: str) -> Kenmerksoort | None:
    return next((k for k in KENMERKEN[sector] if k.naam == naam), None)


def kenmerk_labels(sector: str, kenmerken: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, value label) per (kenmerknaam, code), e.g. ('Doelgroep', 'Regulier basisonderwijs').

    The one place screens and files turn kenmerken into words; an unknown name or code is shown as it is.
    """
    soorten = {s.naam: s for s in KENMERKEN[Sector(sector)]}
    labels = []
    for naam, code in kenmerken:
        soort = soorten.get(naam)
        waarde = soort.lijst.waarde(code) if soort else None
        labels.append((soort.label if soort else naam, waarde.label if waarde else code))
    return labels


class Openbaarheid(StrEnum):
    OPENBAAR = "openbaar"
    BESLOTEN = "besloten"


@dataclass(frozen=True)
class Communicatiecontext:
    code: str
    label: str
    openbaarheid: Openbaarheid
    lezers: str  # who reads a restricted context, shown on screens


COMMUNICATIECONTEXTEN: tuple[Communicatiecontext, ...] = (
    Communicatiecontext("ALGEMEEN", "Algemeen", Openbaarheid.OPENBAAR, "iedereen (ook open data)"),
    Communicatiecontext("LEERPLICHT", "Leerplicht", Openbaarheid.BESLOTEN, "gemeente: leerplicht en RMC"),
    Communicatiecontext("TOEZICHT", "Toezicht", Openbaarheid.BESLOTEN, "Inspectie van het Onderwijs"),
    Communicatiecontext("BEKOSTIGING", "Bekostiging", Openbaarheid.BESLOTEN, "DUO"),
    Communicatiecontext("PASSEND_ONDERWIJS", "Passend onderwijs", Openbaarheid.BESLOTEN, "samenwerkingsverband"),
    Communicatiecontext("SCHOOLALERT", "Schoolalert", Openbaarheid.BESLOTEN, "politie (Schoolalert)"),
    Communicatiecontext("AANMELDEN", "Aanmelden", Openbaarheid.OPENBAAR, "iedereen"),
    Communicatiecontext("FACTURATIE", "Facturatie", Openbaarheid.OPENBAAR, "iedereen"),
)
CONTEXT_PER_CODE = {c.code: c for c in COMMUNICATIECONTEXTEN}
CONTEXT_KEUZES = [(c.code, c.label) for c in COMMUNICATIECONTEXTEN]


# Expertise of an onderwijsbegeleidingsaanbieder (rio-po.md §1.6, X9 Onderwijsbegeleidingsaanbiedersexpertise).
EXPERTISE_BEGELEIDING = Waardenlijst("Onderwijsbegeleidingsaanbiedersexpertise", tuple(Waarde(c, t) for c, t in [
    ("AUTISMESPECTRUMSTOORNISSEN", "Autismespectrumstoornissen"),
    ("COGNITIEVE_BEPERKINGEN", "Cognitieve beperkingen"),
    ("DOOF_MEERVOUDIG_BEPERKT", "Doof, meervoudig beperkt"),
    ("DOOFBLINDHEID", "Doofblindheid"),
    ("DOOFHEID", "Doofheid"),
    ("EPILEPSIE", "Epilepsie"),
    ("GEDRAGSPROBLEMEN", "Gedragsproblemen"),
    ("LANGDURIGE_ZIEKTE", "Langdurige ziekte"),
    ("LICHAMELIJKE_BEPERKINGEN", "Lichamelijke beperkingen"),
    ("MEERVOUDIGE_BEPERKINGEN", "Meervoudige beperkingen"),
    ("SLECHTHOREND_MEERVOUDIG_BEPERKT", "Slechthorend, meervoudig beperkt"),
    ("SLECHTHORENDHEID", "Slechthorendheid"),
    ("SOCIAALPSYCHOLOGISCHE_PROBLEMEN", "Sociaalpsychologische problemen"),
    ("TAALONTWIKKELINGSSTOORNISSEN", "Taalontwikkelingsstoornissen"),
    ("VISUEEL_MEERVOUDIG_BEPERKT", "Visueel, meervoudig beperkt"),
    ("VISUELE_BEPERKINGEN", "Visuele beperkingen"),
]))
