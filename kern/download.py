"""The one way a view hands out a file: the MIME type of its format and a safe Content-Disposition."""

import re
import unicodedata
from typing import IO, overload
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

from kern.export import MIME

# Characters kept in the plain filename="..." parameter: printable ASCII without quotes, backslashes or
# path separators (anything else could end the parameter, inject a header or point into a folder).
_ONVEILIG = re.compile(r'[^\x20-\x7e]|["\\/]')


def content_disposition(bestandsnaam: str) -> str:
    """'attachment; filename="..."', plus filename*=UTF-8''... (RFC 6266) when the name is not plain ASCII.

    The plain filename is an ASCII fallback for old clients; an ASCII name needs nothing more.
    """
    naam = bestandsnaam.replace("/", "_").replace("\\", "_")
    naam = "".join(t for t in naam if t.isprintable())
    ascii_naam = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode("ascii")
    ascii_naam = _ONVEILIG.sub("_", ascii_naam).strip() or "download"
    kop = f'attachment; filename="{ascii_naam}"'
    if ascii_naam != naam:
        kop += f"; filename*=UTF-8''{quote(naam, safe='')}"
    return kop


@overload
def download(inhoud: bytes, bestandsnaam: str, formaat: str) -> HttpResponse: ...
@overload
def download(inhoud: IO[bytes], bestandsnaam: str, formaat: str) -> FileResponse: ...


def download(inhoud: bytes | IO[bytes], bestandsnaam: str, formaat: str) -> HttpResponse | FileResponse:
    """A response that downloads ``inhoud`` (bytes, or a binary file the response streams and closes)."""
    antwoord: HttpResponse | FileResponse
    if isinstance(inhoud, bytes):
        antwoord = HttpResponse(inhoud, content_type=MIME[formaat])
    else:
        antwoord = FileResponse(inhoud, content_type=MIME[formaat])
    antwoord["Content-Disposition"] = content_disposition(bestandsnaam)
    return antwoord
