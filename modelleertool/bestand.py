"""Opening an untrusted uploaded xlsx safely, before any of its rows are read.

Why separate from lezer.py: these checks guard the server (memory, CPU, XML tricks), not the blauwdruk's
content; they know nothing of sheets or columns, and the reader gets either an open workbook or one Dutch
message that says what to do.

- Limits (settings): BLAUWDRUK_MAX_BYTES for the file, checked on the upload's size before it is read.
- An xlsx is a zip: it must be one, must hold xl/workbook.xml, and its unpacked size may be at most
  MAX_UITGEPAKT times the size limit (zip bombs). An old .xls is recognised and named as such.
- The XML we parse ourselves (workbook, relationships, merged cells) goes through defusedxml, so entity
  tricks (billion laughs, external entities) are refused; openpyxl opens the workbook read-only, without
  external links.
"""

from __future__ import annotations

import io
import logging
import posixpath
import zipfile
from typing import Any

from defusedxml import ElementTree
from django.utils.translation import gettext
from openpyxl import load_workbook

from modelleertool.sjabloon import max_bytes

logger = logging.getLogger(__name__)

MAX_UITGEPAKT = 50  # the unpacked workbook may be at most this many times the size limit (zip bombs)
XLS_BEGIN = b"\xd0\xcf\x11\xe0"


class OnbruikbaarBestand(Exception):
    """The upload cannot be opened as a workbook; the message tells the user how to fix it."""


def upload_inhoud(upload: Any) -> bytes:
    """The bytes of an uploaded file (Django UploadedFile); the size is checked before anything is read."""
    grootte = getattr(upload, "size", None)
    if grootte is not None and grootte > max_bytes():
        raise OnbruikbaarBestand(_te_groot(grootte))
    data: bytes = upload.read(max_bytes() + 1)
    return data


def open_werkmap(data: bytes) -> Any:
    """The workbook (openpyxl, read-only: the caller closes it), or OnbruikbaarBestand with the reason."""
    if len(data) > max_bytes():
        raise OnbruikbaarBestand(_te_groot(len(data)))
    if not data:
        raise OnbruikbaarBestand(gettext("Het bestand is leeg. Kies het ingevulde sjabloon (.xlsx)."))
    if data.startswith(XLS_BEGIN):
        raise OnbruikbaarBestand(gettext("Dit is een oud Excel-bestand (.xls). Sla het op als Excel-werkmap (.xlsx) "
                                         "en upload het opnieuw."))
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise OnbruikbaarBestand(gettext("Dit is geen Excel-bestand (.xlsx). Download het sjabloon, vul het in en "
                                         "upload dat."))
    probleem = _controleer_zip(data)
    if probleem:
        raise OnbruikbaarBestand(probleem)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as fout:  # openpyxl raises many kinds on a damaged or foreign zip; all mean the same to the user
        logger.info("Blauwdruk: werkmap niet te openen", exc_info=True)
        raise OnbruikbaarBestand(gettext("Het bestand kon niet als Excel-werkmap worden geopend; het is beschadigd of "
                                         "geen .xlsx. Sla het opnieuw op als Excel-werkmap (.xlsx).")) from fout


def _te_groot(grootte: int) -> str:
    return gettext("Het bestand is %(grootte)s MB; het maximum is %(maximum)s MB. Verwijder lege rijen en opmaak, "
                   "of splits de blauwdruk.") % {"grootte": f"{grootte / (1024 * 1024):.1f}",
                                                 "maximum": f"{max_bytes() / (1024 * 1024):.0f}"}


def _controleer_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archief:
            uitgepakt = sum(i.file_size for i in archief.infolist())
            namen = set(archief.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return gettext("Het bestand is beschadigd (geen geldig zip/xlsx). Sla het opnieuw op als Excel-werkmap "
                       "(.xlsx).")
    if "xl/workbook.xml" not in namen:
        return gettext("Dit zip-bestand is geen Excel-werkmap (.xlsx). Download het sjabloon, vul het in en upload "
                       "dat.")
    if uitgepakt > MAX_UITGEPAKT * max_bytes():
        return gettext("Het bestand is uitgepakt te groot. Verwijder lege rijen en opmaak, of splits de blauwdruk.")
    return None


def _bladpaden(archief: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML inside the xlsx (workbook.xml and its relationships)."""
    boek = ElementTree.fromstring(archief.read("xl/workbook.xml"))
    relaties = ElementTree.fromstring(archief.read("xl/_rels/workbook.xml.rels"))
    doel = {r.get("Id"): r.get("Target", "") for r in relaties if r.tag.endswith("Relationship")}
    paden = {}
    for element in boek.iter():
        if element.tag.endswith("}sheet"):
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            target = doel.get(rid, "")
            pad = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            paden[element.get("name", "")] = pad
    return paden


def samengevoegde_cellen(data: bytes, bladen: dict[str, str], maximum: int) -> list[tuple[str, str]]:
    """(sheet title, range) of at most ``maximum`` merged cells, streamed from the sheet XML.

    openpyxl's read-only mode does not report merged cells; bladen maps a title to the sheet's name.
    """
    gevonden: list[tuple[str, str]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archief:
        paden = _bladpaden(archief)
        for titel, naam in bladen.items():
            pad = paden.get(naam)
            if not pad or pad not in archief.namelist():
                continue
            with archief.open(pad) as bron:
                for _, element in ElementTree.iterparse(bron, events=("end",)):
                    if element.tag.endswith("}mergeCell"):
                        gevonden.append((titel, element.get("ref", "")))
                        if len(gevonden) >= maximum:
                            return gevonden
                    element.clear()
    return gevonden
