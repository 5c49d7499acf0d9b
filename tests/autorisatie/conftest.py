"""Every kind of person an access question must answer for (tests of toegang's precompiled questions)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from autorisatie.models import Organisatielid
from autorisatie.rollen import Rol
from kern.tijd import vandaag
from tests.helpers import factories


@pytest.fixture
def personen(bestuur, ander_bestuur):
    nu = vandaag()
    gebruikers = {
        "beheerder": factories.gebruiker_met_rollen("beheerder", bestuur),
        "lezer": factories.gebruiker_met_rollen("lezer", bestuur, rollen=[Rol.RPL_CONTEXT_INSTELLINGEN]),
        "po": factories.beheerder_po("po", bestuur),
        "ander bestuur": factories.gebruiker_met_rollen("ander", ander_bestuur),
        "zonder rol": factories.collega("collega", bestuur),
        "verlopen rol": factories.gebruiker_met_rollen("oud", bestuur, einddatum=nu - timedelta(days=1)),
        "toekomstige rol": factories.gebruiker_met_rollen("nieuw", bestuur, begindatum=nu + timedelta(days=3)),
        "schoolleider": factories.gebruiker_met_rollen("leider", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN]),
        "superuser": get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord"),
    }
    # Roles for this board, but the latest login was for another board (docs/adr/0007): they do not count.
    vertrokken = factories.gebruiker_met_rollen("vertrokken", bestuur)
    Organisatielid.objects.filter(gebruiker=vertrokken).update(bestuur=ander_bestuur)
    gebruikers["login voor ander bestuur"] = vertrokken
    # Inactive: the login backends never load such a person; the helper answers as bestuur_voor does.
    inactief = factories.gebruiker_met_rollen("inactief", bestuur)
    inactief.is_active = False
    inactief.save()
    gebruikers["inactief"] = inactief
    return gebruikers
