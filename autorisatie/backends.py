"""How the login backends load the signed-in person on every request.

Both backends load the person together with what the header needs (``toegang.met_raadpleegrol``), so a page
does not spend a query of its own on the 'Raadplegen' link.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User

from autorisatie import toegang


def laad_persoon(user_id) -> object | None:
    if isinstance(user_id, int) and get_user_model() is User:  # what sessions hold: the precompiled statement
        return toegang.persoon(user_id)
    return toegang.met_raadpleegrol(get_user_model().objects.all()).filter(pk=user_id).first()


class WachtwoordBackend(ModelBackend):
    """Django's password login (dev and test only; production has OIDC alone), loading the person as above."""

    def get_user(self, user_id):
        persoon = laad_persoon(user_id)
        return persoon if persoon is not None and self.user_can_authenticate(persoon) else None
