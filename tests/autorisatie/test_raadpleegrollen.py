"""Attacks on the raadpleegrollen (docs/adr/0012): each chain partner reads exactly its own context of the schools in
its scope, a board's restricted contexts need RIO RPL context instellingen, and only DUO grants a raadpleegrol."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from autorisatie import services, toegang
from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from kern.fouten import RegelFout
from registratie.models import AuditRegel, Lidmaatschap, Samenwerkingsverband, Vestigingserkenning
from registratie.services import contact as contact_services
from registratie.services import samenwerkingsverband as swv_services
from tests.helpers import factories

pytestmark = pytest.mark.django_db

BESLOTEN = ("LEERPLICHT", "TOEZICHT", "BEKOSTIGING", "PASSEND_ONDERWIJS", "SCHOOLALERT")
GEMEENTE_LID = "0344"


@pytest.fixture
def duo(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("duo_fb", "fb@duo.example", "geheim", is_staff=True)


@pytest.fixture
def wereld(bestuur, ander_bestuur, vandaag, duo):
    """Board ``bestuur`` (10001) is a member of SWV PO2001, ``ander_bestuur`` (20002) is not; each has one school
    with a contact in every restricted context, and the member's school lies in gemeente 0344."""
    Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=bestuur.bevoegd_gezag).update(
        gemeentenummer=GEMEENTE_LID)
    Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=ander_bestuur.bevoegd_gezag).update(
        gemeentenummer="0363")
    lid_school = factories.aanbieder(bestuur, naam="School Lid")
    andere_school = factories.aanbieder(ander_bestuur, naam="School Buiten")
    for school, naam in ((lid_school, "lid"), (andere_school, "buiten")):
        for context in BESLOTEN:
            contact_services.registreer_contact(school, door="test", context=context, begindatum=vandaag,
                                                email=f"{context.lower()}@{naam}.example.nl")
    swv = swv_services.maak_samenwerkingsverband(door=duo, code="PO2001", naam="Passend Onderwijs Utrecht")
    Lidmaatschap.objects.create(samenwerkingsverband=swv, bestuur=bestuur, begindatum=factories.BEGIN)
    return {"swv": swv, "lid": lid_school, "buiten": andere_school, "lid_bestuur": bestuur,
            "ander_bestuur": ander_bestuur}


def _raadpleger(naam: str, rol: Rol, *, gemeentenummer: str = "", swv: Samenwerkingsverband | None = None):
    gebruiker = factories.collega(naam, None)
    Roltoewijzing.objects.create(gebruiker=gebruiker, rol=rol, gemeentenummer=gemeentenummer,
                                 samenwerkingsverband=swv, begindatum=factories.BEGIN, bron="test")
    return gebruiker


def _leest(gebruiker, school) -> set[str]:
    gemeenten = frozenset(Vestigingserkenning.objects.filter(
        instelling__aanbieder_relaties__aanbieder=school).values_list("gemeentenummer", flat=True))
    return set(toegang.leesbare_contexten(gebruiker, school.bestuur, gemeenten)) & set(BESLOTEN)


def _controlebestand(client, code: str) -> str:
    """The control file (CSV sheets in a zip) as one text."""
    antwoord = client.get(reverse("controle:controlebestand_zip", args=[code]))
    assert antwoord.status_code == 200
    inhoud = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        return "".join(archief.read(naam).decode("utf-8-sig") for naam in archief.namelist())


def _raadplegen(client, gebruiker) -> str:
    client.force_login(gebruiker)
    return client.get(reverse("registratie:raadplegen")).content.decode()


# --- Passend onderwijs: the samenwerkingsverband -------------------------------------------------------------

def test_swv_leest_passend_onderwijs_van_een_lid_en_verder_niets(client, wereld):
    lezer = _raadpleger("swv", Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv=wereld["swv"])
    assert _leest(lezer, wereld["lid"]) == {"PASSEND_ONDERWIJS"}
    assert _leest(lezer, wereld["buiten"]) == set()
    pagina = _raadplegen(client, lezer)
    assert "passend_onderwijs@lid.example.nl" in pagina
    assert "buiten" not in pagina.lower()
    for context in set(BESLOTEN) - {"PASSEND_ONDERWIJS"}:
        assert f"{context.lower()}@" not in pagina


def test_swv_leest_geen_school_van_een_niet_lid_ook_niet_door_te_zoeken(client, wereld):
    lezer = _raadpleger("swv", Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv=wereld["swv"])
    client.force_login(lezer)
    for zoek in (wereld["buiten"].code, wereld["ander_bestuur"].code, "22BB", "Buiten"):
        pagina = client.get(reverse("registratie:raadplegen"), {"zoek": zoek}).content.decode()
        assert "@buiten.example.nl" not in pagina, zoek


def test_swv_verliest_het_bestuur_zodra_het_lidmaatschap_eindigt(client, wereld, duo):
    lezer = _raadpleger("swv", Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv=wereld["swv"])
    swv_services.beeindig_lidmaatschap(wereld["swv"].lidmaatschappen.get(), door=duo)  # last day: yesterday
    assert _leest(lezer, wereld["lid"]) == set()
    assert "passend_onderwijs@" not in _raadplegen(client, lezer)


def test_een_toekomstig_lidmaatschap_opent_nog_niets(wereld, vandaag):
    Lidmaatschap.objects.filter(samenwerkingsverband=wereld["swv"]).update(begindatum=vandaag + timedelta(days=1))
    lezer = _raadpleger("swv", Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv=wereld["swv"])
    assert _leest(lezer, wereld["lid"]) == set()


def test_lid_van_een_ander_swv_telt_niet(wereld, duo, vandaag):
    ander = swv_services.maak_samenwerkingsverband(door=duo, code="PO2002", naam="Ander")
    Lidmaatschap.objects.create(samenwerkingsverband=ander, bestuur=wereld["ander_bestuur"], begindatum=vandaag)
    lezer = _raadpleger("swv", Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv=wereld["swv"])
    assert _leest(lezer, wereld["buiten"]) == set()
    assert _leest(lezer, wereld["lid"]) == {"PASSEND_ONDERWIJS"}


def test_swv_lezer_komt_niet_in_mijn_organisatie(client, wereld):
    client.force_login(_raadpleger("swv", Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv=wereld["swv"]))
    assert client.get(wereld["lid"].get_absolute_url()).status_code == 404
    contact = wereld["lid"].contactgegevens.get(context="PASSEND_ONDERWIJS")
    assert client.get(reverse("registratie:contact", args=[contact.pk])).status_code == 404


# --- Schoolalert, Leerplicht, Toezicht, Bekostiging: exactly their own context -------------------------------

@pytest.mark.parametrize(("rol", "gemeente", "context"), [
    (Rol.RAADPLEGEN_SCHOOLALERT, "", "SCHOOLALERT"),
    (Rol.RAADPLEGEN_TOEZICHT, "", "TOEZICHT"),
    (Rol.RAADPLEGEN_BEKOSTIGING, "", "BEKOSTIGING"),
    (Rol.RAADPLEGEN_LEERPLICHT, GEMEENTE_LID, "LEERPLICHT"),
])
def test_elke_raadpleegrol_leest_precies_zijn_eigen_context(client, wereld, rol, gemeente, context):
    lezer = _raadpleger("keten", rol, gemeentenummer=gemeente)
    assert _leest(lezer, wereld["lid"]) == {context}
    pagina = _raadplegen(client, lezer)
    assert f"{context.lower()}@lid.example.nl" in pagina
    for ander in set(BESLOTEN) - {context}:
        assert f"{ander.lower()}@" not in pagina, ander


def test_schoolalert_leest_geen_leerplicht(wereld):
    politie = _raadpleger("politie", Rol.RAADPLEGEN_SCHOOLALERT)
    for school in (wereld["lid"], wereld["buiten"]):
        assert "LEERPLICHT" not in _leest(politie, school)
        assert not toegang.mag_context_lezen(politie, school.bestuur, "LEERPLICHT", frozenset({GEMEENTE_LID}))


def test_leerplicht_leest_geen_schoolalert(wereld):
    gemeente = _raadpleger("gemeente", Rol.RAADPLEGEN_LEERPLICHT, gemeentenummer=GEMEENTE_LID)
    assert _leest(gemeente, wereld["lid"]) == {"LEERPLICHT"}
    assert not toegang.mag_context_lezen(gemeente, wereld["lid_bestuur"], "SCHOOLALERT", frozenset({GEMEENTE_LID}))
    assert _leest(gemeente, wereld["buiten"]) == set()  # another gemeente's school


def test_een_verlopen_raadpleegrol_leest_niets(wereld, vandaag):
    politie = _raadpleger("politie", Rol.RAADPLEGEN_SCHOOLALERT)
    Roltoewijzing.objects.filter(gebruiker=politie).update(einddatum=vandaag - timedelta(days=1))
    assert _leest(politie, wereld["lid"]) == set()


# --- RIO RPL context instellingen: the board's own people -----------------------------------------------------

def test_bestuurslid_zonder_rpl_leest_geen_besloten_context(client, wereld):
    bestuur = wereld["lid_bestuur"]
    zonder = factories.gebruiker_met_rollen("zonder_rpl", bestuur, rollen=[Rol.BEHEREN_ONDERWIJSAANBIEDER,
                                                                           Rol.BEHEREN_AANGEBODEN_OPLEIDING])
    assert _leest(zonder, wereld["lid"]) == set()
    client.force_login(zonder)
    pagina = client.get(wereld["lid"].get_absolute_url()).content.decode()
    assert "@lid.example.nl" not in pagina
    contact = wereld["lid"].contactgegevens.get(context="LEERPLICHT")
    antwoord = client.get(reverse("registratie:contact", args=[contact.pk]))
    assert antwoord.status_code == 403
    assert Rol.RPL_CONTEXT_INSTELLINGEN.label in antwoord.content.decode()  # the page names the role to ask for
    assert "@lid.example.nl" not in _controlebestand(client, bestuur.code)
    controle = client.get(reverse("controle:bestuur", args=[bestuur.code]), {"pagina": 1}).content.decode()
    assert "@lid.example.nl" not in controle


def test_bestuurslid_met_rpl_leest_de_besloten_contexten_van_het_eigen_bestuur(client, wereld):
    met = factories.gebruiker_met_rollen("met_rpl", wereld["lid_bestuur"], rollen=[Rol.RPL_CONTEXT_INSTELLINGEN])
    assert _leest(met, wereld["lid"]) == set(BESLOTEN)
    assert _leest(met, wereld["buiten"]) == set()  # not of another board
    client.force_login(met)
    pagina = client.get(wereld["lid"].get_absolute_url()).content.decode()
    assert all(f"{c.lower()}@lid.example.nl" in pagina for c in BESLOTEN)
    assert "schoolalert@lid.example.nl" in _controlebestand(client, wereld["lid_bestuur"].code)


def test_rpl_telt_alleen_bij_een_inlog_voor_dat_bestuur(wereld):
    from autorisatie.models import Organisatielid

    met = factories.gebruiker_met_rollen("met_rpl", wereld["lid_bestuur"], rollen=[Rol.RPL_CONTEXT_INSTELLINGEN])
    Organisatielid.objects.filter(gebruiker=met).update(bestuur=wereld["ander_bestuur"])  # logged in elsewhere
    assert _leest(met, wereld["lid"]) == set()


# --- Forged role assignments ----------------------------------------------------------------------------------

def test_een_beheerder_po_kan_geen_raadpleegrol_geven(po, bestuur, vandaag, wereld):
    jan = factories.collega("jan", bestuur)
    for rol in (Rol.RAADPLEGEN_PASSEND_ONDERWIJS, Rol.RAADPLEGEN_SCHOOLALERT, Rol.RAADPLEGEN_LEERPLICHT):
        with pytest.raises(RegelFout):
            services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[rol], begindatum=vandaag)
        with pytest.raises(PermissionDenied):
            services.ken_raadpleegrol_toe(door=po, gebruiker=jan, rol=rol, begindatum=vandaag,
                                          samenwerkingsverband=wereld["swv"])
    assert not Roltoewijzing.objects.filter(gebruiker=jan).exists()


def test_niet_duo_komt_niet_bij_de_swv_schermen(client, po, wereld, vandaag):
    swv = wereld["swv"]
    client.force_login(po)
    voor = (AuditRegel.objects.count(), Roltoewijzing.objects.count(), Lidmaatschap.objects.count())
    assert client.get(reverse("autorisatie:swv_lijst")).status_code == 403
    assert client.post(reverse("autorisatie:swv_lijst"), {"code": "PO2999", "naam": "Nep"}).status_code == 403
    assert client.post(reverse("autorisatie:swv", args=[swv.pk]), {
        "lid-bestuur": wereld["ander_bestuur"].code, "lid-begindatum": vandaag.isoformat()}).status_code == 403
    assert client.post(reverse("autorisatie:swv_medewerker", args=[swv.pk]), {
        "mw-gebruikersnaam": "po", "mw-begindatum": vandaag.isoformat()}).status_code == 403
    lid = swv.lidmaatschappen.get()
    assert client.post(reverse("autorisatie:swv_lid_beeindigen", args=[swv.pk, lid.pk])).status_code == 403
    assert (AuditRegel.objects.count(), Roltoewijzing.objects.count(), Lidmaatschap.objects.count()) == voor
    assert not Samenwerkingsverband.objects.filter(code="PO2999").exists()


def test_duo_legt_swv_leden_en_raadpleger_vast_met_audit(client, duo, bestuur, ander_bestuur, vandaag):
    client.force_login(duo)
    eerder = AuditRegel.objects.count()  # the boards' own
    antwoord = client.post(reverse("autorisatie:swv_lijst"),
                           {"code": "PO 20-07", "naam": "SWV Eemland", "soort": "SWPO", "regio": "3811 3812"})
    swv = Samenwerkingsverband.objects.get(code="PO2007")
    assert antwoord.status_code == 302 and swv.regio == ["3811", "3812"]
    client.post(reverse("autorisatie:swv", args=[swv.pk]),
                {"lid-bestuur": bestuur.code, "lid-begindatum": vandaag.isoformat()})
    medewerker = factories.collega("mw", None)
    client.post(reverse("autorisatie:swv_medewerker", args=[swv.pk]),
                {"mw-gebruikersnaam": "mw", "mw-begindatum": vandaag.isoformat()})
    rol = Roltoewijzing.objects.get(gebruiker=medewerker)
    assert (rol.rol, rol.samenwerkingsverband, rol.bestuur) == (Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv, None)
    medewerker.organisatielid.refresh_from_db()
    assert medewerker.organisatielid.samenwerkingsverband == swv
    assert toegang.mag_context_lezen(medewerker, bestuur, "PASSEND_ONDERWIJS")
    assert not toegang.mag_context_lezen(medewerker, ander_bestuur, "PASSEND_ONDERWIJS")
    pagina = client.get(reverse("autorisatie:swv", args=[swv.pk])).content.decode()
    assert bestuur.code in pagina and "mw" in pagina
    lid = swv.lidmaatschappen.get()
    client.post(reverse("autorisatie:swv_lid_beeindigen", args=[swv.pk, lid.pk]))
    assert not swv.lidmaatschappen.exists()  # it began today: ending it now withdraws it
    assert not toegang.mag_context_lezen(medewerker, bestuur, "PASSEND_ONDERWIJS")
    client.post(reverse("autorisatie:swv_rol_beeindigen", args=[swv.pk, rol.pk]))
    rol.refresh_from_db()
    assert rol.einddatum == vandaag - timedelta(days=1)
    acties = list(AuditRegel.objects.order_by("id").values_list("objecttype", "actie")[eerder:])
    assert acties == [("samenwerkingsverband", "aangemaakt"), ("lidmaatschap", "aangemaakt"),
                      ("roltoewijzing", "aangemaakt"), ("lidmaatschap", "verwijderd"), ("roltoewijzing", "beeindigd")]


def test_swv_regels(duo, bestuur, vandaag):
    swv = swv_services.maak_samenwerkingsverband(door=duo, code="PO2001", naam="Een")
    with pytest.raises(RegelFout):
        swv_services.maak_samenwerkingsverband(door=duo, code="PO2001", naam="Dubbel")
    with pytest.raises(RegelFout):
        swv_services.maak_samenwerkingsverband(door=duo, code="XX12", naam="Fout")
    swv_services.voeg_lid_toe(swv, door=duo, bestuur=bestuur, begindatum=vandaag)
    with pytest.raises(RegelFout):  # twice at once
        swv_services.voeg_lid_toe(swv, door=duo, bestuur=bestuur, begindatum=date(2030, 1, 1))
    with pytest.raises(RegelFout):  # the past is not changed here
        swv_services.voeg_lid_toe(swv, door=duo, bestuur=bestuur, begindatum=vandaag - timedelta(days=1))


def test_demo_swv_met_de_demobesturen_als_lid(settings, vandaag):
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = True
    demo = factories.bestuur_met_erkenningen("40004", brin4s=("44AA",))
    factories.aanbieder(demo)
    for _ in range(2):  # idempotent
        call_command("maak_demo_gebruikers", stdout=io.StringIO())
    swv = Samenwerkingsverband.objects.get(code="PO9901")
    assert list(swv.lidmaatschappen.values_list("bestuur", flat=True)) == [demo.pk]
    sven = get_user_model().objects.get(username="swv")
    assert list(toegang.raadpleegrollen(sven).values_list("rol", "samenwerkingsverband")) == [
        (Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv.pk)]
    assert "PASSEND_ONDERWIJS" in toegang.leesbare_contexten(sven, demo)
