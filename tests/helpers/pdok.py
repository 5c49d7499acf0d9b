"""A real local HTTP server that answers like PDOK Locatieserver, from the answers in
tests/registratie/adressen/pdok/ (no network). Base URLs: ``/v3_1`` answers; ``/kapot`` gives HTTP 500,
``/html`` an HTML page, ``/traag`` answers after 2 s (longer than the tests' timeout)."""

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ANTWOORDEN = Path(__file__).resolve().parent.parent / "registratie" / "adressen" / "pdok"


def _bestand(vraag: dict[str, list[str]]) -> str:
    q = vraag.get("q", [""])[0]
    filters = set(vraag.get("fq", []))
    if "type:adres" not in filters:
        return "leeg.json"
    if q == "postcode:9306TC":
        nummer = next((f.split(":", 1)[1] for f in filters if f.startswith("huisnummer:")), None)
        return {None: "postcode_9306TC.json", "13": "zoek_9306TC_13.json",
                "15": "zoek_9306TC_15.json"}.get(nummer, "leeg.json")
    if q.lower().startswith("melkweg"):
        return "suggesties_melkweg.json"
    return "leeg.json"


@dataclass
class PdokServer:
    url: str
    vragen: list[dict[str, list[str]]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:
        deel = urllib.parse.urlsplit(self.path)
        vraag = urllib.parse.parse_qs(deel.query)
        self.server.pdok.vragen.append({"pad": [deel.path], **vraag})
        if deel.path.startswith("/kapot/"):
            return self._stuur(500, b'{"error": "intern"}', "application/json")
        if deel.path.startswith("/html/"):
            return self._stuur(200, b"<html><body>Onderhoud</body></html>", "text/html")
        if deel.path.startswith("/traag/"):
            time.sleep(2)
        if deel.path not in {"/v3_1/free", "/traag/free"}:
            return self._stuur(404, b'{"error": "onbekend"}', "application/json")
        self._stuur(200, (ANTWOORDEN / _bestand(vraag)).read_bytes(), "application/json")

    def _stuur(self, status: int, inhoud: bytes, soort: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", soort)
            self.send_header("Content-Length", str(len(inhoud)))
            self.end_headers()
            self.wfile.write(inhoud)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    pdok: PdokServer


@pytest.fixture
def pdok_server() -> Iterator[PdokServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.pdok = PdokServer(f"http://127.0.0.1:{server.server_address[1]}")
    draad = threading.Thread(target=server.serve_forever, daemon=True)
    draad.start()
    try:
        yield server.pdok
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def met_pdok(settings, pdok_server: PdokServer) -> PdokServer:
    """The portal configured with PDOK, pointed at the local server."""
    settings.ADRESDIENST = "pdok"
    settings.PDOK_LOCATIESERVER_URL = pdok_server.url + "/v3_1"
    settings.PDOK_TIMEOUT = 0.5
    return pdok_server


def json_van(naam: str) -> dict:
    return json.loads((ANTWOORDEN / naam).read_text())
