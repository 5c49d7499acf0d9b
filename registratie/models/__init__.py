from .audit import AuditRegel
from .base import Levensduur, Periode, geldig_op
from .blauwdruk import Blauwdruk
from .codes import Codeteller
from .contact import Contactgegevens
from .juridisch import BevoegdGezag, Instellingserkenning, Vestigingserkenning
from .locatie import Onderwijslocatie, Onderwijslocatiegebruik, Vestigingsrelatie, toon_postcode
from .opleiding import AangebodenOpleiding, AangebodenOpleidingPeriode, Kenmerk, Opleiding
from .organisatie import (
    AanbiederPeriode,
    BestuurPeriode,
    GroepPeriode,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
)

__all__ = [
    "AanbiederPeriode", "AangebodenOpleiding", "AangebodenOpleidingPeriode", "AuditRegel", "BestuurPeriode",
    "BevoegdGezag", "Blauwdruk", "Codeteller", "Contactgegevens", "GroepPeriode", "Instellingserkenning",
    "JuridischeRelatie", "Kenmerk", "Levensduur", "Onderwijsaanbieder", "Onderwijsaanbiedersgroep", "Onderwijsbestuur",
    "Onderwijslocatie", "Onderwijslocatiegebruik", "Opleiding", "Periode", "Vestigingserkenning",
    "Vestigingsrelatie", "geldig_op", "toon_postcode",
]
