"""Claiming an announced colleague's roles at login: only with an e-mail address the provider verified, and the
address compared case-insensitively on both sides (the announcement may come from the admin, the login from any
provider). The login runs through the backend's own ``update_user``."""

import pytest

from autorisatie import toegang
from autorisatie.models import Aankondiging
from autorisatie.oidc import RioOIDCBackend
from autorisatie.rollen import Rol
from autorisatie.toegang import Actie
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _log_in(sub: str, bestuur, **claims):
    gebruiker = factories.collega(sub, None)
    gebruiker.set_unusable_password()
    gebruiker.save()
    return RioOIDCBackend().update_user(gebruiker, {"sub": sub, "bevoegd_gezag_nummer": bestuur.bevoegd_gezag.nummer,
                                                    **claims})


@pytest.fixture
def aankondiging(bestuur, po):
    # Stored as typed (the admin and older rows do not lower-case it).
    return Aankondiging.objects.create(email="Piet@School.NL", bestuur=bestuur, aangekondigd_door=po,
                                       rollen=[Rol.BEHEREN_CONTACTADRES.value])


@pytest.mark.parametrize("geverifieerd", [{}, {"email_verified": False}, {"email_verified": "false"}],
                         ids=["zonder-claim", "false", "tekst-false"])
def test_een_onbevestigd_adres_claimt_niets(bestuur, po, vandaag, geverifieerd):
    """Someone who types Piet's address into an unverified profile does not get Piet's roles."""
    from autorisatie.services import kondig_aan

    aankondiging = kondig_aan(bestuur, door=po, email="piet@school.nl", rollen=[Rol.BEHEREN_CONTACTADRES])
    indringer = _log_in("indringer", bestuur, email="piet@school.nl", **geverifieerd)

    assert not toegang.mag(indringer, Actie.BEHEREN_CONTACT, bestuur)
    assert Aankondiging.objects.get(pk=aankondiging.pk).gekoppeld_aan is None


@pytest.mark.parametrize("adres", ["piet@school.nl", "PIET@SCHOOL.NL", "Piet@School.NL"])
def test_hoofdletters_maken_niet_uit(aankondiging, bestuur, vandaag, adres):
    piet = _log_in("piet", bestuur, email=adres, email_verified=True)

    assert toegang.mag(piet, Actie.BEHEREN_CONTACT, bestuur)
    assert Aankondiging.objects.get(pk=aankondiging.pk).gekoppeld_aan == piet


def test_kleine_letters_in_de_aankondiging_hoofdletters_bij_de_inlog(bestuur, po, vandaag):
    from autorisatie.services import kondig_aan

    kondig_aan(bestuur, door=po, email="piet@school.nl", rollen=[Rol.BEHEREN_CONTACTADRES])
    piet = _log_in("piet", bestuur, email="Piet@School.NL", email_verified=True)

    assert toegang.mag(piet, Actie.BEHEREN_CONTACT, bestuur)
