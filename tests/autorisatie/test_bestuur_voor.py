"""toegang.bestuur_voor: the board with a code, for one action (404 unseen, 403 naming the role, else the board),
and toegang.vereis_duo, the DUO-only check. Also through a few of the views that used their own wrapper."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from autorisatie import toegang
from autorisatie.rollen import Rol
from autorisatie.toegang import Actie, Geweigerd
from registratie.models import Onderwijsbestuur

pytestmark = pytest.mark.django_db


def test_juiste_rol_geeft_het_bestuur(bestuur, beheerder):
    for actie in (Actie.LEZEN, Actie.LEZEN_BLAUWDRUK, Actie.BEHEREN_BESTUUR, Actie.BEHEREN_AANBIEDER):
        assert toegang.bestuur_voor(beheerder, bestuur.code, actie) == bestuur


def test_ander_bestuur_is_niet_gevonden(bestuur, ander_bestuur, beheerder):
    for actie in (Actie.LEZEN, Actie.BEHEREN_BESTUUR):
        with pytest.raises(Http404):
            toegang.bestuur_voor(beheerder, ander_bestuur.code, actie)
    with pytest.raises(Http404):
        toegang.bestuur_voor(beheerder, "99999")  # no such board: the same answer


def test_alleen_lezen_geeft_403_met_de_ontbrekende_rol(bestuur, lezer):
    assert toegang.bestuur_voor(lezer, bestuur.code) == bestuur
    with pytest.raises(Geweigerd) as geweigerd:
        toegang.bestuur_voor(lezer, bestuur.code, Actie.BEHEREN_BESTUUR)
    assert geweigerd.value.weigering.ontbrekende_rol == Rol.BEHEREN_ONDERWIJSBESTUUR
    assert geweigerd.value.weigering.bestuur == bestuur


def test_eigen_queryset_en_rechten_in_dezelfde_query(bestuur, beheerder):
    qs = Onderwijsbestuur.objects.select_related("bevoegd_gezag")
    gevonden = toegang.bestuur_voor(beheerder, bestuur.code, qs=qs, met_rechten_op=True)
    assert gevonden == bestuur and gevonden.mag_beheren_bestuur is True


@pytest.mark.parametrize("naam", ["autorisatie:rollen", "autorisatie:mandaten", "controle:bestuur", "blauwdruk:lijst",
                                  "registratie:historie", "registratie:plaatje"])
def test_schermen_van_een_ander_bestuur_geven_404(client, ander_bestuur, beheerder, naam):
    client.force_login(beheerder)
    assert client.get(reverse(naam, args=[ander_bestuur.code])).status_code == 404


def test_rollen_beheren_zonder_beheerdersrol_geeft_403(client, bestuur, lezer):
    client.force_login(lezer)
    assert client.get(reverse("autorisatie:rollen", args=[bestuur.code])).status_code == 403


def test_vereis_duo_logt_onder_eigen_naam(bestuur, beheerder, caplog):
    duo = get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")
    toegang.vereis_duo(duo, "landelijk_controlebestand", "/controle/landelijk/", "Alleen DUO.", toets=toegang.is_duo)
    with caplog.at_level(logging.WARNING, logger="autorisatie.toegang.duo"), \
            pytest.raises(PermissionDenied, match="Alleen DUO"):
        toegang.vereis_duo(beheerder, "landelijk_controlebestand", "/controle/landelijk/", "Alleen DUO.",
                           toets=toegang.is_duo)
    regels = [r for r in caplog.records if r.name == "autorisatie.toegang.duo"]
    assert len(regels) == 1 and "gebruiker=beheerder" in regels[0].getMessage()


def test_staf_is_functioneel_beheerder_maar_niet_duo_voor_alle_besturen(db):
    staf = get_user_model().objects.create_user("staf", is_staff=True)
    assert toegang.is_functioneel_beheerder(staf) and not toegang.is_duo(staf)
    toegang.vereis_functioneel_beheerder(staf, "Systeem 1")
    with pytest.raises(PermissionDenied):
        toegang.vereis_duo(staf, "landelijk_controlebestand", "/controle/landelijk/", "Alleen DUO.",
                           toets=toegang.is_duo)
