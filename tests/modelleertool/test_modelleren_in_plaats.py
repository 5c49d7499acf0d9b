"""The concept editor keeps the edited row in view (issue 16 §3): an edit link opens its form under the row (on
the server without script, by static/js/modelleren.js with it), and saving returns to that row. Only row ids of
the page's own shape are used as the anchor; anything else falls back to the top of the tree."""

import re

import pytest
from django.urls import reverse

from modelleertool.models import Blauwdruk


@pytest.fixture
def concept(beheerder_client, bestuur, registratie, vandaag):
    beheerder_client.post(reverse("blauwdruk:nieuw_concept", args=[bestuur.code]))
    return Blauwdruk.objects.get(bestuur=bestuur)


def _url(concept) -> str:
    return reverse("blauwdruk:modelleren", args=[concept.bestuur.code, concept.pk])


def _rij(html: str, anker: str) -> str:
    """The <li> of that row, up to the next row."""
    return html[html.index(f'id="{anker}"'):html.index('<li id="opleiding-1-1"')]


def test_zonder_script_opent_de_bewerklink_het_formulier_onder_de_rij(beheerder_client, concept, registratie):
    code = registratie["aanbieder"].code
    html = beheerder_client.get(_url(concept) + "?aanbieder=" + code + "&bewerk=aanbieder_hernoemen"
                                "&rij=aanbieder-1").content.decode()
    assert html.count('id="aanbieder_hernoemen"') == 1, "the form once: under the row, not also on the right"
    rij = _rij(html, "aanbieder-1")
    assert 'id="aanbieder_hernoemen"' in rij
    assert re.search(rf'<option value="{code}" selected>', rij)
    assert '<input type="hidden" name="rij" value="aanbieder-1">' in rij
    assert re.search(r'action="[^"#]+#aanbieder-1"', rij)
    # The link itself, as the no-script path, and the script file for the in-place move.
    assert (f'href="?aanbieder={code}&amp;bewerk=aanbieder_hernoemen&amp;rij=aanbieder-1#aanbieder-1"'
            in html)
    assert re.search(r'<script src="[^"]*js/modelleren\.js" defer></script>', html) and "<script>" not in html


def test_opslaan_komt_terug_bij_de_rij(beheerder_client, concept, registratie):
    antwoord = beheerder_client.post(_url(concept), {
        "handeling": "aanbieder_hernoemen", "rij": "aanbieder-1",
        "aanbieder_hernoemen-aanbieder": registratie["aanbieder"].code, "aanbieder_hernoemen-naam": "Nieuwe naam"})
    assert antwoord.status_code == 302 and antwoord["Location"] == _url(concept) + "#aanbieder-1"
    assert "Nieuwe naam" in beheerder_client.get(_url(concept)).content.decode()


@pytest.mark.parametrize("rij", ["https://evil.example", "//evil.example", "aanbieder-1\"><script>",
                                 "boom-kop", "aanbieder-", "aanbieder-1#x", ""])
def test_een_vreemde_rij_valt_terug_op_de_boom(beheerder_client, concept, registratie, rij):
    antwoord = beheerder_client.post(_url(concept), {
        "handeling": "aanbieder_hernoemen", "rij": rij,
        "aanbieder_hernoemen-aanbieder": registratie["aanbieder"].code, "aanbieder_hernoemen-naam": "Andere naam"})
    assert antwoord.status_code == 302 and antwoord["Location"] == _url(concept) + "#boom-kop"
    html = beheerder_client.get(_url(concept) + "?aanbieder=x&bewerk=aanbieder_hernoemen&rij="
                                + rij.replace("#", "%23")).content.decode()
    assert 'data-rij="aanbieder-1"></div>' in html.replace("\n", "")  # nothing opened in place
    assert html.count('id="aanbieder_hernoemen"') == 1


def test_een_fout_blijft_onder_de_rij(beheerder_client, concept, registratie):
    antwoord = beheerder_client.post(_url(concept), {
        "handeling": "aanbieder_hernoemen", "rij": "aanbieder-1",
        "aanbieder_hernoemen-aanbieder": registratie["aanbieder"].code, "aanbieder_hernoemen-naam": ""})
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert 'id="aanbieder_hernoemen"' in _rij(html, "aanbieder-1") and html.count('id="aanbieder_hernoemen"') == 1
    assert 'id="foutmeldingen"' in html
