"""Public pages per bestuur, aanbieder and locatie: register data and only public communicatiecontexten,
for everyone (also a logged-in person who may read restricted contexts in the portal); Dutch 404s."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from autorisatie import toegang
from openbaar.zoeken import openbare_contexten
from registratie.domein.enumeraties import COMMUNICATIECONTEXTEN, Openbaarheid
from registratie.models import Contactgegevens
from registratie.services import contact as contact_services
from registratie.services.contact import GEEN_CONTACT
from tests.helpers.openbaar import BESLOTEN, PUBLIEK_BESTUUR, PUBLIEK_SCHOOL


def _pagina(client, naam: str, code: str) -> str:
    antwoord = client.get(reverse(f"openbaar:{naam}", args=[code]))
    assert antwoord.status_code == 200, antwoord.status_code
    return antwoord.content.decode()


def _geen_besloten(html: str) -> None:
    for adres in BESLOTEN.values():
        assert adres not in html, adres


@pytest.mark.django_db
def test_bestuurspagina(client, register):
    html = _pagina(client, "bestuur", register.bestuur.code)
    for tekst in ("Stichting 10001", register.bestuur.code, "10001", register.school.code, "OBS De Regenboog",
                  f'href="/openbaar/aanbieder/{register.school.code}/"', register.locatie.code,
                  f'href="/openbaar/locatie/{register.locatie.code}/"', "11AA00", "11AB", "01-08-2021",
                  PUBLIEK_BESTUUR, "030 123 4567"):
        assert tekst in html, tekst
    assert register.andere_school.code not in html
    _geen_besloten(html)


@pytest.mark.django_db
def test_aanbiederpagina(client, register):
    html = _pagina(client, "aanbieder", register.school.code)
    for tekst in ("OBS De Regenboog", register.school.code, f'href="/openbaar/bestuur/{register.bestuur.code}/"',
                  "11AA", "School 11AA", "Basisonderwijs", "Doelgroep: Regulier basisonderwijs",
                  f'href="/openbaar/locatie/{register.locatie.code}/"', "Schoolstraat 11", PUBLIEK_SCHOOL,
                  "https://regenboog.example.nl"):
        assert tekst in html, tekst
    _geen_besloten(html)


@pytest.mark.django_db
def test_aanbieder_zonder_eigen_algemeen_toont_dat_van_het_bestuur(client, register, vandaag):
    html = _pagina(client, "aanbieder", register.andere_school.code)
    assert GEEN_CONTACT in html  # board 20002 registered nothing either: the Handelsregister
    contact_services.registreer_contact(register.ander_bestuur, door="test", context="ALGEMEEN",
                                        begindatum=vandaag,
                                        email="info@anker-bestuur.example.nl")
    html = _pagina(client, "aanbieder", register.andere_school.code)
    assert "info@anker-bestuur.example.nl" in html
    assert f"onderwijsbestuur {register.ander_bestuur.code} (Algemeen)" in html


@pytest.mark.django_db
def test_locatiepagina(client, register):
    html = _pagina(client, "locatie", register.locatie.code)
    for tekst in (register.locatie.code, "Schoolstraat 11", "1001 AB", "UTRECHT", "Stichting 10001",
                  f'href="/openbaar/bestuur/{register.bestuur.code}/"', "11AA00", "School 11AA vestiging 0",
                  f'href="/openbaar/aanbieder/{register.school.code}/"', "OBS De Regenboog", "Basisonderwijs"):
        assert tekst in html, tekst
    assert "Het Anker" not in html
    _geen_besloten(html)


@pytest.mark.django_db
def test_elke_context_volgt_de_openbaarheid_ook_voor_wie_ingelogd_is(client, register, beheerder, vandaag):
    """A contact in every context on the school: exactly the public ones appear, whoever looks. The beheerder
    may read the restricted ones in the portal; public pages still leave them out."""
    Contactgegevens.objects.filter(aanbieder=register.school).delete()
    for ctx in COMMUNICATIECONTEXTEN:
        contact_services.registreer_contact(register.school, door="test", context=ctx.code, begindatum=vandaag,
                                            email=f"{ctx.code.lower()}@school.example.nl")
    openbaar = {c.code for c in COMMUNICATIECONTEXTEN if c.openbaarheid == Openbaarheid.OPENBAAR}
    assert set(openbare_contexten(register.school.bestuur)) == openbaar == {
        c.code for c in COMMUNICATIECONTEXTEN if toegang.mag_context_lezen(AnonymousUser(), register.bestuur, c.code)}
    assert toegang.mag_context_lezen(beheerder, register.bestuur, "LEERPLICHT")  # in the portal: yes
    for wie in ("anoniem", "beheerder"):
        if wie == "beheerder":
            client.force_login(beheerder)
        html = _pagina(client, "aanbieder", register.school.code)
        for ctx in COMMUNICATIECONTEXTEN:
            adres = f"{ctx.code.lower()}@school.example.nl"
            assert (adres in html) == (ctx.code in openbaar), (wie, ctx.code)
        _geen_besloten(_pagina(client, "bestuur", register.bestuur.code))


@pytest.mark.django_db
@pytest.mark.parametrize(("naam", "code", "tekst"), [
    ("bestuur", "999B999", "Er is geen onderwijsbestuur met code"),
    ("aanbieder", "999A999", "Er is geen onderwijsaanbieder met code"),
    ("locatie", "999X999", "Er is geen onderwijslocatie met code"),
    ("bestuur", "100B01", "geen geldige code voor een onderwijsbestuur"),
    ("aanbieder", "100X001", "geen geldige code voor een onderwijsaanbieder"),
    ("locatie", "<script>", "geen geldige code voor een onderwijslocatie"),
    ("aanbieder", "100A001' OR 1=1", "geen geldige code"),
])
def test_onbekende_of_ongeldige_code_geeft_nederlandse_404(client, register, naam, code, tekst):
    antwoord = client.get(reverse(f"openbaar:{naam}", args=[code]))
    assert antwoord.status_code == 404
    html = antwoord.content.decode()
    assert tekst in html and "Niet gevonden" in html
    assert "<script>" not in html.split("<main", 1)[1]  # escaped


@pytest.mark.django_db
def test_code_in_kleine_letters_gaat_naar_de_pagina_van_de_code(client, register):
    antwoord = client.get(reverse("openbaar:aanbieder", args=[register.school.code.lower()]))
    assert antwoord.status_code == 301
    assert antwoord["Location"] == reverse("openbaar:aanbieder", args=[register.school.code])
    assert client.get(reverse("openbaar:locatie", args=["999x999"]), follow=True).status_code == 404


@pytest.mark.django_db
def test_anoniem_mag_alles_lezen_en_niets_posten(client, register):
    urls = [reverse("openbaar:zoeken") + "?q=Regenboog", reverse("openbaar:open_data"),
            reverse("openbaar:register_csv"), reverse("openbaar:bestuur", args=[register.bestuur.code]),
            reverse("openbaar:aanbieder", args=[register.school.code]),
            reverse("openbaar:locatie", args=[register.locatie.code])]
    for url in urls:
        antwoord = client.get(url)
        assert antwoord.status_code == 200, url
        assert client.post(url).status_code == 405, url


@pytest.mark.django_db
def test_zoeken_staat_in_het_menu_ook_zonder_inloggen(client, register):
    html = client.get(reverse("home")).content.decode()
    assert 'href="/zoeken/">Zoeken</a>' in html


@pytest.mark.django_db
def test_paginas_met_vast_aantal_queries(client, register, django_assert_max_num_queries):
    for naam, code in (("bestuur", register.bestuur.code), ("aanbieder", register.school.code),
                       ("locatie", register.locatie.code)):
        with django_assert_max_num_queries(14):
            client.get(reverse(f"openbaar:{naam}", args=[code]))
