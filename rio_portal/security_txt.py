"""/.well-known/security.txt (RFC 9116): where to report a vulnerability, valid for a limited time.

Expires is computed at each request from SECURITY_TXT_GELDIG_DAGEN (capped below one year, as RFC 9116 §2.5.5
advises), so a deployment never serves a file that has expired; the contacts come from SECURITY_TXT_CONTACT
(docs/configuratie.md).
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

MAXIMUM_GELDIG_DAGEN = 364


def verloopt() -> str:
    """Expires as RFC 3339 in UTC (whole seconds, ``Z``), at most 364 days ahead."""
    dagen = max(1, min(settings.SECURITY_TXT_GELDIG_DAGEN, MAXIMUM_GELDIG_DAGEN))
    moment = (timezone.now() + timedelta(days=dagen)).astimezone(UTC).replace(microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    regels = [f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACT]
    regels += [f"Expires: {verloopt()}", "Preferred-Languages: nl, en",
               f"Canonical: {request.build_absolute_uri(request.path)}"]
    antwoord = HttpResponse("\n".join(regels) + "\n", content_type="text/plain; charset=utf-8")
    antwoord["Cache-Control"] = "max-age=86400"
    return antwoord
