"""DUO registers a system's OIN and certificate in the admin; the form refuses what is not an OIN or a certificate."""

import pytest
from cryptography.hazmat.primitives import hashes
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.helpers import factories, soap

pytestmark = pytest.mark.django_db


def _formulier(systeem, **velden) -> dict:
    return {"leverancier": systeem.leverancier_id, "naam": systeem.naam, "actief": "on", "oin": "",
            "certificaat": "", **velden}


def test_oin_en_certificaat_in_de_admin(client):
    systeem, _ = factories.systeem_met_sleutel()
    client.force_login(get_user_model().objects.create_superuser("duo", "duo@example.test", "x"))
    url = reverse("admin:autorisatie_systeem_change", args=[systeem.pk])
    pagina = client.get(url).content.decode()
    assert 'name="oin"' in pagina and 'name="certificaat"' in pagina
    fout = client.post(url, _formulier(systeem, oin="12", certificaat="geen certificaat"))
    assert fout.status_code == 200
    assert "Een OIN is 20" in fout.content.decode() and "geen X.509-certificaat" in fout.content.decode()
    certificaat = soap.maak_certificaat()
    goed = client.post(url, _formulier(systeem, oin=soap.LAS_OIN, certificaat=certificaat.pem))
    assert goed.status_code == 302
    systeem.refresh_from_db()
    assert systeem.oin == soap.LAS_OIN
    assert systeem.certificaat_sha256 == certificaat.certificaat.fingerprint(hashes.SHA256()).hex()
