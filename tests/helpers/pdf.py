"""Reading a PDF that Chromium printed (page.pdf), without a PDF library: its pages and how much text each draws."""

import re
import zlib

PAGINA = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")  # a page object, not /Pages (a node of the page tree)


def _objecten(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): pdf[m.end():pdf.index(b"endobj", m.end())]
            for m in re.finditer(rb"(?m)^(\d+) 0 obj", pdf)}


def _inhoud(objecten: dict[int, bytes], pagina: bytes) -> bytes:
    verwijzing = re.search(rb"/Contents\s+(\d+) 0 R", pagina)
    if verwijzing is None:
        return b""
    stroom = objecten[int(verwijzing.group(1))]
    data = stroom[stroom.index(b"stream") + len(b"stream"):stroom.rindex(b"endstream")].lstrip(b"\r\n")
    return zlib.decompress(data) if b"/FlateDecode" in stroom[:stroom.index(b"stream")] else data


def tekst_per_pagina(pdf: bytes) -> list[int]:
    """Per page, in order of the objects (Chromium writes them in page order): the number of text-showing
    operators (Tj/TJ), a measure of how much text the page holds; an empty page has 0."""
    objecten = _objecten(pdf)
    paginas = [o for _, o in sorted(objecten.items()) if PAGINA.search(o.split(b"stream")[0])]
    return [len(re.findall(rb"T[jJ]\b", _inhoud(objecten, p))) for p in paginas]
