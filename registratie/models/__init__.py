from registratie.models.audit import AuditRegel
from registratie.models.base import Levensduur, Periode, geldig_op
from registratie.models.begeleiding import BegeleidingErkenning, BegeleidingPeriode, Onderwijsbegeleidingsaanbieder
from registratie.models.codes import Codeteller
from registratie.models.contact import Contactgegevens
from registratie.models.handelsregister import Handelsregistergegevens
from registratie.models.juridisch import (
    NAAM_ONBEKEND,
    BevoegdGezag,
    EerdereNaam,
    Instellingserkenning,
    Vestigingserkenning,
)
from registratie.models.locatie import Onderwijslocatie, Onderwijslocatiegebruik, Vestigingsrelatie, toon_postcode
from registratie.models.opleiding import AangebodenOpleiding, AangebodenOpleidingPeriode, Kenmerk, Opleiding
from registratie.models.opvolging import Opvolging
from registratie.models.organisatie import (
    AanbiederPeriode,
    BestuurPeriode,
    GroepPeriode,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
)
from registratie.models.samenwerking import BijbehorendBestuur, Uitnodiging
from registratie.models.stand import Bestuursstand

__all__ = [
    "NAAM_ONBEKEND",
    "AanbiederPeriode",
    "AangebodenOpleiding",
    "AangebodenOpleidingPeriode",
    "AuditRegel",
    "BegeleidingErkenning",
    "BegeleidingPeriode",
    "BestuurPeriode",
    "Bestuursstand",
    "BevoegdGezag",
    "BijbehorendBestuur",
    "Codeteller",
    "Contactgegevens",
    "EerdereNaam",
    "GroepPeriode",
    "Handelsregistergegevens",
    "Instellingserkenning",
    "JuridischeRelatie",
    "Kenmerk",
    "Levensduur",
    "Onderwijsaanbieder",
    "Onderwijsaanbiedersgroep",
    "Onderwijsbegeleidingsaanbieder",
    "Onderwijsbestuur",
    "Onderwijslocatie",
    "Onderwijslocatiegebruik",
    "Opleiding",
    "Opvolging",
    "Periode",
    "Uitnodiging",
    "Vestigingserkenning",
    "Vestigingsrelatie",
    "geldig_op",
    "toon_postcode",
]

from registratie.models.samenwerkingsverband import Lidmaatschap, Samenwerkingssoort, Samenwerkingsverband

__all__ += ["Lidmaatschap", "Samenwerkingssoort", "Samenwerkingsverband"]
