"""The picture of a blauwdruk (issue 6, item 4 for a concept): the layout of the live organisation picture
(registratie.plaatje), fed by an adapter from the concept's rows."""

import pytest
from django.urls import reverse

from modelleertool import modelleren
from modelleertool import plaatje as concept_plaatje
from modelleertool.inhoud import Blauwdruk as Inhoud
from modelleertool.inhoud import uit_registratie
from modelleertool.models import Blauwdruk
from registratie import plaatje
from registratie.models import AuditRegel
from registratie.selectors import organisatie_boom
from tests.helpers import factories
from tests.helpers.plaatje import knopen, svgs, teksten

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept(bestuur, registratie, beheerder, vandaag):
    """A concept with a new aanbieder (a name to escape) that gives a BO opleiding at a new locatie."""
    blauwdruk = modelleren.nieuw_concept(bestuur, door=beheerder)
    modelleren.bewerk(blauwdruk, "aanbieder_toevoegen", naam="Kind & <Kompas>", brin4=["11AB"])
    modelleren.bewerk(blauwdruk, "locatie_toevoegen", brin6="11AB00")
    modelleren.bewerk(blauwdruk, "opleiding_toevoegen", aanbieder="Kind & <Kompas>", opleiding="Basisonderwijs",
                      locatie="11AB00", doelgroepen=["BO"], eigen_naam="Kompas Jenaplan")
    return blauwdruk


def test_plaatje_van_concept_is_welgevormde_svg_met_de_nieuwe_aanbieder(client, beheerder, concept, registratie):
    client.force_login(beheerder)
    stand, audit = factories.stand(), AuditRegel.objects.count()
    antwoord = client.get(reverse("blauwdruk:plaatje", args=[concept.bestuur.code, concept.pk]))
    assert antwoord.status_code == 200
    [svg] = svgs(antwoord.content.decode())  # parsing raises when the SVG is not well-formed
    ids = [el.get("id") for el in svg.iter() if el.get("id")]
    assert len(ids) == len(set(ids)), "every id once"
    assert len(knopen(svg, "aanbieder")) == 2 and len(knopen(svg, "opleiding")) == 2
    assert len(knopen(svg, "locatie")) == 2
    [kompas] = [g for g in knopen(svg, "aanbieder") if "Kind & <Kompas>" in teksten(g)]
    assert "nieuw-1 · BRIN 11AB" in teksten(kompas)
    alle_tekst = " ".join(t for g in svg.iter() for t in teksten(g))
    assert "Kompas Jenaplan" in alle_tekst and "De Regenboog" in alle_tekst
    assert "nieuw-11AB00" in alle_tekst and registratie["gebruik"].locatie.code in alle_tekst
    assert "blauwdruk " + str(concept.pk) in svg.find("{http://www.w3.org/2000/svg}title").text
    pagina = antwoord.content.decode()
    assert "Kind &amp; &lt;Kompas&gt;" in pagina and "<Kompas>" not in pagina
    assert (factories.stand(), AuditRegel.objects.count()) == (stand, audit)


def test_ongewijzigd_concept_tekent_hetzelfde_als_de_registratie(bestuur, registratie, vandaag):
    """Same layout, same input: the adapter gives the layout what the live tree gives it."""
    live = plaatje.teken(plaatje.uit_registratie(organisatie_boom(bestuur, vandaag)))
    concept = plaatje.teken(concept_plaatje.uit_concept(bestuur, uit_registratie(bestuur, vandaag), vandaag))

    def vakken(p):
        return [(k.soort, k.sleutel, k.x, k.y, k.breedte, k.hoogte, k.regels, k.toekomstig) for k in p.knopen]

    assert vakken(concept) == vakken(live)
    assert concept.lijnen == live.lijnen and concept.hoogte == live.hoogte


def test_beeindigde_rijen_en_toekomstige_opleiding(bestuur, registratie, vandaag):
    inhoud = uit_registratie(bestuur, vandaag)
    inhoud.locaties[0].einddatum = vandaag.replace(day=1)  # ended before the peildatum: left out
    inhoud.opleidingen[0].locatie = ""
    inhoud.opleidingen[0].begindatum = vandaag.replace(year=vandaag.year + 1)
    p = plaatje.teken(concept_plaatje.uit_concept(bestuur, inhoud, vandaag))
    assert p.van_soort("locatie") == []
    [opleiding] = p.van_soort("opleiding")
    assert opleiding.toekomstig and "geen vaste locatie · vanaf" in opleiding.regels[1].tekst


def test_voorbeeld_en_modelleren_linken_naar_het_plaatje(client, beheerder, concept):
    client.force_login(beheerder)
    url = reverse("blauwdruk:plaatje", args=[concept.bestuur.code, concept.pk])
    for pagina in (concept.get_absolute_url(),
                   reverse("blauwdruk:modelleren", args=[concept.bestuur.code, concept.pk])):
        assert f'href="{url}"' in client.get(pagina).content.decode(), pagina


def test_plaatje_van_toegepaste_blauwdruk_blijft_te_zien(client, lezer, concept):
    Blauwdruk.objects.filter(pk=concept.pk).update(status=Blauwdruk.Status.TOEGEPAST)
    client.force_login(lezer)
    antwoord = client.get(reverse("blauwdruk:plaatje", args=[concept.bestuur.code, concept.pk]))
    assert antwoord.status_code == 200 and "Concept wijzigen" not in antwoord.content.decode()
    assert svgs(antwoord.content.decode())


def test_plaatje_van_ander_bestuur_geeft_404(client, ander_bestuur, concept):
    client.force_login(factories.gebruiker_met_rollen("b", ander_bestuur))
    assert client.get(reverse("blauwdruk:plaatje", args=[concept.bestuur.code, concept.pk])).status_code == 404
    assert client.get(reverse("blauwdruk:plaatje", args=[ander_bestuur.code, concept.pk])).status_code == 404


def test_lege_blauwdruk(client, beheerder, bestuur):
    blauwdruk = Blauwdruk.objects.create(bestuur=bestuur, inhoud={})
    client.force_login(beheerder)
    antwoord = client.get(reverse("blauwdruk:plaatje", args=[bestuur.code, blauwdruk.pk]))
    assert antwoord.status_code == 200 and "Geen onderwijsaanbieders in de blauwdruk" in antwoord.content.decode()
    assert Inhoud.van_json(blauwdruk.inhoud) == Inhoud()
