"""The drift report: locaties whose address differs from the service, by command and by page (DUO only)."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from registratie.adressen.drift import adresdrift
from registratie.adressen.lokaal import lokale_dienst
from registratie.adressen.pdok import Pdok
from registratie.models import Onderwijslocatie
from registratie.services.locatie import vind_of_maak_locatie
from tests.helpers.factories import gebruiker_met_rollen


@pytest.fixture
def locaties(db):
    """Three locaties at DUO addresses; the second's street was changed in the register afterwards."""
    goed = vind_of_maak_locatie("9306TC", 13, "", "Melkweg", "ALTEVEER GEM NOORDENVELD")
    veranderd = vind_of_maak_locatie("9405HX", 1, "G", "Witterhoofdweg", "ASSEN")
    Onderwijslocatie.objects.filter(pk=veranderd.pk).update(straatnaam="Witterweg", plaatsnaam="EMMEN")
    onbekend = vind_of_maak_locatie("9999ZZ", 1, "", "Nergensstraat", "NERGENS")
    return goed, veranderd, onbekend


def test_veranderd_en_onbekend_adres_staan_in_de_lijst(locaties):
    goed, veranderd, onbekend = locaties
    drift = {a.locatie.code: a for a in adresdrift(lokale_dienst())}
    assert set(drift) == {veranderd.code, onbekend.code} and goed.code not in drift
    assert drift[veranderd.code].verschillen == ("straatnaam 'Witterweg', adresdienst 'Witterhoofdweg'",
                                                 "plaatsnaam 'EMMEN', adresdienst 'ASSEN'")
    assert drift[onbekend.code].verschillen == ("adres onbekend bij de adresdienst (lokaal)",)


def test_pdok_meldt_ontbrekend_bag_id_maar_niet_duos_gemeente_achtervoegsel(locaties, pdok_server):
    goed, _, _ = locaties
    drift = {a.locatie.code: a for a in adresdrift(Pdok(pdok_server.url + "/v3_1"), [goed])}
    # 'ALTEVEER GEM NOORDENVELD' is the BAG's 'Alteveer'; only the BAG id is new.
    assert drift[goed.code].verschillen == ("BAG-id '(geen)', adresdienst '1699200000013131'",)
    Onderwijslocatie.objects.filter(pk=goed.pk).update(bag_id="1699200000013131")
    goed.refresh_from_db()
    assert list(adresdrift(Pdok(pdok_server.url + "/v3_1"), [goed])) == []


def test_commando_toont_de_afwijkingen(locaties, capsys):
    _, veranderd, _ = locaties
    call_command("adresdrift")
    uit = capsys.readouterr().out
    assert f"{veranderd.code} Witterweg 1-G, 9405 HX EMMEN: straatnaam 'Witterweg'" in uit
    assert "2 locatie(s) wijken af van de adresdienst (lokaal)." in uit


def test_commando_zegt_het_als_de_dienst_niet_bereikbaar_is(locaties, met_pdok, settings):
    settings.PDOK_LOCATIESERVER_URL = met_pdok.url + "/kapot"
    with pytest.raises(CommandError, match="niet bereikbaar"):
        call_command("adresdrift")


def test_pagina_alleen_voor_functioneel_beheer(locaties, client, bestuur):
    url = reverse("controle:adresdrift")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(gebruiker_met_rollen("beheerder", bestuur))
    assert client.get(url).status_code == 403  # every role of a board, but not DUO
    beheer = gebruiker_met_rollen("fb", None, rollen=[])
    beheer.is_staff = True
    beheer.save()
    client.force_login(beheer)
    r = client.get(url)
    assert r.status_code == 200
    html = r.content.decode()
    _, veranderd, onbekend = locaties
    assert veranderd.code in html and "Witterhoofdweg 1-G, 9405 HX ASSEN" in html and onbekend.code in html


def test_pagina_met_pdok_controleert_per_stap_en_overleeft_een_storing(locaties, client, met_pdok, settings,
                                                                       monkeypatch):
    beheer = gebruiker_met_rollen("fb", None, rollen=[])
    beheer.is_superuser = True
    beheer.save()
    client.force_login(beheer)
    monkeypatch.setattr("controle.adresdrift.STAP_PDOK", 2)
    r = client.get(reverse("controle:adresdrift"))
    codes = sorted(loc.code for loc in locaties)
    html = r.content.decode()
    assert r.status_code == 200 and f'<a href="?na={codes[1]}">Controleer de volgende locaties' in html
    assert "2 locaties gecontroleerd" in html  # two checked, a link to the rest
    r = client.get(reverse("controle:adresdrift") + f"?na={codes[1]}")
    assert codes[2] in r.content.decode() and "Controleer de volgende locaties" not in r.content.decode()
    assert client.get(reverse("controle:adresdrift") + "?na=' OR 1=1").status_code == 200  # ignored, not an error
    settings.PDOK_LOCATIESERVER_URL = met_pdok.url + "/kapot"
    r = client.get(reverse("controle:adresdrift"))
    assert r.status_code == 200 and "niet bereikbaar" in r.content.decode()
