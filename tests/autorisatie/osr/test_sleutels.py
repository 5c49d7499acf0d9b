"""API keys of a supplier system: DUO staff make and revoke them; a key is shown once, stored hashed, and a
revoked key no longer opens the API (toegang.api_sleutel). Plus the catalogue in the admin."""

import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from autorisatie import osr, toegang
from autorisatie.models import ApiSleutel
from kern.fouten import RegelFout
from registratie.models import AuditRegel
from tests.helpers import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def duo(db):
    return get_user_model().objects.create_user("fb", "fb@duo.example", "geheim-wachtwoord", is_staff=True)


@pytest.fixture
def duo_client(client, duo):
    client.force_login(duo)
    return client


def _url(systeem) -> str:
    return reverse("autorisatie:systeem_sleutels", args=[systeem.pk])


def test_sleutel_service_hash_prefix_en_intrekken(las, duo, vandaag):
    sleutel, volledig = osr.maak_api_sleutel(las, " productie ", door=duo)
    prefix, punt, geheim = volledig.partition(".")
    assert punt and prefix == sleutel.prefix and re.fullmatch(r"[0-9a-f]{8}", prefix) and len(geheim) >= 40
    assert sleutel.sleutel_hash == hashlib.sha256(volledig.encode()).hexdigest() and sleutel.omschrijving == "productie"
    assert toegang.api_sleutel(volledig) == sleutel
    assert toegang.api_sleutel(f"{prefix}.verkeerd") is None
    osr.trek_sleutel_in(sleutel, door=duo)
    assert toegang.api_sleutel(volledig) is None
    with pytest.raises(RegelFout, match="al ingetrokken"):
        osr.trek_sleutel_in(sleutel, door=duo)
    regels = AuditRegel.objects.filter(objecttype="API-sleutel", objectcode=str(sleutel.pk)).order_by("pk")
    assert [r.actie for r in regels] == ["aangemaakt", "beeindigd"] and all(r.gebruiker == duo for r in regels)
    assert regels[1].voor["ingetrokken_op"] is None and regels[1].na["ingetrokken_op"]
    assert not any(geheim in str(r.na) + str(r.voor) + r.omschrijving for r in regels)  # the secret is nowhere


def test_geen_sleutel_voor_inactief_systeem(oud_las, duo):
    with pytest.raises(RegelFout, match="niet actief"):
        osr.maak_api_sleutel(oud_las, door=duo)
    assert not ApiSleutel.objects.exists()


def test_alleen_functioneel_beheer(client, las, beheerder, vandaag):
    assert client.get(_url(las)).status_code == 302  # anonymous: to the login
    client.force_login(beheerder)
    assert client.get(_url(las)).status_code == 403
    assert client.post(_url(las), {"omschrijving": "x"}).status_code == 403
    sleutel, _ = osr.maak_api_sleutel(las, door="test")
    assert client.post(reverse("autorisatie:sleutel_intrekken", args=[las.pk, sleutel.pk])).status_code == 403
    sleutel.refresh_from_db()
    assert ApiSleutel.objects.count() == 1 and not sleutel.is_ingetrokken


def test_nieuwe_sleutel_eenmaal_getoond_en_intrekken(duo_client, las, ander_las, vandaag):
    assert duo_client.get(_url(las)).status_code == 200
    antwoord = duo_client.post(_url(las), {"omschrijving": "productie"})
    assert antwoord.status_code == 200 and antwoord["Cache-Control"] == "no-store"
    html = antwoord.content.decode()
    volledig = re.search(r'id="volledige-sleutel" type="text" readonly value="([^"]+)"', html).group(1)
    sleutel = ApiSleutel.objects.get()
    assert volledig.startswith(sleutel.prefix + ".") and html.count(volledig) == 1
    assert sleutel.sleutel_hash == toegang.sleutel_hash(volledig) and toegang.api_sleutel(volledig) == sleutel
    assert volledig not in [getattr(sleutel, v.attname) for v in ApiSleutel._meta.concrete_fields]
    later = duo_client.get(_url(las)).content.decode()
    assert volledig not in later and f"{sleutel.prefix}…" in later and "productie" in later
    assert "nog nooit" in later
    assert sleutel.prefix not in duo_client.get(_url(ander_las)).content.decode()  # another system's page

    # A key of another system cannot be revoked through this system's page.
    assert duo_client.post(reverse("autorisatie:sleutel_intrekken", args=[ander_las.pk, sleutel.pk])
                           ).status_code == 404
    ingetrokken = duo_client.post(reverse("autorisatie:sleutel_intrekken", args=[las.pk, sleutel.pk]))
    assert ingetrokken.status_code == 302 and ingetrokken["Location"] == _url(las)
    assert toegang.api_sleutel(volledig) is None
    pagina = duo_client.get(_url(las)).content.decode()
    assert "is ingetrokken" in pagina and f'aria-label="Trek sleutel {sleutel.prefix} in"' not in pagina
    nogmaals = duo_client.post(reverse("autorisatie:sleutel_intrekken", args=[las.pk, sleutel.pk]), follow=True)
    assert "al ingetrokken" in nogmaals.content.decode()


def test_onbekend_systeem_404_voor_beheer(duo_client):
    assert duo_client.get(reverse("autorisatie:systeem_sleutels", args=[999999])).status_code == 404


def test_catalogus_in_de_admin(client, bestuur, las, oud_las, vandaag):
    duo = get_user_model().objects.create_superuser("duo", "duo@example.test", "x")
    client.force_login(duo)
    m = factories.mandaat(bestuur, "11AA", las)
    leveranciers = client.get(reverse("admin:autorisatie_leverancier_changelist") + "?q=%22Leverancier+A%22")
    assert leveranciers.status_code == 200 and "Leverancier A B.V." in leveranciers.content.decode()
    assert "Leverancier C B.V." not in leveranciers.content.decode()
    systemen = client.get(reverse("admin:autorisatie_systeem_changelist") + "?actief__exact=0")
    assert "Oud LAS" in systemen.content.decode() and "Voorbeeld LAS" not in systemen.content.decode()
    wijzig = client.get(reverse("admin:autorisatie_systeem_change", args=[las.pk])).content.decode()
    assert f'href="{_url(las)}"' in wijzig
    mandaten = client.get(reverse("admin:autorisatie_mandaat_changelist") + "?q=11AA")
    assert mandaten.status_code == 200 and "11AA" in mandaten.content.decode()
    # Mandates are read-only in the admin: the board changes them in the portal, audited.
    assert client.get(reverse("admin:autorisatie_mandaat_add")).status_code == 403
    assert client.post(reverse("admin:autorisatie_mandaat_delete", args=[m.pk]), {"post": "yes"}).status_code == 403
    detail = client.get(reverse("admin:autorisatie_mandaat_change", args=[m.pk]))
    assert detail.status_code == 200 and 'name="einddatum"' not in detail.content.decode()
