"""Applying a blauwdruk is bound to the difference the user reviewed: a colleague's change to the register after
the preview is never reverted silently."""

from django.urls import reverse

from registratie.models import AuditRegel
from registratie.services import organisatie as organisatie_services
from tests.helpers.blauwdruk import hernoem_in_blauwdruk, naam_op
from tests.helpers.vingerafdruk import uit_pagina


def _pas_toe(client, blauwdruk, vandaag, vingerafdruk=None):
    data = {"ingangsdatum": vandaag.isoformat()}
    if vingerafdruk is not None:
        data["vingerafdruk"] = vingerafdruk
    return client.post(reverse("blauwdruk:toepassen", args=[blauwdruk.bestuur.code, blauwdruk.pk]), data)


def test_collega_wijzigt_na_het_voorbeeld_dan_wordt_niets_toegepast(beheerder_client, bestuur, registratie,
                                                                      vandaag):
    aanbieder = registratie["aanbieder"]
    blauwdruk, bekeken = hernoem_in_blauwdruk(beheerder_client, bestuur)
    # While the user reads the preview, a colleague renames the school on the screens (the same service).
    organisatie_services.wijzig_aanbieder(aanbieder, door="collega", versie=aanbieder.versie, ingangsdatum=vandaag,
                                          naam="Naam van de collega", internationale_naam="", groep=None)
    hoogste = AuditRegel.objects.order_by("-pk").values_list("pk", flat=True).first()

    geweigerd = _pas_toe(beheerder_client, blauwdruk, vandaag, bekeken)

    assert geweigerd.status_code == 409
    pagina = geweigerd.content.decode()
    assert "Het verschil is veranderd sinds u het bekeek" in pagina
    assert "Naam van de collega → Uit de blauwdruk" in pagina  # the new difference is shown
    assert naam_op(aanbieder, vandaag) == "Naam van de collega"  # the colleague's change stays
    assert not AuditRegel.objects.filter(pk__gt=hoogste).exists()
    blauwdruk.refresh_from_db()
    assert blauwdruk.is_concept

    # Having seen the new difference, the user applies it knowingly.
    toegepast = _pas_toe(beheerder_client, blauwdruk, vandaag, uit_pagina(pagina))
    assert toegepast.status_code == 302, toegepast.content.decode()[:3000]
    assert naam_op(aanbieder, vandaag) == "Uit de blauwdruk"


def test_toepassen_zonder_vingerafdruk_wordt_geweigerd(beheerder_client, bestuur, registratie, vandaag):
    """A hand-made POST without the reviewed difference cannot skip the check by leaving the field out."""
    blauwdruk, _ = hernoem_in_blauwdruk(beheerder_client, bestuur)
    for vingerafdruk in (None, "", "0" * 64):
        antwoord = _pas_toe(beheerder_client, blauwdruk, vandaag, vingerafdruk)
        assert antwoord.status_code == 409
        assert naam_op(registratie["aanbieder"], vandaag) == "De Regenboog"


def test_ongewijzigd_register_wordt_met_de_bekeken_vingerafdruk_toegepast(beheerder_client, bestuur, registratie,
                                                                          vandaag):
    blauwdruk, bekeken = hernoem_in_blauwdruk(beheerder_client, bestuur)
    assert _pas_toe(beheerder_client, blauwdruk, vandaag, bekeken).status_code == 302
    assert naam_op(registratie["aanbieder"], vandaag) == "Uit de blauwdruk"
