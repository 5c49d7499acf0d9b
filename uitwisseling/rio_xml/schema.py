"""DUO's Raadplegen V4 schema: loaded once from the copy in uitwisseling/schemas/ (see SOURCE.md there).

``valideer(document)`` checks a response against it. The views do not call it (production stays fast); the tests
validate every XML response they receive, so a document that the schema refuses fails the test suite.
"""

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

SCHEMAMAP = Path(__file__).resolve().parent.parent / "schemas"
RAADPLEGEN_XSD = SCHEMAMAP / "DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4.xsd"
NAMESPACE = "http://duo.nl/schema/DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4"


class OngeldigDocument(ValueError):
    """A document the XSD refuses; ``fouten`` holds lxml's messages (line: text)."""

    def __init__(self, fouten: list[str]) -> None:
        super().__init__("XML voldoet niet aan het RIO-schema:\n" + "\n".join(fouten))
        self.fouten = fouten


class LokaleSchemas(etree.Resolver):
    """Resolves an imported or included schema to the file of the same name in uitwisseling/schemas/, never to
    the network. (The Raadplegen V4 XSD imports nothing today; a newer version that does keeps working offline.)"""

    def resolve(self, url: str, pubid: str | None, context):
        pad = SCHEMAMAP / Path(urlsplit(url or "").path).name
        if pad.is_file() and pad.parent == SCHEMAMAP:
            return self.resolve_filename(str(pad), context)
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(LokaleSchemas())
    return parser


@cache
def schema() -> etree.XMLSchema:
    """The compiled Raadplegen V4 schema (compiled on first use, then kept)."""
    return etree.XMLSchema(etree.parse(str(RAADPLEGEN_XSD), _parser()))


def fouten(document: etree._Element | bytes) -> list[str]:
    """The schema's objections to a document (an element, or XML bytes such as a response body)."""
    if isinstance(document, bytes):
        document = etree.fromstring(document, _parser())
    xsd = schema()
    if xsd.validate(document):
        return []
    return [f"regel {f.line}: {f.message}" for f in xsd.error_log]


def valideer(document: etree._Element | bytes) -> None:
    """Raise OngeldigDocument when the document does not validate against the Raadplegen V4 XSD."""
    gevonden = fouten(document)
    if gevonden:
        raise OngeldigDocument(gevonden)
