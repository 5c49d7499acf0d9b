"""Where a form goes after it is saved, when the page that sent the person there asked to come back
(``?volgende=/pad/``): the controle screen's fix links use it, so the person returns to the list of signals.

Only a path on this site is accepted. Anything that a browser could read as another site (``https://evil.example``,
``//evil.example``, ``/\\evil.example``, a path with a tab or newline that browsers strip) is ignored: the form
then goes where it would have gone anyway. This is the open-redirect guard of every ``volgende``."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

PARAMETER = "volgende"


def veilig_pad(waarde: str | None) -> str | None:
    """The value when it is a same-site path ('/...'), otherwise None."""
    if not waarde or not waarde.startswith("/") or waarde.startswith("//") or "\\" in waarde:
        return None
    if any(teken.isspace() or ord(teken) < 0x20 or ord(teken) == 0x7F for teken in waarde):
        return None
    delen = urlsplit(waarde)
    if delen.scheme or delen.netloc:
        return None
    return waarde if url_has_allowed_host_and_scheme(waarde, allowed_hosts=None) else None


def volgende_uit(request: HttpRequest) -> str | None:
    """The safe ``volgende`` of a form (posted field first, then the query string the form was opened with)."""
    return veilig_pad(request.POST.get(PARAMETER)) or veilig_pad(request.GET.get(PARAMETER))


def met_volgende(url: str, volgende: str) -> str:
    """``url`` with ``?volgende=`` added to its query (before a #fragment)."""
    delen = urlsplit(url)
    query = "&".join(deel for deel in (delen.query, urlencode({PARAMETER: volgende})) if deel)
    return urlunsplit((delen.scheme, delen.netloc, delen.path, query, delen.fragment))
