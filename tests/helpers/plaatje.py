"""Reading the organisation picture: the inline SVGs of a page, their boxes and texts."""

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def svgs(html: str) -> list[ET.Element]:
    """Every inline <svg> of the page, parsed as XML: raises when one is not well-formed."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def knopen(svg: ET.Element, soort: str) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if f"vak-{soort}" in g.get("class", "").split()]


def teksten(g: ET.Element) -> list[str]:
    return [t.text or "" for t in g.iter(f"{SVG}text")]
