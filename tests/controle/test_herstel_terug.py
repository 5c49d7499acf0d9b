"""A fix link of the controle screen brings the person back: the form opened from it saves and returns to the
controle screen, where the signal is gone. Only a same-site path is followed: a ``volgende`` that points to
another site (the open-redirect attack) is ignored, and the form goes where it always goes."""

import re

import pytest
from django.urls import reverse

from registratie.models import Contactgegevens

CONTACT = {"context": "ALGEMEEN", "email": "info@stichting.nl", "telefoonnummer": "050 123 4567",
           "website": "https://www.stichting.nl"}


@pytest.fixture
def zonder_algemeen(schoon_bestuur):
    schoon_bestuur.contactgegevens.all().delete()
    return schoon_bestuur


def _herstellink(html: str, label: str) -> str:
    return re.search(rf'<a class="btn btn-sm btn-outline-primary" href="([^"]+)">{label}</a>', html).group(1) \
        .replace("&amp;", "&")


def _annuleren(html: str) -> str:
    return re.search(r'<a class="btn btn-link" href="([^"]+)">Annuleren</a>', html).group(1).replace("&amp;", "&")


@pytest.mark.django_db
def test_herstellen_via_de_herstellink_komt_terug_zonder_signaal(beheerder_client, zonder_algemeen, vandaag):
    controle = reverse("controle:bestuur", args=[zonder_algemeen.code]) + "?peildatum=" + vandaag.isoformat()
    html = beheerder_client.get(controle).content.decode()
    assert 'data-regel="GEEN_ALGEMEEN_CONTACT"' in html
    link = _herstellink(html, "Contactgegevens toevoegen")

    formulier = beheerder_client.get(link)
    assert formulier.status_code == 200
    assert _annuleren(formulier.content.decode()) == controle  # cancelling also goes back
    antwoord = beheerder_client.post(link, {**CONTACT, "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302 and antwoord["Location"] == controle

    terug = beheerder_client.get(antwoord["Location"]).content.decode()
    assert 'data-regel="GEEN_ALGEMEEN_CONTACT"' not in terug
    assert "Contactgegevens Algemeen zijn toegevoegd." in terug


@pytest.mark.django_db
def test_een_geweigerde_wijziging_blijft_op_het_formulier_met_de_weg_terug(beheerder_client, zonder_algemeen):
    controle = reverse("controle:bestuur", args=[zonder_algemeen.code])
    link = _herstellink(beheerder_client.get(controle).content.decode(), "Contactgegevens toevoegen")
    antwoord = beheerder_client.post(link, {**CONTACT, "begindatum": "niet-een-datum"})
    assert antwoord.status_code == 200 and _annuleren(antwoord.content.decode()) == controle
    assert not Contactgegevens.objects.filter(bestuur=zonder_algemeen).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("aanval", ["https://evil.example", "//evil.example", "//evil.example/controle/",
                                    "/\\evil.example", "/\t/evil.example", "javascript:alert(1)",
                                    "https:/evil.example"])
def test_volgende_naar_een_andere_site_wordt_genegeerd(beheerder_client, zonder_algemeen, vandaag, aanval):
    eigen = reverse("registratie:contact_toevoegen", args=["bestuur", zonder_algemeen.code])
    formulier = beheerder_client.get(eigen, {"volgende": aanval}).content.decode()
    assert "evil" not in _annuleren(formulier) and "javascript" not in _annuleren(formulier)
    # In the query string (as the fix link sends it) and as a posted field: both ignored.
    antwoord = beheerder_client.post(f"{eigen}?volgende={aanval}", {**CONTACT, "begindatum": vandaag.isoformat(),
                                                                    "volgende": aanval})
    assert antwoord.status_code == 302
    assert antwoord["Location"] == zonder_algemeen.get_absolute_url(), antwoord["Location"]


@pytest.mark.django_db
def test_effectieve_contacten_dicht_tot_men_bladert(beheerder_client, schoon_bestuur):
    controle = reverse("controle:bestuur", args=[schoon_bestuur.code])
    html = beheerder_client.get(controle).content.decode()
    assert '<details class="mb-4 effectief-vak" id="effectief">' in html  # folded by default
    assert html.index('id="signalen-kop"') < html.index('id="effectief"')
    gebladerd = beheerder_client.get(controle + "?pagina=1").content.decode()
    assert '<details class="mb-4 effectief-vak" id="effectief" open>' in gebladerd


# --- A fix link to an object page (not a form): the page shows the way back and passes it on ----------------

def _link(html: str, tekst: str) -> str:
    return re.search(rf'<a [^>]*href="([^"]+)"[^>]*>{re.escape(tekst)}</a>', html).group(1).replace("&amp;", "&")


@pytest.fixture
def soort_onbekend(schoon_bestuur):
    """DUO gives no kind of school for 11AA: its offer gets a warning whose fix is the offer's own page."""
    schoon_bestuur.bevoegd_gezag.instellingen.filter(code="11AA").update(soort="")
    return schoon_bestuur


@pytest.mark.django_db
def test_objectpagina_uit_een_herstellink_wijst_de_weg_terug(beheerder_client, soort_onbekend):
    controle = reverse("controle:bestuur", args=[soort_onbekend.code])
    html = beheerder_client.get(controle).content.decode()
    assert 'data-regel="OPLEIDING_PAST_BIJ_SCHOOL"' in html
    objectpagina = _herstellink(html, "Aangeboden opleiding bekijken")
    assert objectpagina.startswith("/aangeboden-opleidingen/") and "volgende=" in objectpagina

    pagina = beheerder_client.get(objectpagina).content.decode()
    assert _link(pagina, "← Terug naar controle") == controle
    # The forms it links to carry the way back on: saving or cancelling there returns to the controle screen.
    wijzigen = _link(pagina, "Wijzigen")
    assert wijzigen.endswith("?volgende=" + controle.replace("/", "%2F"))
    assert _annuleren(beheerder_client.get(wijzigen).content.decode()) == controle
    # Without ?volgende= the object page has no such link.
    assert "Terug naar controle" not in beheerder_client.get(objectpagina.split("?")[0]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("volgende", ["https://evil.example/controle/100B001/", "//evil.example/controle/",
                                      "/organisatie/", "/controle/bestaat/niet/ook/niet/"])
def test_objectpagina_volgt_alleen_het_eigen_controlescherm(beheerder_client, soort_onbekend, volgende):
    """Another site (the open-redirect attack) or a same-site page that is not the controle screen: no link back,
    and the buttons stay as they are."""
    opleiding = soort_onbekend.aanbieders.order_by("code").first().aangeboden_opleidingen.first()
    pagina = beheerder_client.get(opleiding.get_absolute_url(), {"volgende": volgende}).content.decode()
    assert "Terug naar controle" not in pagina and "terug-naar-controle" not in pagina
    assert "volgende" not in _link(pagina, "Wijzigen")
