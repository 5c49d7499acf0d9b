"""The mandate screens through the test client: what a reader sees, what someone with OSR-toegang can do,
and that nobody else can change anything (403 with the missing role, 404 for another board)."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from autorisatie import toegang
from autorisatie.models import Mandaat
from autorisatie.rollen import Rol
from autorisatie.toegang import Actie
from registratie.models import AuditRegel, Instellingserkenning
from tests.helpers import factories
from tests.helpers.osr import stand

pytestmark = pytest.mark.django_db


def _url(naam: str, bestuur, *args) -> str:
    return reverse(f"autorisatie:{naam}", args=[bestuur.code, *args])


def _pk(code: str) -> int:
    return Instellingserkenning.objects.get(code=code).pk


def _tekst(antwoord) -> str:
    return re.sub(r"\s+", " ", antwoord.content.decode())


# --- Overview -----------------------------------------------------------------------------------------------

def test_overzicht_per_school_met_status_en_waarschuwingen(client, bestuur, las, ander_las, lezer, vandaag):
    factories.mandaat(bestuur, "11AA", las, einddatum=vandaag + timedelta(days=20))
    factories.mandaat(bestuur, "11AA", ander_las, dienst="ROD_PO", begindatum=date(2027, 1, 1))
    factories.mandaat(bestuur, "11AB", las, einddatum=vandaag - timedelta(days=1))
    client.force_login(lezer)
    antwoord = client.get(_url("mandaten", bestuur))
    assert antwoord.status_code == 200
    html = _tekst(antwoord)
    rijen = re.findall(r'<tr class="mandaat[^"]*"[^>]*? data-dienst="(\w+)" data-status="([^"]+)"[^>]*>(.*?)</tr>',
                       html)
    assert [(d, s) for d, s, _ in rijen] == [("RIO", "actief"), ("ROD_PO", "toekomstig"), ("RIO", "beëindigd")]
    assert "Voorbeeld LAS" in rijen[0][2] and "Leverancier A B.V." in rijen[0][2] and "18-12-2026" in rijen[0][2]
    assert "Ander LAS" in rijen[1][2] and "01-01-2027" in rijen[1][2]
    aandacht = re.search(r'<section aria-labelledby="aandacht-kop".*?</section>', html).group(0)
    assert re.search(r'<ul id="zonder-rio"><li><a href="#school-11AB"><span class="code">11AB</span>', aandacht)
    assert "11AA</span>: RIO via Voorbeeld LAS (Leverancier A B.V.), laatste dag 18-12-2026" in aandacht
    # A reader changes nothing: the add action explains which role is missing, no end/copy buttons.
    assert f'href="/toegang/waarom/?actie=beheren_mandaten&amp;bestuur={bestuur.code}"' in html
    assert "Mandaat toevoegen: waarom kan ik dit niet?" in html
    assert "/beeindigen/" not in html and "/kopieer/" not in html and "+ mandaat toevoegen" not in html


def test_overzicht_op_peildatum_en_zonder_waarschuwing_als_alles_in_orde_is(client, bestuur, las, lezer, vandaag):
    for brin4 in ("11AA", "11AB"):
        factories.mandaat(bestuur, brin4, las)
    client.force_login(lezer)
    html = _tekst(client.get(_url("mandaten", bestuur)))
    assert 'id="aandacht"' not in html and html.count('data-status="actief"') == 2
    vroeger = _tekst(client.get(_url("mandaten", bestuur) + "?peildatum=2021-07-31"))
    assert vroeger.count('data-status="toekomstig"') == 2 and "geen actief RIO-mandaat" in vroeger


def test_overzicht_met_osr_toegang_toont_de_acties(osr_client, bestuur, las, vandaag):
    m = factories.mandaat(bestuur, "11AA", las)
    html = _tekst(osr_client.get(_url("mandaten", bestuur)))
    assert f'href="{_url("mandaat_beeindigen", bestuur, m.pk)}"' in html
    assert f'href="{_url("mandaat_kopieren", bestuur, m.pk)}"' in html
    assert f'href="{_url("mandaat_nieuw", bestuur)}?instelling=11AB"' in html
    assert "waarom kan ik dit niet" not in html


def test_link_vanaf_de_organisatiepagina(client, bestuur, lezer):
    client.force_login(lezer)
    assert f'href="{_url("mandaten", bestuur)}">Mandaten (OSR)</a>' in _tekst(
        client.get(reverse("registratie:organisatie", args=[bestuur.code])))


# --- Adding ---------------------------------------------------------------------------------------------------

def test_toevoegen_via_het_formulier(osr_client, osr_gebruiker, bestuur, ander_bestuur, las, oud_las, vandaag):
    formulier = osr_client.get(_url("mandaat_nieuw", bestuur) + "?instelling=11AB")
    assert formulier.status_code == 200
    html = _tekst(formulier)
    scholen = re.search(r'<select name="instelling".*?</select>', html).group(0)
    assert "11AA School 11AA" in scholen and "11AB School 11AB" in scholen and "22BB" not in scholen
    assert re.search(rf'<option value="{_pk("11AB")}" selected>', scholen)
    systemen = re.search(r'<select name="systeem".*?</select>', html).group(0)
    assert "Voorbeeld LAS" in systemen and "Oud LAS" not in systemen
    assert f'value="{vandaag.isoformat()}"' in re.search(r'<input[^>]*name="begindatum"[^>]*>', html).group(0)

    antwoord = osr_client.post(_url("mandaat_nieuw", bestuur), {
        "instelling": _pk("11AB"), "dienst": "RIO", "systeem": las.pk, "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302 and antwoord["Location"] == _url("mandaten", bestuur)
    m = Mandaat.objects.get()
    assert (m.instelling.code, m.dienst, m.systeem, m.begindatum, m.einddatum) == ("11AB", "RIO", las, vandaag, None)
    assert AuditRegel.objects.filter(objecttype="mandaat", gebruiker=osr_gebruiker, bestuurcode=bestuur.code).exists()
    overzicht = _tekst(osr_client.get(antwoord["Location"]))
    assert "Mandaat toegevoegd: Voorbeeld LAS (Leverancier A B.V.) mag voor school 11AB" in overzicht


def test_toevoegen_met_fouten_toont_ze_en_slaat_niets_op(osr_client, bestuur, ander_bestuur, las, oud_las, vandaag):
    voor = stand()
    verleden = osr_client.post(_url("mandaat_nieuw", bestuur), {
        "instelling": _pk("11AA"), "dienst": "RIO", "systeem": las.pk, "begindatum": "2026-11-27",
        "einddatum": "2026-11-01"})
    assert verleden.status_code == 200
    html = _tekst(verleden)
    assert 'id="foutmeldingen"' in html and "ligt in het verleden" in html and "vóór de begindatum" in html
    vreemd = osr_client.post(_url("mandaat_nieuw", bestuur), {
        "instelling": _pk("22BB"), "dienst": "RIO", "systeem": oud_las.pk, "begindatum": vandaag.isoformat()})
    assert vreemd.status_code == 200
    html = _tekst(vreemd)
    assert "Kies een school van uw eigen bestuur." in html and "Kies een actief systeem uit de lijst." in html
    assert stand() == voor


def test_zonder_osr_toegang_403_en_geen_formulier(client, bestuur, las, beheerder, vandaag):
    client.force_login(beheerder)  # all eight RIO gebruikersrollen, but not OSR-toegang
    antwoord = client.get(_url("mandaat_nieuw", bestuur))
    assert antwoord.status_code == 403
    html = _tekst(antwoord)
    assert "OSR-toegang" in html and 'name="instelling"' not in html and "<form method=\"post\" class" not in html
    voor = stand()
    assert client.post(_url("mandaat_nieuw", bestuur), {"instelling": _pk("11AA"), "dienst": "RIO",
                                                        "systeem": las.pk, "begindatum": vandaag.isoformat()}
                       ).status_code == 403
    m = factories.mandaat(bestuur, "11AA", las)
    voor = stand()
    for naam in ("mandaat_beeindigen", "mandaat_kopieren"):
        assert client.get(_url(naam, bestuur, m.pk)).status_code == 403
        assert client.post(_url(naam, bestuur, m.pk), {"einddatum": "2027-07-31",
                                                       "instellingen": [_pk("11AB")]}).status_code == 403
    assert stand() == voor


def test_gebruiker_van_bestuur_b_krijgt_404(client, bestuur, ander_bestuur, las, vandaag):
    m = factories.mandaat(bestuur, "11AA", las)
    b = factories.gebruiker_met_rollen("osr_b", ander_bestuur, rollen=[Rol.OSR_TOEGANG])
    client.force_login(b)
    voor = stand()
    for url in (_url("mandaten", bestuur), _url("mandaat_nieuw", bestuur), _url("mandaat_beeindigen", bestuur, m.pk),
                _url("mandaat_kopieren", bestuur, m.pk),
                # A's mandate addressed through B's own code is not found either.
                _url("mandaat_beeindigen", ander_bestuur, m.pk), _url("mandaat_kopieren", ander_bestuur, m.pk)):
        assert client.get(url).status_code == 404, url
        gepost = client.post(url, {"einddatum": "2027-07-31", "instellingen": [_pk("11AB")]})
        assert gepost.status_code == (405 if url.endswith("/mandaten/") else 404), url  # the overview only reads
    assert stand() == voor


# --- Ending and copying ---------------------------------------------------------------------------------------

def test_beeindigen_via_het_formulier(osr_client, bestuur, las, vandaag):
    m = factories.mandaat(bestuur, "11AA", las)
    formulier = _tekst(osr_client.get(_url("mandaat_beeindigen", bestuur, m.pk)))
    assert "Voorbeeld LAS (Leverancier A B.V.)" in formulier and f'value="{vandaag.isoformat()}"' in formulier
    fout = osr_client.post(_url("mandaat_beeindigen", bestuur, m.pk), {"einddatum": "2026-11-01"})
    assert fout.status_code == 200 and "ligt in het verleden" in _tekst(fout)
    antwoord = osr_client.post(_url("mandaat_beeindigen", bestuur, m.pk), {"einddatum": "2027-07-31"})
    assert antwoord.status_code == 302
    m.refresh_from_db()
    assert m.einddatum == date(2027, 7, 31)
    assert AuditRegel.objects.filter(objecttype="mandaat", actie="beeindigd", objectcode=str(m.pk)).count() == 1


def test_kopieren_via_het_formulier(osr_client, drie_scholen, las, vandaag):
    osr_client.force_login(factories.gebruiker_met_rollen("osr3", drie_scholen, rollen=[Rol.OSR_TOEGANG]))
    bron = factories.mandaat(drie_scholen, "33AA", las)
    html = _tekst(osr_client.get(_url("mandaat_kopieren", drie_scholen, bron.pk)))
    keuzes = re.findall(r'type="checkbox" class="form-check-input" name="instellingen" value="(\d+)"', html)
    assert keuzes == [str(_pk("33AB")), str(_pk("33AC"))]  # the other schools, not the mandate's own
    antwoord = osr_client.post(_url("mandaat_kopieren", drie_scholen, bron.pk),
                               {"instellingen": [_pk("33AB"), _pk("33AC")]})
    assert antwoord.status_code == 302
    assert sorted(Mandaat.objects.values_list("instelling__code", flat=True)) == ["33AA", "33AB", "33AC"]
    assert "gekopieerd naar 2 scholen: 33AB, 33AC" in _tekst(osr_client.get(antwoord["Location"]))


def test_kopieren_alles_of_niets_via_het_formulier(osr_client, drie_scholen, las, vandaag):
    osr_client.force_login(factories.gebruiker_met_rollen("osr3", drie_scholen, rollen=[Rol.OSR_TOEGANG]))
    bron = factories.mandaat(drie_scholen, "33AA", las)
    factories.mandaat(drie_scholen, "33AC", las)
    voor = stand()
    antwoord = osr_client.post(_url("mandaat_kopieren", drie_scholen, bron.pk),
                               {"instellingen": [_pk("33AB"), _pk("33AC")]})
    assert antwoord.status_code == 200 and "School 33AC heeft voor dienst RIO al een mandaat" in _tekst(antwoord)
    assert stand() == voor


# --- Granting OSR-toegang on the rollen screen ------------------------------------------------------------------

def test_beheerder_po_kent_osr_toegang_toe(client, bestuur, las, vandaag):
    po = factories.beheerder_po("po", bestuur)
    jan = factories.collega("jan", bestuur)
    client.force_login(po)
    rollen = _tekst(client.get(_url("rollen", bestuur)))
    assert '<option value="OSR_TOEGANG">OSR-toegang</option>' in rollen
    assert "Alle RIO-rollen die u mag geven (8)" in rollen  # the bundle stays the eight gebruikersrollen
    assert not toegang.mag(jan, Actie.BEHEREN_MANDATEN, bestuur)
    antwoord = client.post(_url("rollen", bestuur), {"formulier": "toekennen", "gebruiker": jan.pk,
                                                     "rol": "OSR_TOEGANG", "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302
    assert toegang.mag(jan, Actie.BEHEREN_MANDATEN, bestuur)
    client.force_login(jan)
    assert client.post(_url("mandaat_nieuw", bestuur), {"instelling": _pk("11AA"), "dienst": "RIO",
                                                        "systeem": las.pk, "begindatum": vandaag.isoformat()}
                       ).status_code == 302


def test_alleen_beheerder_algemeen_geeft_osr_toegang(client, bestuur, vandaag):
    from autorisatie import services

    selfservice = factories.gebruiker_met_rollen("ss", bestuur, rollen=[Rol.BEHEERDER_SELFSERVICE])
    algemeen = factories.gebruiker_met_rollen("alg", bestuur, rollen=[Rol.BEHEERDER_ALGEMEEN])
    assert Rol.OSR_TOEGANG not in services.toekenbare_rollen(selfservice, bestuur)
    assert Rol.OSR_TOEGANG in services.toekenbare_rollen(algemeen, bestuur)
    po = factories.beheerder_po("po", bestuur)
    client.force_login(po)
    client.post(_url("rollen", bestuur), {"formulier": "toekennen", "gebruiker": po.pk, "rol": "ALLE_RIO_ROLLEN",
                                          "begindatum": vandaag.isoformat()})
    assert not toegang.mag(po, Actie.BEHEREN_MANDATEN, bestuur)
