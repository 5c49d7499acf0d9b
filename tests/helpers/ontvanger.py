"""A real HTTP receiver for change notifications (tests/uitwisseling/meldingen, bench/meldingen.py).

It runs http.server in a thread on 127.0.0.1, records every POST (headers, body, when) and answers with the status
its ``antwoorden`` list gives (then 200 for the rest), or not at all while ``plat`` (it closes the connection, as a
receiver that is down). ``uniek`` dedupes by CloudEvent id, as a subscriber should.
"""

import json
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Ontvangen:
    pad: str
    headers: dict[str, str]
    body: bytes
    status: int
    tijd: float  # time.time() on arrival

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def event_id(self) -> str:
        return self.json["id"]


@dataclass
class Ontvanger:
    antwoorden: list[int] = field(default_factory=list)  # statuses to answer first, in order; then 200
    kies: Callable[[int], int] | None = None  # or: status per call number (0, 1, ...)
    plat: bool = False  # drop the connection without answering (receiver down)
    ontvangen: list[Ontvangen] = field(default_factory=list)
    verbroken: int = 0  # POSTs that got no answer while plat
    tls: ssl.SSLContext | None = None  # serve https with this server context
    _server: ThreadingHTTPServer | None = None
    _slot: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None
        if self.tls is not None:  # the certificate is for the name localhost
            return f"https://localhost:{self._server.server_address[1]}/meldingen"
        return f"http://127.0.0.1:{self._server.server_address[1]}/meldingen"

    def start(self) -> "Ontvanger":
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                lengte = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(lengte)
                with ontvanger._slot:
                    if ontvanger.plat:
                        ontvanger.verbroken += 1
                        self.close_connection = True
                        self.connection.close()
                        return
                    nummer = len(ontvanger.ontvangen)
                    if ontvanger.kies is not None:
                        status = ontvanger.kies(nummer)
                    else:
                        status = ontvanger.antwoorden.pop(0) if ontvanger.antwoorden else 200
                    ontvanger.ontvangen.append(Ontvangen(self.path, dict(self.headers.items()), body, status,
                                                         time.time()))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def geaccepteerd(self) -> list[Ontvangen]:
        return [o for o in self.ontvangen if 200 <= o.status < 300]

    def uniek(self) -> dict[str, Ontvangen]:
        """Accepted events by id (the first arrival): what a subscriber that dedupes by id processes."""
        gezien: dict[str, Ontvangen] = {}
        for o in self.geaccepteerd():
            gezien.setdefault(o.event_id, o)
        return gezien
