"""One mail over real SMTP, through the development sink (aiosmtpd on a free port): the portal's SMTP settings,
the multipart message (text plus HTML) and the saved .eml file."""

import socket
from email import message_from_bytes, policy

import pytest

from autorisatie import services
from autorisatie.rollen import Rol
from berichten import smtp_sink
from tests.helpers.factories import collega

pytestmark = pytest.mark.django_db


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_rolbericht_over_smtp_in_de_sink(tmp_path, settings, po, bestuur, vandaag, django_capture_on_commit_callbacks):
    poort = vrije_poort()
    regels: list[str] = []
    sink = smtp_sink.start("127.0.0.1", poort, tmp_path, meld=regels.append)
    try:
        settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                        "OPTIONS": {"host": "127.0.0.1", "port": poort, "timeout": 5}}}
        jan = collega("jan", bestuur)
        with django_capture_on_commit_callbacks(execute=True):
            services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_CONTACTADRES],
                                    begindatum=vandaag)
    finally:
        sink.stop()
    [bestand] = tmp_path.glob("*.eml")
    bericht = message_from_bytes(bestand.read_bytes(), policy=policy.default)
    assert bericht["To"] == "jan@example.test"
    assert bericht["From"] == settings.DEFAULT_FROM_EMAIL
    assert bericht["Subject"] == f"[RIO-portaal] U heeft een rol gekregen voor {bestuur.code}"
    assert bericht.get_content_type() == "multipart/alternative"
    tekst = bericht.get_body(preferencelist=("plain",)).get_content()
    html = bericht.get_body(preferencelist=("html",)).get_content()
    assert "RIO beheren contactadres" in tekst and "RIO beheren contactadres" in html
    assert bericht["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/mijn-e-mailberichten/afmelden/?token=")
    assert regels == [f"mail aan jan@example.test: {bericht['Subject']}  ->  {bestand}"]
