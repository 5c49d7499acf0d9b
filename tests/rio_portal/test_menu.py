"""The main menu (templates/base.html, decided by autorisatie.toegang.menu): per persona only items that lead
somewhere, and each of them answers 200 for that person."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from autorisatie import toegang
from autorisatie.backends import laad_persoon
from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from tests.helpers import factories

pytestmark = pytest.mark.django_db

HOOFDMENU = re.compile(r'<nav [^>]*aria-label="Hoofdmenu">(.*?)</nav>', re.S)
MENULINK = re.compile(r'<a class="nav-link" href="([^"]+)">([^<]+)</a>')


def menu(client) -> dict[str, str]:
    """The menu items of the home page: name → address."""
    [nav] = HOOFDMENU.findall(client.get(reverse("home"), follow=True).content.decode())
    return {naam: href for href, naam in MENULINK.findall(nav)}


def raadpleger():
    persoon = factories.gebruiker_met_rollen("leerplicht", None, rollen=[])
    Roltoewijzing.objects.create(gebruiker=persoon, rol=Rol.RAADPLEGEN_LEERPLICHT, gemeentenummer="0344",
                                 begindatum=factories.BEGIN, bron="test")
    return persoon


PERSONAS = {
    "anoniem": (lambda bestuur: None, ["Zoeken"]),
    "beheerder met alle rollen": (lambda bestuur: factories.gebruiker_met_rollen("beheerder", bestuur),
                                  ["Zoeken", "Mijn organisatie", "Controle", "Waarom zie ik dit niet?"]),
    "Beheerder PO zonder gebruikersrollen": (lambda bestuur: factories.beheerder_po("po", bestuur),
                                             ["Zoeken", "Mijn organisatie", "Controle", "Waarom zie ik dit niet?"]),
    "collega zonder rollen": (lambda bestuur: factories.collega("collega", bestuur),
                              ["Zoeken", "Waarom zie ik dit niet?"]),
    "schoolleider": (lambda bestuur: factories.gebruiker_met_rollen("leider", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN]),
                     ["Zoeken", "Blauwdruk", "Waarom zie ik dit niet?"]),
    "leerplichtambtenaar": (lambda bestuur: raadpleger(), ["Zoeken", "Raadplegen", "Waarom zie ik dit niet?"]),
    "DUO": (lambda bestuur: get_user_model().objects.create_superuser("duo", "duo@example.test", "x"),
            ["Zoeken", "Mijn organisatie", "Controle", "Waarom zie ik dit niet?"]),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_elk_menu_item_leidt_ergens_heen(client, bestuur, vandaag, persona):
    maak, verwacht = PERSONAS[persona]
    persoon = maak(bestuur)
    if persoon is not None:
        client.force_login(persoon)
    items = menu(client)
    assert list(items) == verwacht
    for naam, href in items.items():
        antwoord = client.get(href)
        assert antwoord.status_code == 200, f"{persona}: {naam} ({href}) geeft {antwoord.status_code}"


def test_schoolleider_komt_via_het_menu_bij_de_blauwdruk_van_zijn_bestuur(client, bestuur, vandaag):
    client.force_login(factories.gebruiker_met_rollen("leider", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN]))
    assert menu(client)["Blauwdruk"] == reverse("blauwdruk:lijst", args=[bestuur.code])



@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in ("anoniem", "DUO")])
def test_menu_kost_geen_eigen_query_en_volgt_toegang(bestuur, vandaag, persona, django_assert_max_num_queries):
    """The login backends load the person with what the menu needs (toegang.met_raadpleegrol): no query for
    someone with a register (the register pages count their queries), one for someone without (is he a school
    leader, of which board?). The loaded answer is the one toegang.besturen gives."""
    persoon = PERSONAS[persona][0](bestuur)
    register = toegang.besturen(persoon).exists()
    geladen = laad_persoon(persoon.pk)
    with django_assert_max_num_queries(0 if register else 1):
        keuze = toegang.menu(geladen)
    assert keuze.register is register
