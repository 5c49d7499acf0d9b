"""A street or place name longer than the register holds is refused where it enters, not cut off (issue 15 §5)."""

import pytest

from registratie.models import Onderwijslocatie, Onderwijslocatiegebruik
from registratie.services import locatie as locatie_services
from tests.helpers.factories import weigert

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("veld", "waarde", "bericht"), [
    ("straatnaam", "S" * 95, "De straatnaam is 95 tekens; het maximum is 80."),
    ("plaatsnaam", "P" * 41, "De plaatsnaam is 41 tekens; het maximum is 40."),
])
def test_te_lange_adrestekst_geweigerd_niet_afgekapt(bestuur, vandaag, veld, waarde, bericht):
    vestiging = bestuur.bevoegd_gezag.instellingen.get(code="11AA").vestigingen.get()
    with weigert(veld, bericht):
        locatie_services.registreer_locatiegebruik(bestuur, door="test", postcode="1001AB", huisnummer=5,
                                                   begindatum=vandaag, vestiging=vestiging, **{veld: waarde})
    assert not Onderwijslocatie.objects.filter(postcode="1001AB").exists()
    assert not Onderwijslocatiegebruik.objects.exists()
