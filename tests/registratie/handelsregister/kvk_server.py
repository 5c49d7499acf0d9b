"""A local stand-in for the KvK Basisprofiel API: http.server in a thread on 127.0.0.1, answering with the
recorded responses in this folder (actief.json, beeindigd.json, 404.json, 401.json) and recording every request."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MAP = Path(__file__).parent
ACTIEF, BEEINDIGD, ONBEKEND = "68750110", "69599068", "12345678"
TRAAG = "99999999"  # answers after 2 s: longer than the test timeout
SLEUTEL = "geheime-kvk-sleutel-7f3a9c"


def opname(naam: str) -> dict:
    return json.loads((MAP / naam).read_text(encoding="utf-8"))


@dataclass
class KvkServer:
    antwoorden: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # kvk number → (status, body)
    verzoeken: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (path, headers)

    def __post_init__(self) -> None:
        self.antwoorden |= {ACTIEF: (200, (MAP / "actief.json").read_bytes()),
                            BEEINDIGD: (200, (MAP / "beeindigd.json").read_bytes()),
                            ONBEKEND: (404, (MAP / "404.json").read_bytes())}

    def start(self) -> str:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.verzoeken.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                nummer = self.path.rsplit("/", 1)[-1]
                if nummer == TRAAG:
                    time.sleep(2)
                if self.headers.get("apikey") != SLEUTEL:
                    status, body = 401, (MAP / "401.json").read_bytes()
                elif self.path.startswith("/api/v1/basisprofielen/") and nummer in server.antwoorden:
                    status, body = server.antwoorden[nummer]
                else:
                    status, body = 404, (MAP / "404.json").read_bytes()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._http.server_address[1]}/api"

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
