"""Small builders for test data; they go through the domain services like every other entry path."""

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import date

from django.contrib.auth import get_user_model

from autorisatie.models import Roltoewijzing
from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from registratie.models import (
    BevoegdGezag,
    Instellingserkenning,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Opleiding,
    Vestigingserkenning,
)
from registratie.services import locatie as locatie_services
from registratie.services import opleiding as opleiding_services
from registratie.services import organisatie as organisatie_services

BEGIN = date(2021, 8, 1)


def bestuur_met_erkenningen(nummer: str, brin4s: Sequence[str] = ("11AA",), vestigingen_per_brin: int = 1,
                            begindatum: date = BEGIN, soort: str = "BAO") -> Onderwijsbestuur:
    """A bevoegd gezag with BRIN4s and BRIN6s (with addresses), and its onderwijsbestuur."""
    bg = BevoegdGezag.objects.create(nummer=nummer, naam=f"Stichting {nummer}")
    for i, brin4 in enumerate(brin4s):
        instelling = Instellingserkenning.objects.create(code=brin4, naam=f"School {brin4}", bevoegd_gezag=bg,
                                                         soort=soort)
        for v in range(vestigingen_per_brin):
            Vestigingserkenning.objects.create(
                code=f"{brin4}{v:02d}", instelling=instelling, naam=f"School {brin4} vestiging {v}",
                straatnaam="Schoolstraat", huisnummer=int(nummer[-3:]) * 10 + i * 3 + v + 1,
                postcode=f"{1000 + int(nummer[-3:]) % 8000}AB", plaatsnaam="UTRECHT",
            )
    return organisatie_services.maak_bestuur_voor_bevoegd_gezag(bg, begindatum, door="test")


def gebruiker_met_rollen(gebruikersnaam: str, bestuur: Onderwijsbestuur | None,
                         rollen: Iterable[Rol] = GEBRUIKERSROLLEN, begindatum: date = BEGIN,
                         einddatum: date | None = None):
    gebruiker = get_user_model().objects.create_user(gebruikersnaam, f"{gebruikersnaam}@example.test",
                                                     "geheim-wachtwoord")
    for rol in rollen:
        Roltoewijzing.objects.create(gebruiker=gebruiker, rol=rol, bestuur=bestuur, begindatum=begindatum,
                                     einddatum=einddatum, bron="test")
    if bestuur is not None:  # roles for a board hold only while the person logs in for it (docs/adr/0007)
        from autorisatie.models import Organisatielid

        Organisatielid.objects.create(gebruiker=gebruiker, bestuur=bestuur)
    return gebruiker


def aanbieder(bestuur: Onderwijsbestuur, naam: str = "De Regenboog", begindatum: date = BEGIN,
              brin4: str | None = None) -> Onderwijsaanbieder:
    instelling = (Instellingserkenning.objects.get(code=brin4) if brin4
                  else bestuur.bevoegd_gezag.instellingen.order_by("code").first())
    return organisatie_services.registreer_aanbieder(bestuur, door="test", naam=naam, begindatum=begindatum,
                                                     instellingen=[instelling])


def locatiegebruik(bestuur: Onderwijsbestuur, brin6: str | None = None, begindatum: date = BEGIN):
    vestiging = (Vestigingserkenning.objects.get(code=brin6) if brin6 else
                 Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=bestuur.bevoegd_gezag).order_by("code")
                 .first())
    return locatie_services.registreer_locatiegebruik(
        bestuur, door="test", postcode=vestiging.postcode, huisnummer=vestiging.huisnummer,
        begindatum=begindatum, vestiging=vestiging)


def bo_opleiding(aanbieder_obj: Onderwijsaanbieder, locatie=None, begindatum: date = BEGIN, doelgroep: str = "BO",
                 **extra):
    return opleiding_services.registreer_aangeboden_opleiding(
        aanbieder_obj, door="test", opleiding=Opleiding.objects.get(naam="Basisonderwijs"), locatie=locatie,
        begindatum=begindatum, kenmerken={"doelgroepBasisonderwijs": [doelgroep]}, **extra)


# --- Helpers for the rule tests (tests/registratie/test_regels_*.py, test_perioden_en_audit.py) -----------

def opleiding_naam(naam: str) -> Opleiding:
    """An opleiding of the catalogue (migration 0003) by name, e.g. 'Speciaal onderwijs regulier'."""
    return Opleiding.objects.get(naam=naam)


def stand() -> dict[str, int]:
    """Row counts of every register table and the audit trail, to prove a refusal stored nothing."""
    from django.apps import apps

    modellen = [m for m in apps.get_app_config("registratie").get_models()]
    return {m.__name__: m.objects.count() for m in modellen}


@contextmanager
def weigert(veld: str, *fragmenten: str):
    """Expect a RegelFout with a message on ``veld`` containing every fragment, and nothing stored."""
    import pytest

    from kern.fouten import RegelFout

    voor = stand()
    with pytest.raises(RegelFout) as info:
        yield info
    berichten = info.value.message_dict
    assert veld in berichten, f"geen melding op {veld!r}: {berichten}"
    for fragment in fragmenten:
        assert any(fragment in bericht for bericht in berichten[veld]), (fragment, berichten[veld])
    assert stand() == voor


def beheerder_po(gebruikersnaam: str, bestuur: Onderwijsbestuur):
    """A Beheerder PO: both beheerdersrollen (as the login claim gives them) and member of the board."""
    from autorisatie.models import Organisatielid
    from autorisatie.rollen import BEHEERDERSROLLEN

    gebruiker = gebruiker_met_rollen(gebruikersnaam, bestuur, rollen=BEHEERDERSROLLEN)
    Organisatielid.objects.filter(gebruiker=gebruiker).update(is_beheerder_po=True)
    return gebruiker


def collega(gebruikersnaam: str, bestuur: Onderwijsbestuur | None):
    """A person of the board's organisation (logged in once) without roles."""
    from autorisatie.models import Organisatielid

    gebruiker = gebruiker_met_rollen(gebruikersnaam, None, rollen=[])
    Organisatielid.objects.create(gebruiker=gebruiker, bestuur=bestuur)
    return gebruiker


def systeem_met_sleutel(naam: str = "Voorbeeld LAS", leverancier: str = "Leverancier A B.V.",
                        prefix: str = "testlas1") -> tuple:
    """A supplier system with one valid API key; returns the system and the full key (``<prefix>.<geheim>``)."""
    from autorisatie.models import ApiSleutel, Leverancier, Systeem
    from autorisatie.toegang import sleutel_hash

    systeem = Systeem.objects.create(leverancier=Leverancier.objects.get_or_create(naam=leverancier)[0], naam=naam)
    sleutel = f"{prefix}.geheim-{prefix}-0123456789abcdef"
    ApiSleutel.objects.create(systeem=systeem, prefix=prefix, sleutel_hash=sleutel_hash(sleutel))
    return systeem, sleutel


def mandaat(bestuur: Onderwijsbestuur, brin4: str, systeem, begindatum: date = BEGIN, einddatum: date | None = None,
            dienst: str = "RIO"):
    """A mandate row written directly (the OSR services are tested on their own)."""
    from autorisatie.models import Mandaat

    return Mandaat.objects.create(bestuur=bestuur, instelling=Instellingserkenning.objects.get(code=brin4),
                                  dienst=dienst, systeem=systeem, begindatum=begindatum, einddatum=einddatum)
