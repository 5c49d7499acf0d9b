from registratie.models.audit import AuditRegel
from registratie.models.base import Levensduur, Periode, geldig_op
from registratie.models.codes import Codeteller
from registratie.models.contact import Contactgegevens
from registratie.models.juridisch import (
    NAAM_ONBEKEND,
    BevoegdGezag,
    EerdereNaam,
    Instellingserkenning,
    Vestigingserkenning,
)
from registratie.models.locatie import Onderwijslocatie, Onderwijslocatiegebruik, Vestigingsrelatie, toon_postcode
from registratie.models.opleiding import AangebodenOpleiding, AangebodenOpleidingPeriode, Kenmerk, Opleiding
from registratie.models.organisatie import (
    AanbiederPeriode,
    BestuurPeriode,
    GroepPeriode,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
)

__all__ = [
    "NAAM_ONBEKEND", "AanbiederPeriode", "AangebodenOpleiding", "AangebodenOpleidingPeriode", "AuditRegel",
    "BestuurPeriode",
    "BevoegdGezag", "Codeteller", "Contactgegevens", "EerdereNaam", "GroepPeriode", "Instellingserkenning",
    "JuridischeRelatie", "Kenmerk", "Levensduur", "Onderwijsaanbieder", "Onderwijsaanbiedersgroep", "Onderwijsbestuur",
    "Onderwijslocatie", "Onderwijslocatiegebruik", "Opleiding", "Periode", "Vestigingserkenning",
    "Vestigingsrelatie", "geldig_op", "toon_postcode",
]

from registratie.models.samenwerkingsverband import Lidmaatschap, Samenwerkingssoort, Samenwerkingsverband

__all__ += ["Lidmaatschap", "Samenwerkingssoort", "Samenwerkingsverband"]
