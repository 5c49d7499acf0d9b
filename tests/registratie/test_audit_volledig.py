"""Audit completeness: every view that changes register data leaves an AuditRegel with the person, the object
and before/after. Walks every URL pattern (the discovery of tests/rio_portal/test_isolatie_urls.py): a new pattern fails
here until it is classified as changing (with a valid submission below) or as not changing register data."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from controle import gegevens as controle_gegevens
from controle import services as controle_services
from registratie.models import AuditRegel, Bestuursstand
from tests.helpers import factories
from tests.helpers.urls import OPENBAAR, elders, patronen
from tests.helpers.vingerafdruk import bekeken

# Patterns that change no register data, with the reason. A POST to them must not write an AuditRegel.
NIET_WIJZIGEND = {
    "registratie:kies_bestuur": "keuzelijst van besturen",
    "registratie:raadplegen": "alleen lezen",
    "openbaar:zoeken": "alleen lezen", "openbaar:open_data": "alleen lezen",
    "openbaar:register_csv": "alleen lezen", "openbaar:bestuur": "alleen lezen",
    "openbaar:aanbieder": "alleen lezen", "openbaar:locatie": "alleen lezen",
    "registratie:organisatie": "boom, alleen lezen",
    "registratie:historie": "audittrail lezen",
    "registratie:plaatje": "organisatieplaatje, alleen lezen", "registratie:afdrukken": "afdrukbare blauwdruk",
    "registratie:plaatje_svg": "organisatieplaatje als SVG-bestand", "favicon": "verwijst naar het statische icoon",
    "registratie:aanbieder": "objectpagina", "registratie:groep": "objectpagina",
    "registratie:locatiegebruik": "objectpagina", "registratie:opleiding": "objectpagina",
    "registratie:contact": "objectpagina",
    "autorisatie:waarom": "uitleg over de eigen toegang",
    "autorisatie:rollen_xlsx": "export",
    "autorisatie:mandaten": "overzicht van de OSR-mandaten, alleen lezen",
    # API keys of a supplier system: DUO staff only (403 here), no register data of a board; their audit entries
    # (objecttype API-sleutel) are tested in tests/autorisatie/osr/test_sleutels.py.
    "autorisatie:systeem_sleutels": "API-sleutels (DUO-beheer), getest in tests/autorisatie/osr",
    "autorisatie:sleutel_intrekken": "API-sleutels (DUO-beheer), getest in tests/autorisatie/osr",
    # Corrections of the past: DUO only (403 for the board's person here); their 'correctie' audit entries are tested
    # in tests/registratie/test_correcties.py and tests/organisatie/test_correctie_scherm.py.
    "registratie:corrigeren": "correctie (DUO), getest in tests/organisatie/test_correctie_scherm.py",
    "registratie:periode_corrigeren": "correctie (DUO), getest in tests/organisatie/test_correctie_scherm.py",
    "controle:overzicht": "alleen lezen", "controle:bestuur": "controlescherm, alleen lezen",
    "controle:controlebestand_xlsx": "export", "controle:controlebestand_zip": "export",
    "controle:landelijk": "zet een exporttaak klaar, geen registergegevens",
    "controle:export": "status van een exporttaak", "controle:export_status": "status van een exporttaak",
    "controle:export_download": "download",
    "controle:regels": "catalogus van regels, alleen lezen", "controle:regel": "uitleg van een regel, alleen lezen",
    # Mail settings are the person's own, no register data: logged, not audited (tests/berichten).
    "berichten:instellingen": "eigen instellingen voor e-mailberichten, gelogd (tests/berichten)",
    # The read API (/api/v1/): GET only, a POST gets 405 (tests/uitwisseling/api/).
    "uitwisseling:api_v1_index": "alleen lezen", "uitwisseling:api_v1_openapi": "alleen lezen",
    "uitwisseling:api_v1_organisatie_aanbieders": "alleen lezen",
    "uitwisseling:api_v1_organisatie_locatiegebruik": "alleen lezen",
    "uitwisseling:api_v1_organisatie_opleidingen": "alleen lezen",
    "uitwisseling:api_v1_aanbieder_opleidingen": "alleen lezen",
    "uitwisseling:api_v1_vestiging_opleidingen": "alleen lezen", "uitwisseling:api_v1_wijzigingen": "alleen lezen",
    # RIO's own XML (/api/rio/v4/): GET only, a POST gets 405 (tests/uitwisseling/rio_xml/).
    "uitwisseling:rio_v4_opvragen_onderwijsaanbiedersVanOrganisatie": "alleen lezen",
    "uitwisseling:rio_v4_opvragen_onderwijslocatiegebruikVanOrganisatie": "alleen lezen",
    "uitwisseling:rio_v4_opvragen_aangebodenOpleidingenVanOrganisatie": "alleen lezen",
    # Modelleertool: a concept blauwdruk is no register data; its own row records who made, kept or discarded it.
    "blauwdruk:lijst": "alleen lezen", "blauwdruk:sjabloon": "export (sjabloon)", "blauwdruk:voorbeeld": "alleen lezen",
    "blauwdruk:uploaden": "bewaart een concept (blauwdrukrij: wie en wanneer), geen registergegevens",
    "blauwdruk:bewaren": "naam van een concept, geen registergegevens",
    "blauwdruk:verwerpen": "concept verworpen (blauwdrukrij: wie en wanneer), geen registergegevens",
    # Modelling in the browser: only the concept's content changes (tests/modelleertool/test_modelleren.py proves the
    # register and the audit trail stay as they are); applying goes through blauwdruk:toepassen.
    "blauwdruk:nieuw_concept": "maakt een concept uit de registratie (blauwdrukrij), geen registergegevens",
    "blauwdruk:modelleren": "wijzigt alleen de inhoud van een concept, geen registergegevens",
    "blauwdruk:plaatje": "plaatje van een blauwdruk, alleen lezen",
    # The address service (issue 18 §3): suggestions and the drift report only read (a POST gets 405).
    "registratie:adres_suggesties": "adressuggesties van de adresdienst, alleen lezen",
    "controle:adresdrift": "lijst van afwijkende adressen (DUO), alleen lezen",
    "registratie:begeleidingsaanbieder": "objectpagina",
    "uitwisseling:api_v1_organisatie_begeleidingsaanbieders": "alleen lezen",
    # Samenwerkingsverbanden: DUO staff only (403 here); their audit entries are tested in
    # tests/autorisatie/test_raadpleegrollen.py (docs/adr/0012).
    "autorisatie:swv_lijst": "samenwerkingsverbanden (DUO-beheer), getest in tests/autorisatie/test_raadpleegrollen.py",
    "autorisatie:swv": "samenwerkingsverbanden (DUO-beheer), getest in tests/autorisatie/test_raadpleegrollen.py",
    "autorisatie:swv_medewerker": "samenwerkingsverbanden (DUO-beheer), getest in "
                                  "tests/autorisatie/test_raadpleegrollen.py",
    "autorisatie:swv_lid_beeindigen": "samenwerkingsverbanden (DUO-beheer), getest in "
                                      "tests/autorisatie/test_raadpleegrollen.py",
    "autorisatie:swv_rol_beeindigen": "samenwerkingsverbanden (DUO-beheer), getest in "
                                      "tests/autorisatie/test_raadpleegrollen.py",
}

Geval = Callable[[dict, object], tuple[str, dict, object | None]]


@pytest.fixture
def o(bestuur, vandaag):
    """A board with one of everything, and the people who may change it."""
    from autorisatie.rollen import BEHEERDERSROLLEN, GEBRUIKERSROLLEN
    from registratie.services import contact as contact_services
    from registratie.services import organisatie as organisatie_services

    aanbieder = factories.aanbieder(bestuur)
    gebruik = factories.locatiegebruik(bestuur)
    groep = organisatie_services.registreer_groep(bestuur, door="test", naam="Cluster", internationale_naam="",
                                                  begindatum=bestuur.begindatum)
    contact = contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                                  email="info@example.nl")
    persoon = factories.beheerder_po("alles", bestuur)
    for rol in GEBRUIKERSROLLEN:
        if rol not in BEHEERDERSROLLEN:
            persoon.roltoewijzingen.create(bestuur=bestuur, rol=rol, begindatum=bestuur.begindatum, bron="test")
    return {"bestuur": bestuur, "aanbieder": aanbieder, "gebruik": gebruik, "groep": groep, "contact": contact,
            "opleiding": factories.bo_opleiding(aanbieder, locatie=gebruik.locatie), "persoon": persoon,
            "vandaag": vandaag, "einde": "2027-07-31"}


def _erkenning(o: dict, brin4: str):
    return o["bestuur"].bevoegd_gezag.instellingen.get(code=brin4)


def _relatie_erbij(o: dict, client) -> None:
    r = client.post(reverse("registratie:relatie_toevoegen", args=[o["aanbieder"].code]),
                    {"instelling": _erkenning(o, "11AB").pk, "begindatum": o["vandaag"].isoformat()})
    assert r.status_code == 302


def _vestiging_erbij(o: dict, client) -> None:
    r = client.post(reverse("registratie:vestiging_toevoegen", args=[o["gebruik"].code]),
                    {"vestiging": _erkenning(o, "11AB").vestigingen.get().pk,
                     "begindatum": o["vandaag"].isoformat()})
    assert r.status_code == 302


def _gepland(o: dict, client) -> str:
    a = o["aanbieder"]
    r = client.post(reverse("registratie:aanbieder_wijzigen", args=[a.code]),
                    {"versie": a.versie, "ingangsdatum": "2027-08-01", "naam": "Later"})
    assert r.status_code == 302
    return reverse("registratie:annuleer_wijziging", args=["aanbieder", a.code, a.perioden.latest("begindatum").pk])


def _opleiding_gepland(o: dict, client) -> str:
    ao = o["opleiding"]
    r = client.post(reverse("registratie:opleiding_wijzigen", args=[ao.code]),
                    {"versie": _v(ao), "ingangsdatum": "2027-08-01", "eigen_naam": "Dalton",
                     "doelgroepBasisonderwijs": "BO", "onderwijsconcept": "DALTON"})
    assert r.status_code == 302
    return reverse("registratie:annuleer_opleidingswijziging", args=[ao.code, "2027-08-01"])


def _opleiding_pk(o: dict) -> int:
    return o["opleiding"].opleiding.pk


def _osr(o: dict, brin4: str | None = None):
    """OSR-toegang for the person and an active system; with brin4 also a RIO mandate of that school."""
    from autorisatie.rollen import Rol

    o["persoon"].roltoewijzingen.get_or_create(bestuur=o["bestuur"], rol=Rol.OSR_TOEGANG,
                                               defaults={"begindatum": o["bestuur"].begindatum, "bron": "test"})
    systeem = factories.systeem_met_sleutel(prefix="audit")[0]
    return factories.mandaat(o["bestuur"], brin4, systeem) if brin4 else systeem


def _blauwdruk(o: dict):
    """A concept blauwdruk of the board that renames its aanbieder (modelleertool)."""
    from modelleertool.inhoud import uit_registratie
    from modelleertool.models import Blauwdruk

    inhoud = uit_registratie(o["bestuur"], o["vandaag"])
    inhoud.aanbieders[0].naam = "OBS Blauwdruk"
    return Blauwdruk.objects.create(bestuur=o["bestuur"], inhoud=inhoud.naar_json())


def _so_school(o: dict):
    """A so-school of cluster 1 for the board: only such a board has an onderwijsbegeleidingsaanbieder."""
    from registratie.models import Instellingserkenning

    return Instellingserkenning.objects.get_or_create(
        code="11SO", defaults={"naam": "SO-school", "soort": "SO", "cluster": "1",
                               "bevoegd_gezag": o["bestuur"].bevoegd_gezag})[0]


def _begeleider(o: dict):
    from registratie.services import begeleiding as begeleiding_services

    if "begeleider" not in o:
        o["begeleider"] = begeleiding_services.registreer_begeleidingsaanbieder(
            o["bestuur"], door="test", naam="Visio", begindatum=o["vandaag"], instellingen=[_so_school(o)],
            expertises=["VISUELE_BEPERKINGEN"])
    return o["begeleider"]


def _v(obj) -> int:
    obj.refresh_from_db()
    return obj.versie


def _partner(o: dict):
    """Samenwerkingsschool (docs/adr/0011): a second board; its steps are audited at both boards."""
    if "partner" not in o:
        o["partner"] = factories.bestuur_met_erkenningen("20002", brin4s=("22BB",))
    return o["partner"]


def _uitnodiging_van_a(o: dict):
    from registratie.services import samenwerking

    return samenwerking.nodig_uit(o["aanbieder"], door="test", van_bestuur=o["bestuur"],
                                  bestuurcode=_partner(o).code, begindatum=o["vandaag"])


def _uitnodiging_aan_a(o: dict):
    from registratie.services import samenwerking

    aanbieder = factories.aanbieder(_partner(o), naam="Samen")
    return samenwerking.nodig_uit(aanbieder, door="test", van_bestuur=_partner(o), bestuurcode=o["bestuur"].code,
                                  begindatum=o["vandaag"])


def _samenwerking(o: dict):
    from registratie.models import BijbehorendBestuur

    return BijbehorendBestuur.objects.create(aanbieder=o["aanbieder"], bestuur=_partner(o), begindatum=o["vandaag"])


# Per changing pattern: (url, valid data, the object whose code the audit entry must carry, or None for new).
WIJZIGEND: dict[str, Geval] = {
    "registratie:bestuur_wijzigen": lambda o, c: (
        reverse("registratie:bestuur_wijzigen", args=[o["bestuur"].code]),
        {"versie": _v(o["bestuur"]), "ingangsdatum": o["vandaag"].isoformat(), "naam": "Stichting Nieuw",
         "kvk_nummer": "", "rsin": ""}, o["bestuur"]),
    "registratie:groep_toevoegen": lambda o, c: (
        reverse("registratie:groep_toevoegen", args=[o["bestuur"].code]),
        {"naam": "Noord", "begindatum": o["vandaag"].isoformat()}, None),
    "registratie:aanbieder_toevoegen": lambda o, c: (
        reverse("registratie:aanbieder_toevoegen", args=[o["bestuur"].code]),
        {"naam": "OBS Nieuw", "begindatum": o["vandaag"].isoformat(), "instellingen": [_erkenning(o, "11AB").pk]},
        None),
    "registratie:locatie_toevoegen": lambda o, c: (
        reverse("registratie:locatie_toevoegen", args=[o["bestuur"].code]),
        {"postcode": "", "huisnummer": "", "begindatum": o["vandaag"].isoformat(),
         "vestiging": _erkenning(o, "11AB").vestigingen.get().pk}, None),
    "registratie:aanbieder_wijzigen": lambda o, c: (
        reverse("registratie:aanbieder_wijzigen", args=[o["aanbieder"].code]),
        {"versie": _v(o["aanbieder"]), "ingangsdatum": o["vandaag"].isoformat(), "naam": "OBS Anders"},
        o["aanbieder"]),
    "registratie:aanbieder_beeindigen": lambda o, c: (
        reverse("registratie:aanbieder_beeindigen", args=[o["aanbieder"].code]),
        {"versie": _v(o["aanbieder"]), "einddatum": o["einde"]}, o["aanbieder"]),
    "registratie:relatie_toevoegen": lambda o, c: (
        reverse("registratie:relatie_toevoegen", args=[o["aanbieder"].code]),
        {"instelling": _erkenning(o, "11AB").pk, "begindatum": o["vandaag"].isoformat()}, o["aanbieder"]),
    "registratie:relatie_beeindigen": lambda o, c: (
        _relatie_erbij(o, c) or reverse("registratie:relatie_beeindigen", args=[
            o["aanbieder"].code, o["aanbieder"].juridische_relaties.get(instelling__code="11AA").pk]),
        {"einddatum": o["einde"]}, o["aanbieder"]),
    "registratie:opleiding_toevoegen": lambda o, c: (
        reverse("registratie:opleiding_toevoegen", args=[o["aanbieder"].code]) + "?sector=BO",
        {"opleiding": _opleiding_pk(o), "locatie": o["gebruik"].locatie.pk, "begindatum": o["vandaag"].isoformat(),
         "doelgroepBasisonderwijs": "BO"}, None),
    "registratie:groep_wijzigen": lambda o, c: (
        reverse("registratie:groep_wijzigen", args=[o["groep"].code]),
        {"versie": _v(o["groep"]), "ingangsdatum": o["vandaag"].isoformat(), "naam": "Zuid"}, o["groep"]),
    "registratie:groep_beeindigen": lambda o, c: (
        reverse("registratie:groep_beeindigen", args=[o["groep"].code]),
        {"versie": _v(o["groep"]), "einddatum": o["einde"]}, o["groep"]),
    "registratie:locatiegebruik_beeindigen": lambda o, c: (
        reverse("registratie:locatiegebruik_beeindigen", args=[o["gebruik"].code]),
        {"versie": _v(o["gebruik"]), "einddatum": o["einde"]}, o["gebruik"]),
    "registratie:vestiging_toevoegen": lambda o, c: (
        reverse("registratie:vestiging_toevoegen", args=[o["gebruik"].code]),
        {"vestiging": _erkenning(o, "11AB").vestigingen.get().pk, "begindatum": o["vandaag"].isoformat()},
        o["gebruik"]),
    "registratie:vestiging_beeindigen": lambda o, c: (
        _vestiging_erbij(o, c) or reverse("registratie:vestiging_beeindigen", args=[
            o["gebruik"].code, o["gebruik"].vestigingsrelaties.order_by("pk").first().pk]),
        {"einddatum": o["einde"]}, o["gebruik"]),
    "registratie:opleiding_wijzigen": lambda o, c: (
        reverse("registratie:opleiding_wijzigen", args=[o["opleiding"].code]),
        {"versie": _v(o["opleiding"]), "ingangsdatum": o["vandaag"].isoformat(), "eigen_naam": "Dalton",
         "doelgroepBasisonderwijs": "BO"}, o["opleiding"]),
    "registratie:opleiding_beeindigen": lambda o, c: (
        reverse("registratie:opleiding_beeindigen", args=[o["opleiding"].code]),
        {"versie": _v(o["opleiding"]), "einddatum": o["einde"]}, o["opleiding"]),
    "registratie:contact_toevoegen": lambda o, c: (
        reverse("registratie:contact_toevoegen", args=["aanbieder", o["aanbieder"].code]),
        {"context": "ALGEMEEN", "begindatum": o["vandaag"].isoformat(), "email": "school@example.nl"}, None),
    "registratie:contact_wijzigen": lambda o, c: (
        reverse("registratie:contact_wijzigen", args=[o["contact"].pk]),
        {"versie": _v(o["contact"]), "email": "nieuw@example.nl"}, o["contact"]),
    "registratie:contact_beeindigen": lambda o, c: (
        reverse("registratie:contact_beeindigen", args=[o["contact"].pk]),
        {"versie": _v(o["contact"]), "einddatum": o["einde"]}, o["contact"]),
    "registratie:annuleer_wijziging": lambda o, c: (_gepland(o, c), {}, o["aanbieder"]),
    "registratie:annuleer_opleidingswijziging": lambda o, c: (_opleiding_gepland(o, c), {}, o["opleiding"]),
    "autorisatie:rollen": lambda o, c: (
        reverse("autorisatie:rollen", args=[o["bestuur"].code]),
        {"formulier": "toekennen", "gebruiker": factories.collega("jan", o["bestuur"]).pk,
         "rol": "RIO_BEHEREN_ONDERWIJSAANBIEDER", "begindatum": o["vandaag"].isoformat()}, None),
    # "Ken uzelf de rollen toe": the person holds the eight gebruikersrollen already, so OSR-toegang is what is left.
    "autorisatie:mezelf_toekennen": lambda o, c: (
        reverse("autorisatie:mezelf_toekennen", args=[o["bestuur"].code]), {}, None),
    "autorisatie:rol_beeindigen": lambda o, c: (
        reverse("autorisatie:rol_beeindigen", args=[
            o["bestuur"].code, factories.gebruiker_met_rollen("piet", o["bestuur"]).roltoewijzingen.first().pk]),
        {}, None),
    "autorisatie:mandaat_nieuw": lambda o, c: (
        reverse("autorisatie:mandaat_nieuw", args=[o["bestuur"].code]),
        {"instelling": _erkenning(o, "11AA").pk, "dienst": "RIO", "systeem": _osr(o).pk,
         "begindatum": o["vandaag"].isoformat()}, None),
    "autorisatie:mandaat_beeindigen": lambda o, c: (
        reverse("autorisatie:mandaat_beeindigen", args=[o["bestuur"].code, (m := _osr(o, "11AA")).pk]),
        {"einddatum": o["einde"]}, m),
    "autorisatie:mandaat_kopieren": lambda o, c: (
        reverse("autorisatie:mandaat_kopieren", args=[o["bestuur"].code, _osr(o, "11AA").pk]),
        {"instellingen": [_erkenning(o, "11AB").pk]}, None),
    "controle:gecontroleerd": lambda o, c: (reverse("controle:gecontroleerd", args=[o["bestuur"].code]), {
        "bevestig_fouten": str(controle_services.controleer(  # attesting knowingly over any open errors
            controle_gegevens.laad_bestuur(o["bestuur"], o["vandaag"])).aantal_fouten)}, None),
    "blauwdruk:toepassen": lambda o, c: (
        reverse("blauwdruk:toepassen", args=[o["bestuur"].code, _blauwdruk(o).pk]),
        {"ingangsdatum": o["vandaag"].isoformat(), "vingerafdruk": bekeken(_blauwdruk(o))}, o["aanbieder"]),
    "registratie:samenwerking_uitnodigen": lambda o, c: (
        reverse("registratie:samenwerking_uitnodigen", args=[o["aanbieder"].code]),
        {"bestuurcode": _partner(o).code, "begindatum": o["vandaag"].isoformat()}, None),
    "registratie:uitnodiging_intrekken": lambda o, c: (
        reverse("registratie:uitnodiging_intrekken", args=[(u := _uitnodiging_van_a(o)).pk]), {"versie": u.versie},
        u),
    "registratie:uitnodiging_aanvaarden": lambda o, c: (
        reverse("registratie:uitnodiging_aanvaarden", args=[(u := _uitnodiging_aan_a(o)).pk]), {"versie": u.versie},
        u),
    "registratie:uitnodiging_afwijzen": lambda o, c: (
        reverse("registratie:uitnodiging_afwijzen", args=[(u := _uitnodiging_aan_a(o)).pk]), {"versie": u.versie},
        u),
    "registratie:samenwerking_beeindigen": lambda o, c: (
        reverse("registratie:samenwerking_beeindigen", args=[(r := _samenwerking(o)).pk]),
        {"versie": r.versie, "einddatum": o["einde"]}, r),
    # Onderwijsbegeleidingsaanbieder (issue 18 §2)
    "registratie:begeleidingsaanbieder_toevoegen": lambda o, c: (
        reverse("registratie:begeleidingsaanbieder_toevoegen", args=[o["bestuur"].code]),
        {"naam": "Visio", "begindatum": o["vandaag"].isoformat(), "instellingen": [_so_school(o).pk],
         "expertises": ["DOOFBLINDHEID"]}, None),
    "registratie:begeleidingsaanbieder_wijzigen": lambda o, c: (
        reverse("registratie:begeleidingsaanbieder_wijzigen", args=[_begeleider(o).code]),
        {"versie": _v(_begeleider(o)), "ingangsdatum": o["vandaag"].isoformat(), "naam": "Visio Noord",
         "expertises": ["DOOFBLINDHEID"]}, _begeleider(o)),
    "registratie:begeleidingsaanbieder_beeindigen": lambda o, c: (
        reverse("registratie:begeleidingsaanbieder_beeindigen", args=[_begeleider(o).code]),
        {"versie": _v(_begeleider(o)), "einddatum": o["einde"]}, _begeleider(o)),
}


def _te_beoordelen() -> list[tuple[str, str]]:
    return [(naam, patroon) for naam, patroon in patronen() if naam not in OPENBAAR and not elders(naam)]


def test_elk_patroon_is_ingedeeld():
    onbekend = [f"{naam} ({patroon})" for naam, patroon in _te_beoordelen()
                if naam not in WIJZIGEND and naam not in NIET_WIJZIGEND]
    assert not onbekend, (
        "Deel deze URL-patronen in bij WIJZIGEND (met een geldige invoer; de test eist dan een auditregel) of bij "
        "NIET_WIJZIGEND (met de reden) in tests/registratie/test_audit_volledig.py:\n  " + "\n  ".join(onbekend))
    verdwenen = (set(WIJZIGEND) | set(NIET_WIJZIGEND)) - {naam for naam, _ in patronen()}
    assert not verdwenen, f"Ingedeeld maar niet (meer) in de URL's: {sorted(verdwenen)}"


def _gecachete_schermen(client, bestuur) -> list[tuple[str, str]]:
    """The board's tree and controle screen, asked twice so that they are in the fragment cache; (url, template)."""
    schermen = [(reverse("registratie:organisatie", args=[bestuur.code]), "registratie/organisatie.html"),
                (reverse("controle:bestuur", args=[bestuur.code]), "controle/controle.html")]
    for scherm, sjabloon in schermen:
        client.get(scherm)
        herhaald = client.get(scherm)
        assert herhaald.status_code == 200 and sjabloon not in [t.name for t in herhaald.templates], scherm
    return schermen


@pytest.mark.django_db
@pytest.mark.parametrize("naam", sorted(WIJZIGEND))
def test_wijziging_geeft_auditregel(client, o, naam):
    client.force_login(o["persoon"])
    url, data, obj = WIJZIGEND[naam](o, client)
    schermen = _gecachete_schermen(client, o["bestuur"])
    stand_voor = dict(Bestuursstand.objects.values_list("bestuurcode", "teller"))
    voor = AuditRegel.objects.count()
    hoogste = AuditRegel.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    antwoord = client.post(url, data)
    assert antwoord.status_code == 302, f"{naam}: niet opgeslagen ({antwoord.status_code}) " + (
        antwoord.content.decode()[:1500] if antwoord.status_code == 200 else "")
    nieuw = list(AuditRegel.objects.filter(pk__gt=hoogste))
    # Every audit entry raised its board's change counter once, so the board's cached screens are built anew
    # (docs/adr/0015): what the person just saved is never hidden behind a cached tree or controle screen.
    stand_na = dict(Bestuursstand.objects.values_list("bestuurcode", "teller"))
    for code in {r.bestuurcode for r in nieuw}:
        assert stand_na[code] - stand_voor.get(code, 0) == sum(r.bestuurcode == code for r in nieuw), naam
    for scherm, sjabloon in schermen:
        pagina = client.get(scherm)
        assert pagina.status_code != 200 or sjabloon in [t.name for t in pagina.templates], (
            f"{naam}: {scherm} kwam na de wijziging uit de cache")
    assert AuditRegel.objects.count() > voor, f"{naam}: wijziging zonder auditregel"
    # A samenwerkingsschool's steps are written at both boards (docs/adr/0011); the own board always among them.
    besturen = {o["bestuur"].code} | ({o["partner"].code} if "partner" in o else set())
    assert o["bestuur"].code in {r.bestuurcode for r in nieuw}, f"{naam}: niet bij het eigen bestuur"
    for regel in nieuw:
        assert regel.gebruiker_id == o["persoon"].pk and regel.gebruikersnaam, f"{naam}: {regel} zonder persoon"
        assert regel.bestuurcode in besturen, f"{naam}: {regel} zonder bestuur"
        if regel.actie == AuditRegel.Actie.AANGEMAAKT:
            assert regel.voor is None and regel.na, f"{naam}: aangemaakt zonder 'na'"
        elif regel.actie == AuditRegel.Actie.VERWIJDERD:
            assert regel.voor, f"{naam}: verwijderd zonder 'voor'"
        else:
            assert regel.voor and regel.na, f"{naam}: {regel.actie} zonder 'voor' en 'na'"
    if obj is not None:
        codes = {(r.objecttype, r.objectcode) for r in nieuw}
        assert (obj._meta.verbose_name, str(getattr(obj, "code", obj.pk))) in codes, f"{naam}: {codes}"


@pytest.mark.django_db
def test_niet_wijzigende_patronen_schrijven_geen_audit(client, o):
    """A cheap guard on the classification: posting (empty) to a 'not changing' view writes no audit entry."""
    from tests.helpers.urls import url_voor

    client.force_login(o["persoon"])
    objecten = {**o, "relatie": o["aanbieder"].juridische_relaties.get(),
                "vestigingsrelatie": o["gebruik"].vestigingsrelaties.get(), "periode": o["aanbieder"].perioden.get(),
                "rol": o["persoon"].roltoewijzingen.first(), "exportopdracht": factories_export(o),
                "blauwdruk": _blauwdruk(o)}
    voor = AuditRegel.objects.count()
    for naam, patroon in _te_beoordelen():
        if naam in NIET_WIJZIGEND:
            antwoord = client.post(url_voor(naam, patroon, objecten))
            assert antwoord.status_code < 500, f"{naam}: {antwoord.status_code}"
    assert AuditRegel.objects.count() == voor


def factories_export(o: dict):
    from controle.models import Exportopdracht

    return Exportopdracht.objects.create(formaat="xlsx", peildatum=o["vandaag"])
