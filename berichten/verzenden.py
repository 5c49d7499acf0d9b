"""One mail to one person: their settings and language, plain text with an HTML alternative, and a sending failure
that is logged instead of breaking what the person (or the daily run) was doing."""

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from berichten import afmelden
from berichten.models import Berichtvoorkeur, Taal

logger = logging.getLogger("berichten")

ONDERWERP_VOORVOEGSEL = "[RIO-portaal]"


def voorkeur(gebruiker: User) -> Berichtvoorkeur:
    """The person's settings; an unsaved row with the defaults (everything on, Dutch) when they set none."""
    gevonden = Berichtvoorkeur.objects.filter(gebruiker=gebruiker).first()
    return gevonden if gevonden is not None else Berichtvoorkeur(gebruiker=gebruiker)


def portaal_url(pad: str) -> str:
    """An absolute link for a mail: a mail is read outside the portal, so a path alone leads nowhere."""
    basis: str = settings.PORTAAL_URL
    return basis.rstrip("/") + pad


def afmeld_url(gebruiker: User, soort: str) -> str:
    return portaal_url(reverse("berichten:afmelden") + "?" + urlencode({"token": afmelden.token(gebruiker.pk, soort)}))


def maak(gebruiker: User, soort: str, sjabloon: str, context: Mapping[str, Any]) -> EmailMultiAlternatives | None:
    """The mail, or None when the person has no address or switched this kind off.

    The text template's first line is the subject; the HTML alternative is the same text in the portal's mail
    layout, so both always say the same."""
    adres = (gebruiker.email or "").strip()
    instellingen = voorkeur(gebruiker)
    if not adres or not instellingen.ontvangt(soort):
        return None
    taal = instellingen.taal if instellingen.taal in Taal.values else Taal.NL
    with translation.override(taal):
        volledig = {**context, "naam": gebruiker.get_full_name() or gebruiker.get_username(), "taal": taal,
                    "instellingen_url": portaal_url(reverse("berichten:instellingen")),
                    "afmeld_url": afmeld_url(gebruiker, soort), "portaal_url": portaal_url("/"),
                    "portaal_naam": settings.PORTAAL_NAAM}
        tekst = render_to_string([f"berichten/mail/{taal}/{sjabloon}.txt", f"berichten/mail/nl/{sjabloon}.txt"],
                                 volledig)
        onderwerp, _, inhoud = tekst.strip().partition("\n")
        html = render_to_string("berichten/mail/opmaak.html", {**volledig, "inhoud": inhoud.strip(),
                                                                "onderwerp": onderwerp.strip()})
    mail = EmailMultiAlternatives(
        subject=f"{ONDERWERP_VOORVOEGSEL} {onderwerp.strip()}", body=inhoud.strip() + "\n", to=[adres],
        headers={"List-Unsubscribe": f"<{volledig['afmeld_url']}>", "Auto-Submitted": "auto-generated"})
    mail.attach_alternative(html, "text/html")
    return mail


def verstuur(gebruiker: User, soort: str, sjabloon: str, context: Mapping[str, Any]) -> bool:
    """Send it; True when it went out. A failure (no SMTP server, a refused address) is logged and returns
    False: the grant, the ending or the daily run it belongs to has happened and stays done."""
    try:
        mail = maak(gebruiker, soort, sjabloon, context)
        if mail is None:
            return False
        mail.send()
    except Exception:
        logger.exception("E-mail niet verstuurd: soort=%s sjabloon=%s gebruiker=%s", soort, sjabloon, gebruiker.pk)
        return False
    logger.info("E-mail verstuurd: soort=%s sjabloon=%s gebruiker=%s", soort, sjabloon, gebruiker.pk)
    return True
