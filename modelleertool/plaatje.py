"""A concept blauwdruk as the organisation picture: the layout of registratie.plaatje, fed from a concept."""

from dataclasses import dataclass, field
from datetime import date

from modelleertool.modelleren import aanbieder_ref, locatie_ref
from registratie.models import Onderwijsbestuur, Onderwijslocatie, Opleiding, Vestigingserkenning

# --- A concept blauwdruk, drawn by the same layout ---------------------------------------------------------------
# The layout above reads model objects. These stand-ins offer the attributes it reads, filled from the rows of a
# concept (modelleertool.inhoud). An object that is new in the concept has no code yet: it is shown as
# "nieuw-1", "nieuw-2", ... (a new locatie as "nieuw-" and its BRIN6). Rows ended before the peildatum are left out.

@dataclass(frozen=True)
class _Naam:
    naam: str


@dataclass(frozen=True)
class _Brin:
    code: str


@dataclass
class ConceptOpleiding:
    code: str
    eigen_naam: str
    opleiding: Opleiding
    locatie: Onderwijslocatie | None
    begindatum: date

    @property
    def locatie_id(self) -> str | None:
        return self.locatie.code if self.locatie is not None else None

    def huidige_periode(self, peildatum: date) -> _Naam:
        return _Naam(self.eigen_naam)


@dataclass
class ConceptAanbieder:
    code: str
    naam: str
    begindatum: date
    brin4_op_peildatum: list[_Brin]
    opleidingen_op_peildatum: list[ConceptOpleiding] = field(default_factory=list)
    groep_id: None = None

    def huidige_periode(self, peildatum: date) -> _Naam:
        return _Naam(self.naam)


@dataclass(frozen=True)
class ConceptGebruik:
    locatie: Onderwijslocatie

    @property
    def locatie_id(self) -> str:
        return self.locatie.code


@dataclass
class ConceptBoom:
    bestuur: Onderwijsbestuur
    peildatum: date
    aanbieders: list[ConceptAanbieder]
    locatiegebruiken: list[ConceptGebruik]
    groepen: list = field(default_factory=list)


def _concept_locatie(rij, code: str, vestigingen: dict[str, Vestigingserkenning]) -> Onderwijslocatie:
    """An unsaved Onderwijslocatie (for its address properties); without an address: that of its BRIN6."""
    v = vestigingen.get(rij.brin6[0]) if rij.brin6 and not rij.postcode else None
    if v is not None:
        return Onderwijslocatie(code=code, straatnaam=v.straatnaam, huisnummer=v.huisnummer,
                                huisnummertoevoeging=v.huisnummertoevoeging, postcode=v.postcode,
                                plaatsnaam=v.plaatsnaam)
    return Onderwijslocatie(code=code, straatnaam=rij.straatnaam, huisnummer=rij.huisnummer or "",
                            huisnummertoevoeging=rij.toevoeging, postcode=rij.postcode, plaatsnaam=rij.plaatsnaam)


def concept_boom(bestuur: Onderwijsbestuur, inhoud, peildatum: date) -> ConceptBoom:
    """A concept's content (inhoud.Blauwdruk) as the tree the layout draws."""
    def loopt(rij) -> bool:
        return rij.einddatum is None or rij.einddatum >= peildatum

    catalogus = {o.naam: o for o in Opleiding.objects.all()}
    vestigingen = {v.code: v for v in Vestigingserkenning.objects.filter(
        instelling__bevoegd_gezag=bestuur.bevoegd_gezag_id)}
    locaties: dict[str, Onderwijslocatie] = {}
    for i, rij in enumerate((r for r in inhoud.locaties if loopt(r)), start=1):
        code = rij.code or f"nieuw-{rij.brin6[0] if rij.brin6 else i}"
        locaties[locatie_ref(rij)] = _concept_locatie(rij, code, vestigingen)
    aanbieders: dict[str, ConceptAanbieder] = {}
    nieuw = 0
    for a in (r for r in inhoud.aanbieders if loopt(r)):
        nieuw += not a.code
        aanbieders[aanbieder_ref(a)] = ConceptAanbieder(a.code or f"nieuw-{nieuw}", a.naam, a.begindatum or peildatum,
                                                        [_Brin(c) for c in a.brin4])
    nieuw = 0
    for o in inhoud.opleidingen:
        if loopt(o) and o.aanbieder in aanbieders and o.opleiding in catalogus:
            nieuw += not o.code
            aanbieders[o.aanbieder].opleidingen_op_peildatum.append(ConceptOpleiding(
                o.code or f"nieuw-{nieuw}", o.eigen_naam, catalogus[o.opleiding], locaties.get(o.locatie),
                o.begindatum or peildatum))
    return ConceptBoom(bestuur, peildatum, list(aanbieders.values()),
                       [ConceptGebruik(loc) for loc in locaties.values()])
