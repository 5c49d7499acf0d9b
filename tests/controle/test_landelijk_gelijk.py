"""Issue 19: the national control file was made faster (links filled into a pattern reversed once, instances built
from values_list rows, a cheaper CSV line, a school's effective contacts from its board's once; then the columns of an
effective contact once per contact, a rule's name and link once per board, an offer's kenmerken once per set), and
its content must not change. The old code path is kept here, and for several boards (a clean one with a
begeleidingsaanbieder, a samenwerkingsschool shared with a second, a third with defects, and a real board from DUO's
file) the national CSV zip and xlsx must be the same byte for byte, file by file inside the archive, as with that old
path."""

import csv
import io
import sys
import zipfile
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

import controle.services
import kern.export
import registratie.laden
from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from controle import bestand, regels
from kern import urls
from kern.export import GEVAARLIJKE_BEGINTEKENS, CsvBestand, lokale_tijd, veilige_waarde
from registratie.domein.enumeraties import kenmerk_labels
from registratie.models import Instellingserkenning, Onderwijsaanbieder
from registratie.services import begeleiding as begeleiding_services
from registratie.services import contact as contact_services
from registratie.services import samenwerking as samenwerking_services
from registratie.services.contact import effectief_contact_via
from tests.helpers import factories
from tests.helpers.controle import vul_schoon
from tests.helpers.duo import PEILDATUM_BESTAND, regels_van_bevoegd_gezag

pytestmark = pytest.mark.django_db

BASIS = "https://rio.example.nl"


# --- The old code path (as of commit 517355e) -------------------------------------------------------------------

def oude_csv_waarde(waarde: Any) -> str:
    if type(waarde) is str:
        return "'" + waarde if waarde.startswith(GEVAARLIJKE_BEGINTEKENS) else waarde
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime):
        return lokale_tijd(waarde).strftime("%d-%m-%Y %H:%M")
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, float | Decimal):
        return str(waarde).replace(".", ",")
    return str(veilige_waarde(str(waarde)))


def oude_regel(self: CsvBestand, rij) -> str:
    return str(self._schrijver.writerow([oude_csv_waarde(w) for w in rij]))


def oude_link(naam: str, *args: Any) -> str:
    return reverse(naam, args=args)


def oude_objecten(qs, *gerelateerd: str) -> list:
    return list(qs.select_related(*gerelateerd) if gerelateerd else qs)


def oud_effectief_contact(g, aanbieder, context):
    return effectief_contact_via(aanbieder, context, g.geldig_contact)


# The rows of two sheets as of commit 363ebec (before the columns were worked out once per effective contact and once
# per rule).
def oude_effectief_rijen(bron):
    c = bron.controle
    for rij in chain(controle.services.effectieve_contacten(c.gegevens),
                     controle.services.effectieve_begeleidingscontacten(c.gegevens)):
        if not bron.leesbaar(rij.context.code):
            continue
        ct = rij.effectief.gegevens
        yield (c.bestuur.code, rij.aanbieder.code, rij.aanbieder_naam, rij.context.label,
               rij.context.openbaarheid.value, rij.context.lezers, ct.email if ct else "",
               ct.telefoonnummer if ct else "", ct.website if ct else "", bestand.bezoekadres(ct) if ct else "",
               bestand.postadres(ct) if ct else "", rij.effectief.herkomst, str(rij.aanbieder._meta.verbose_name))


def oude_signaal_rijen(bron):
    c = bron.controle
    for s in c.signalen:
        yield (c.bestuur.code, s.ernst.value, s.regel, s.regelnaam, s.object.soort, s.object.code, s.object.naam,
               s.bericht, s.herstel.label if s.herstel else "", bron.basis_url + s.herstel.url if s.herstel else "",
               bron.basis_url + s.uitleg_url)


def oude_opleiding_rijen(bron):
    c = bron.controle
    p = c.peildatum
    for ao in chain(c.gegevens.aangeboden_opleidingen, c.gegevens.gedeelde_opleidingen):
        huidig = regels.periode(ao, p)
        kenmerken = "; ".join(f"{label}: {waarde}" for label, waarde in kenmerk_labels(
            ao.opleiding.sector, ((k.naam, k.waarde) for k in c.gegevens.kenmerken_van(ao))))
        yield (c.bestuur.code, str(ao.code), ao.aanbieder.code, regels.naam(ao.aanbieder, p), ao.opleiding.naam,
               ao.opleiding.sector, huidig.eigen_naam if huidig else "", ao.locatie.code if ao.locatie else "",
               ao.locatie.adres if ao.locatie else "geen vaste locatie", ao.begindatum, ao.eerste_instroomdatum,
               ao.einddatum, kenmerken, ", ".join(huidig.samenwerkende_aanbieders) if huidig else "",
               ao.status_op(p), bestand._samenwerkingsschool(c, ao))


OUDE_RIJEN = {"Effectieve contacten": oude_effectief_rijen, "Signalen": oude_signaal_rijen,
              "Aangeboden opleidingen": oude_opleiding_rijen}


def _vervang_overal(monkeypatch, nieuw, oud) -> int:
    """Point every module's name for ``nieuw`` (imported with from ... import) at ``oud``."""
    aantal = 0
    for module in list(sys.modules.values()):
        for naam, waarde in list(getattr(module, "__dict__", {}).items()):
            if waarde is nieuw:
                monkeypatch.setattr(module, naam, oud)
                aantal += 1
    return aantal


def _oude_weg(monkeypatch) -> None:
    assert _vervang_overal(monkeypatch, urls.link, oude_link) >= 3  # kern.urls, controle.regels, the models
    assert _vervang_overal(monkeypatch, registratie.laden.objecten, oude_objecten) >= 2  # laden, controle.gegevens
    monkeypatch.setattr(kern.export.CsvBestand, "regel", oude_regel)
    monkeypatch.setattr(controle.services, "effectief_contact", oud_effectief_contact)
    monkeypatch.setattr(controle.services, "_van_bestuur", lambda g, aanbieder: None)  # the rows: the full chain
    monkeypatch.setattr(bestand, "BLADEN", [replace(b, rijen=OUDE_RIJEN[b.naam]) if b.naam in OUDE_RIJEN else b
                                            for b in bestand.BLADEN])


# --- Several boards ---------------------------------------------------------------------------------------------

@pytest.fixture
def sector(bestuur, ander_bestuur, vandaag, tmp_path):
    # 10001: clean, with a begeleidingsaanbieder under a so-school of cluster 2 and awkward text in a contact.
    vul_schoon(bestuur, vandaag)
    so = Instellingserkenning.objects.create(code="11SO", naam="Auris SO", bevoegd_gezag=bestuur.bevoegd_gezag,
                                             soort="SO", cluster="2", begindatum=factories.BEGIN)
    begeleiding_services.registreer_begeleidingsaanbieder(
        bestuur, door="test", naam="Ambulante dienst Auris", begindatum=vandaag, instellingen=[so],
        expertises=["SLECHTHORENDHEID"])
    x = Onderwijsaanbieder.objects.filter(bestuur=bestuur).order_by("code").first()
    contact_services.registreer_contact(x, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="jan.jansen@school.example", afdeling='=HYPERLINK("x"); "Directie"',
                                        toelichting="+31 Bel; na 9 uur, \"ma-vr\"", telefoonnummer="030 123 4567")
    # 20002: shares x (samenwerkingsschool) and keeps an offer there; no Algemeen; a role without selectiekenmerk.
    gebruiker_a = factories.gebruiker_met_rollen("anna", bestuur)
    gebruiker_b = factories.gebruiker_met_rollen("bert", ander_bestuur)
    uitnodiging = samenwerking_services.nodig_uit(x, door=gebruiker_a, van_bestuur=bestuur,
                                                  bestuurcode=ander_bestuur.code, begindatum=vandaag)
    samenwerking_services.aanvaard(uitnodiging, door=gebruiker_b, versie=uitnodiging.versie)
    gebruik_b = factories.locatiegebruik(ander_bestuur)
    factories.bo_opleiding(x, locatie=gebruik_b.locatie, begindatum=vandaag, bestuur=ander_bestuur)
    Roltoewijzing.objects.create(gebruiker=factories.collega("carla", ander_bestuur),
                                 rol=Rol.BEHEREN_AANGEBODEN_OPLEIDING, bestuur=None, begindatum=factories.BEGIN,
                                 bron="test")
    # 30003: an aanbieder without offers ending on 15 March, a school without a mandate.
    derde = factories.bestuur_met_erkenningen("30003", brin4s=("33CC", "33CD"))
    eind = factories.aanbieder(derde, naam="-De Eindhalte", brin4="33CC")
    Onderwijsaanbieder.objects.filter(pk=eind.pk).update(einddatum=date(2027, 3, 15))
    factories.locatiegebruik(derde)
    # A real board of DUO's file (23337, Rhenen: two schools), loaded and filled by the real importer.
    kop, regels = regels_van_bevoegd_gezag("23337")
    pad = tmp_path / "rhenen.csv"
    pad.write_bytes((kop + "".join(regels)).encode("cp1252"))
    call_command("importeer_duo_open_data", str(pad), "--peildatum", PEILDATUM_BESTAND, "--vul-registratie",
                 "--stil")
    return vandaag


def _leden(inhoud: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        return {naam: archief.read(naam) for naam in archief.namelist()}


def _landelijk(formaat: str, peildatum: date) -> dict[str, bytes]:
    uitvoer = io.BytesIO()
    bestand.schrijf(bestand.landelijke_controles(peildatum), formaat, uitvoer, basis_url=BASIS)
    return _leden(uitvoer.getvalue())


@pytest.mark.parametrize("formaat", ["zip", "xlsx"])
def test_landelijk_bestand_ongewijzigd(sector, formaat, monkeypatch):
    nieuw = _landelijk(formaat, sector)
    with monkeypatch.context() as m:
        _oude_weg(m)
        oud = _landelijk(formaat, sector)
    assert list(nieuw) == list(oud)
    for naam in oud:
        assert nieuw[naam] == oud[naam], naam
    if formaat == "zip":
        # The fixture reaches what the optimisations touch: every board, shared offers, links, escaped text.
        bladen = {naam: list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";"))
                  for naam, inhoud in nieuw.items()}
        assert len(bladen["bestuur.csv"]) == 1 + 4
        assert any(r[-1].startswith("bijgehouden door") for r in bladen["aangeboden-opleidingen.csv"][1:])
        assert any(r[-1].startswith("samenwerkingsschool van") for r in bladen["aangeboden-opleidingen.csv"][1:])
        assert len(bladen["begeleidingsaanbieders.csv"]) == 2
        assert any(r[5] == "'=HYPERLINK(\"x\"); \"Directie\"" for r in bladen["contactgegevens.csv"][1:])
        signalen = bladen["signalen.csv"][1:]
        assert {"GEEN_ALGEMEEN_CONTACT", "EINDE_OP_31_JULI", "OSR_MANDAAT", "ROL_ZONDER_SELECTIEKENMERK",
                "PERSOONSGEGEVENS_OPENBAAR"} <= {r[2] for r in signalen}
        assert all(r[10].startswith(BASIS + "/controle/regels/") for r in signalen)
        assert all(r[9].startswith(BASIS + "/") for r in signalen if r[9])
        assert len(signalen) > 10
