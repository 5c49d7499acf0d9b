"""Onderwijsbegeleidingsaanbieders and the blauwdruk (issue 18 §2): a blauwdruk cannot model them, so its preview
and its picture show the register's begeleidingsaanbieders read-only, with a note that they are managed on the
register pages; applying the blauwdruk leaves them as they are."""

import pytest
from django.urls import reverse

from modelleertool import modelleren
from registratie.models import Instellingserkenning
from registratie.services import begeleiding as begeleiding_services
from tests.helpers import factories
from tests.helpers.plaatje import knopen, svgs, teksten

pytestmark = pytest.mark.django_db

NOTITIE = "Een blauwdruk kan geen onderwijsbegeleidingsaanbieders modelleren"


@pytest.fixture
def begeleider(bestuur, registratie, vandaag):
    so = Instellingserkenning.objects.create(code="11SO", naam="Auris SO", bevoegd_gezag=bestuur.bevoegd_gezag,
                                             soort="SO", cluster="2", begindatum=factories.BEGIN)
    return begeleiding_services.registreer_begeleidingsaanbieder(
        bestuur, door="test", naam="Ambulante dienst <Auris>", begindatum=vandaag, instellingen=[so],
        expertises=["SLECHTHORENDHEID"])


def test_voorbeeld_toont_begeleidingsaanbieders_alleen_lezen(client, beheerder, bestuur, begeleider):
    blauwdruk = modelleren.nieuw_concept(bestuur, door=beheerder)
    client.force_login(beheerder)
    html = client.get(reverse("blauwdruk:voorbeeld", args=[bestuur.code, blauwdruk.pk])).content.decode()
    sectie = html.split('id="begeleiders"')[1].split("</section>")[0]
    assert NOTITIE in sectie and begeleider.code in sectie and "11SO" in sectie and "Slechthorendheid" in sectie
    assert "Ambulante dienst &lt;Auris&gt;" in sectie
    assert f'{reverse("registratie:organisatie", args=[bestuur.code])}#begeleiding-kop' in sectie
    assert "<form" not in sectie and "<input" not in sectie, "nothing to change here"


def test_plaatje_van_de_blauwdruk_tekent_ze_onder_de_aanbieders(client, beheerder, bestuur, begeleider):
    blauwdruk = modelleren.nieuw_concept(bestuur, door=beheerder)
    client.force_login(beheerder)
    html = client.get(reverse("blauwdruk:plaatje", args=[bestuur.code, blauwdruk.pk])).content.decode()
    [svg] = svgs(html)
    [vak] = [g for g in knopen(svg, "begeleiding") if g.get("id") == f"plaatje-begeleiding-{begeleider.code}"]
    assert "Ambulante dienst <Auris>" in teksten(vak) and begeleider.code in " ".join(teksten(vak))
    assert NOTITIE in html and "Onder de aanbieders staan de onderwijsbegeleidingsaanbieders uit de registratie" in html


def test_leesrol_blauwdruk_ziet_ze_zonder_link_naar_het_register(client, bestuur, begeleider, beheerder):
    from autorisatie.rollen import Rol

    blauwdruk = modelleren.nieuw_concept(bestuur, door=beheerder)
    lezer = factories.gebruiker_met_rollen("schoolleider", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN])
    client.force_login(lezer)
    html = client.get(reverse("blauwdruk:voorbeeld", args=[bestuur.code, blauwdruk.pk])).content.decode()
    sectie = html.split('id="begeleiders"')[1].split("</section>")[0]
    assert begeleider.code in sectie and "Ze worden beheerd op de registerpagina's." in sectie
    assert "#begeleiding-kop" not in sectie


def test_zonder_begeleidingsaanbieders_geen_sectie(client, beheerder, bestuur, registratie):
    blauwdruk = modelleren.nieuw_concept(bestuur, door=beheerder)
    client.force_login(beheerder)
    html = client.get(reverse("blauwdruk:voorbeeld", args=[bestuur.code, blauwdruk.pk])).content.decode()
    assert NOTITIE not in html
