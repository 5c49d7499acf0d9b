"""The RIO XML API as a client sees it: XPath in DUO's namespace, and a call whose answer is always validated
against DUO's XSD."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from lxml import etree

from uitwisseling.rio_xml import schema

NS = schema.NAMESPACE
EINDE = date(2027, 7, 31)
HERNOEMD = date(2027, 1, 1)


def q(pad: str) -> str:
    """An XPath with every step in DUO's namespace: q('onderwijsbestuur/onderwijsaanbieder')."""
    return "/".join(f"duo:{stap}" if stap and stap not in (".", "..") and not stap.startswith("@") else stap
                    for stap in pad.split("/"))


def alle(element: etree._Element, pad: str) -> list:
    return element.xpath(q(pad), namespaces={"duo": NS})


def teksten(element: etree._Element, pad: str) -> list[str]:
    return [e.text for e in alle(element, pad)]


def tekst(element: etree._Element, pad: str) -> str | None:
    gevonden = teksten(element, pad)
    assert len(gevonden) <= 1, f"{pad}: {gevonden}"
    return gevonden[0] if gevonden else None


@dataclass
class Antwoord:
    status: int
    root: etree._Element
    http: object

    @property
    def goedgekeurd(self) -> bool:
        return tekst(self.root, "requestGoedgekeurd") == "true"

    @property
    def foutcode(self) -> str | None:
        return tekst(self.root, "foutmelding/foutcode")


def vraag(client, operatie: str, sleutel: str | None = None, methode: str = "get", **params) -> Antwoord:
    """Call an operation and validate the answer against DUO's XSD, whatever its status."""
    headers = {"Authorization": f"Bearer {sleutel}"} if sleutel else {}
    url = reverse(f"uitwisseling:rio_v4_{operatie}")
    if methode == "get":
        http = client.get(url, params, headers=headers)
    else:
        http = getattr(client, methode)(url, headers=headers)
    assert http["Content-Type"] == "text/xml; charset=utf-8", http["Content-Type"]
    root = etree.fromstring(http.content)
    schema.valideer(root)
    assert root.tag == f"{{{NS}}}{operatie}_response"
    assert (tekst(root, "requestGoedgekeurd") == "true") == (http.status_code == 200)
    return Antwoord(http.status_code, root, http)
