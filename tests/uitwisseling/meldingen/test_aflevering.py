"""Delivery of change notifications to a real HTTP receiver (tests/helpers/ontvanger.py): the event is a CloudEvent
in the NL GOV profile, signed; only changes of schools the system may see (today, and on the day of the change)
go out; a failed delivery is retried with the same id; a crash between sending and marking sends the same event
again, never another id."""

import hashlib
import hmac
import ssl
import subprocess
import uuid
from datetime import date, timedelta

import pytest
from cloudevents.core.bindings.http import HTTPMessage, from_structured_event
from django.test import override_settings
from django.utils import timezone

from kern.tijd import vandaag
from registratie.models import AuditRegel, Onderwijsaanbieder
from registratie.services import organisatie as organisatie_services
from tests.helpers import factories
from tests.helpers.ontvanger import Ontvanger
from uitwisseling.meldingen import services
from uitwisseling.meldingen.models import EVENT_NAMESPACE, Aflevering

pytestmark = pytest.mark.django_db


def hernoem(aanbieder: Onderwijsaanbieder, naam: str) -> AuditRegel:
    aanbieder = Onderwijsaanbieder.objects.get(pk=aanbieder.pk)
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie, ingangsdatum=vandaag(),
                                          naam=naam, internationale_naam="", groep=None)
    return AuditRegel.objects.filter(objectcode=aanbieder.code).order_by("-id").first()


def verifieer(geheim: str, body: bytes, header: str) -> bool:
    """What a subscriber does (docs/meldingen.md): HMAC-SHA256 of the raw body, compared in constant time."""
    verwacht = "sha256=" + hmac.new(geheim.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(verwacht, header)


def test_melding_is_een_cloudevent_in_het_nl_gov_profiel(opzet, abonnement, ontvanger, client):
    regel = hernoem(opzet.aanbieder, "De Regenboog Noord")
    uitslag = services.verwerk()
    assert (uitslag.gepland, uitslag.afgeleverd) == (1, 1)
    [ontvangen] = ontvanger.ontvangen
    assert ontvangen.headers["Content-Type"].startswith("application/cloudevents+json")
    event = from_structured_event(HTTPMessage(headers=ontvangen.headers, body=ontvangen.body))
    assert event.get_specversion() == "1.0"
    assert event.get_id() == str(uuid.uuid5(EVENT_NAMESPACE, f"{regel.pk}:{abonnement.pk}"))
    assert event.get_source() == "urn:nld:oin:00000000000000000000"
    assert event.get_type() == "nl.rio-portaal.onderwijsaanbieder.gewijzigd"
    assert event.get_subject() == opzet.aanbieder.code
    assert event.get_time() == regel.tijdstip
    assert event.get_datacontenttype() == "application/json"
    dataref = event.get_extension("dataref")
    assert dataref == f"http://127.0.0.1:8000/api/v1/historie/onderwijsaanbieder/{opzet.aanbieder.code}"
    assert event.get_data() == {"objecttype": "onderwijsaanbieder", "code": opzet.aanbieder.code,
                                "onderwijsbestuurcode": opzet.bestuur.code, "actie": "gewijzigd",
                                "tijdstip": regel.tijdstip.isoformat(), "ingangsdatum": vandaag().isoformat()}
    # The dataref is the JSON API's object: the supplier reads it with its own key.
    object_ = client.get(dataref.removeprefix("http://127.0.0.1:8000"),
                         headers={"Authorization": f"Bearer {opzet.sleutel}"})
    assert object_.status_code == 200
    assert object_.json()["geregistreerd"]["perioden"][-1]["naam"] == "De Regenboog Noord"


def test_handtekening_is_hmac_sha256_van_de_body(opzet, ontvanger):
    geheim = "een-geheim-van-de-leverancier-0123456789"
    services.maak_abonnement(opzet.systeem, callback_url=ontvanger.url, geheim=geheim)
    hernoem(opzet.aanbieder, "De Regenboog Zuid")
    services.verwerk()
    [ontvangen] = ontvanger.ontvangen
    header = ontvangen.headers[services.HANDTEKENING_HEADER]
    assert header.startswith("sha256=")
    assert verifieer(geheim, ontvangen.body, header)
    # Attack: a changed body, or the right body signed with another secret, does not verify.
    assert not verifieer(geheim, ontvangen.body.replace(b"Zuid", b"Oost").replace(b"gewijzigd", b"verwijderd"), header)
    assert not verifieer("een-ander-geheim-0123456789-0123456789", ontvangen.body, header)


def test_alle_objecttypen_en_acties(opzet, abonnement, ontvanger):
    """A locatiegebruik and an aangeboden opleiding of the mandated school are delivered too, with their codes."""
    opleiding = factories.bo_opleiding(opzet.aanbieder, locatie=opzet.gebruik.locatie, eigen_naam="Nieuw")
    services.verwerk()
    [ontvangen] = ontvanger.ontvangen
    assert ontvangen.json["type"] == "nl.rio-portaal.aangeboden-opleiding.aangemaakt"
    assert ontvangen.json["subject"] == str(opleiding.code)
    assert ontvangen.json["dataref"].endswith(f"/api/v1/historie/aangeboden_opleiding/{opleiding.code}")


def test_niet_gemandateerde_school_krijgt_niets(opzet, abonnement, ontvanger):
    hernoem(opzet.andere_aanbieder, "De Linde Noord")  # 11AB does not mandate the LAS
    hernoem(opzet.aanbieder_van_b, "Het Baken Noord")  # 22BB mandates another supplier's system
    uitslag = services.verwerk()
    assert uitslag.gepland == 0 and ontvanger.ontvangen == []
    assert not Aflevering.objects.exists()


def test_andere_leverancier_krijgt_alleen_zijn_eigen_school(opzet, abonnement, ontvanger):
    """Positive control of the test above: the other system's subscription does get 22BB's change, the LAS not."""
    andere = type(ontvanger)().start()
    try:
        services.maak_abonnement(opzet.ander_systeem, callback_url=andere.url)
        hernoem(opzet.aanbieder_van_b, "Het Baken Noord")
        hernoem(opzet.aanbieder, "De Regenboog Noord")
        services.verwerk()
        assert [o.json["subject"] for o in andere.ontvangen] == [opzet.aanbieder_van_b.code]
        assert [o.json["subject"] for o in ontvanger.ontvangen] == [opzet.aanbieder.code]
    finally:
        andere.stop()


def test_beeindigd_mandaat_krijgt_niets(opzet, abonnement, ontvanger):
    opzet.mandaat.einddatum = vandaag() - timedelta(days=1)
    opzet.mandaat.save()
    hernoem(opzet.aanbieder, "De Regenboog Noord")
    assert services.verwerk().gepland == 0
    assert ontvanger.ontvangen == []


def test_mandaat_eindigt_voor_de_aflevering_dan_vervalt_ze(opzet, abonnement, ontvanger, time_machine):
    """Planned while mandated, but the receiver was down until after the mandate's last day: never sent later."""
    opzet.mandaat.einddatum = vandaag()
    opzet.mandaat.save()
    ontvanger.antwoorden = [503]
    hernoem(opzet.aanbieder, "De Regenboog Noord")
    assert services.verwerk().mislukt == 1
    time_machine.shift(timedelta(days=1))
    uitslag = services.verwerk()
    assert (uitslag.vervallen, uitslag.afgeleverd) == (1, 0)
    assert len(ontvanger.ontvangen) == 1  # only the failed attempt
    assert Aflevering.objects.get().status == Aflevering.Status.VERVALLEN


@override_settings(MELDINGEN_MARGE=10**9)  # look at every entry again: the mandate rule, not the cursor, decides
def test_wijziging_zonder_mandaat_wordt_niet_verzonden(opzet, abonnement, ontvanger, time_machine):
    """11AB mandates the LAS from 1 December. A change on 28 November (outside any mandate) is never sent, also
    not once the mandate holds; a change on 1 December is."""
    factories.mandaat(opzet.bestuur, "11AB", opzet.systeem, begindatum=date(2026, 12, 1))
    hernoem(opzet.andere_aanbieder, "De Linde in november")
    assert services.verwerk().gepland == 0
    time_machine.shift(timedelta(days=3))  # 1 December
    assert services.verwerk().gepland == 0
    assert ontvanger.ontvangen == []
    regel = hernoem(opzet.andere_aanbieder, "De Linde in december")
    assert services.verwerk().afgeleverd == 1
    assert [o.event_id for o in ontvanger.ontvangen] == [str(Aflevering.id_voor(regel.pk, abonnement.pk))]


def test_opnieuw_na_500_met_hetzelfde_id(opzet, abonnement, ontvanger, time_machine):
    ontvanger.antwoorden = [500, 502]
    hernoem(opzet.aanbieder, "De Regenboog Noord")
    assert services.verwerk().mislukt == 1
    abonnement.refresh_from_db()
    assert (abonnement.fouten_op_rij, abonnement.laatste_fout) == (1, "HTTP 500")
    aflevering = Aflevering.objects.get()
    assert aflevering.status == Aflevering.Status.WACHTEND and aflevering.pogingen == 1
    assert aflevering.volgende_poging_op == timezone.now() + timedelta(seconds=1)
    assert services.verwerk().mislukt == 0  # not due yet: nothing sent
    time_machine.shift(timedelta(seconds=1))
    assert services.verwerk().mislukt == 1  # 502; then it waits 2 seconds
    assert Aflevering.objects.get().volgende_poging_op == timezone.now() + timedelta(seconds=2)
    time_machine.shift(timedelta(seconds=2))
    assert services.verwerk().afgeleverd == 1
    eerste, tweede, derde = ontvanger.ontvangen
    assert [o.status for o in ontvanger.ontvangen] == [500, 502, 200]
    assert eerste.event_id == tweede.event_id == derde.event_id
    assert eerste.body == derde.body  # the same event, byte for byte, so the same signature
    assert eerste.headers[services.HANDTEKENING_HEADER] == derde.headers[services.HANDTEKENING_HEADER]
    abonnement.refresh_from_db()
    assert (abonnement.fouten_op_rij, abonnement.aantal_afgeleverd) == (0, 1)
    assert abonnement.laatst_geslaagd_op == timezone.now()


def test_ontvanger_plat_volgende_in_de_rij_wacht_mee(opzet, abonnement, ontvanger, time_machine):
    """A receiver that is down is called once per round, not once per waiting event; afterwards all arrive."""
    ontvanger.plat = True
    for naam in ("Een", "Twee", "Drie"):
        hernoem(opzet.aanbieder, naam)
    uitslag = services.verwerk()
    assert (uitslag.gepland, uitslag.mislukt, uitslag.uitgesteld, uitslag.afgeleverd) == (3, 1, 2, 0)
    abonnement.refresh_from_db()
    assert abonnement.laatste_fout and abonnement.fouten_op_rij == 1
    ontvanger.plat = False
    time_machine.shift(timedelta(seconds=1))
    assert services.verwerk().afgeleverd == 3
    assert len(ontvanger.uniek()) == 3 and len(ontvanger.geaccepteerd()) == 3


def test_geen_dubbele_aflevering_na_crash_tussen_verzenden_en_markeren(opzet, abonnement, ontvanger, monkeypatch,
                                                                       time_machine):
    """The worker dies after the receiver accepted but before it marked the delivery: the lease runs out, the same
    event (same id) goes again, and a subscriber that dedupes by id processes it once. Nothing is planned twice."""
    regel = hernoem(opzet.aanbieder, "De Regenboog Noord")

    def crash(aflevering):
        raise SystemExit("worker gestopt")

    monkeypatch.setattr(services, "_markeer_afgeleverd", crash)
    with pytest.raises(SystemExit):
        services.verwerk()
    monkeypatch.undo()
    assert len(ontvanger.ontvangen) == 1
    assert services.verwerk().afgeleverd == 0  # the lease holds: no second worker sends it meanwhile
    time_machine.shift(timedelta(seconds=61))
    uitslag = services.verwerk()
    assert (uitslag.gepland, uitslag.afgeleverd) == (0, 1)
    eerste, tweede = ontvanger.ontvangen
    assert eerste.event_id == tweede.event_id == str(Aflevering.id_voor(regel.pk, abonnement.pk))
    assert list(ontvanger.uniek()) == [eerste.event_id]
    assert Aflevering.objects.count() == 1 and Aflevering.objects.get().status == Aflevering.Status.AFGELEVERD
    services.verwerk()
    assert len(ontvanger.ontvangen) == 2  # delivered is delivered


def test_plannen_is_idempotent(opzet, abonnement, ontvanger):
    """Planning twice (two workers, a sweep after the commit hook) makes one delivery per entry."""
    hernoem(opzet.aanbieder, "De Regenboog Noord")
    with override_settings(MELDINGEN_MARGE=10**9):
        assert services.plan(abonnement) == 1
        assert services.plan(abonnement) == 0
    assert Aflevering.objects.count() == 1


def test_filters_van_het_abonnement(opzet, ontvanger):
    factories.mandaat(opzet.bestuur, "11AB", opzet.systeem)
    services.maak_abonnement(opzet.systeem, callback_url=ontvanger.url, instellingscode="11AB")
    services.maak_abonnement(opzet.systeem, callback_url=ontvanger.url, objecttypen=["onderwijslocatiegebruik"])
    services.maak_abonnement(opzet.systeem, callback_url=ontvanger.url, bestuurcode=opzet.ander_bestuur.code)
    hernoem(opzet.aanbieder, "De Regenboog Noord")
    hernoem(opzet.andere_aanbieder, "De Linde Noord")
    services.verwerk()
    assert [o.json["subject"] for o in ontvanger.ontvangen] == [opzet.andere_aanbieder.code]


@override_settings(MELDINGEN_LOKAAL_TOESTAAN=False)
def test_callback_naar_intern_adres_wordt_bij_verzenden_geweigerd(opzet, abonnement, ontvanger):
    """A subscription that points inside (allowed in a test environment) is not called in production, also when it
    slipped in earlier: the address is checked again at every POST."""
    hernoem(opzet.aanbieder, "De Regenboog Noord")
    assert services.verwerk().mislukt == 1
    assert ontvanger.ontvangen == []
    abonnement.refresh_from_db()
    assert abonnement.laatste_fout.startswith("De callback-URL moet https gebruiken")


def test_een_500_houdt_de_volgende_melding_niet_op(opzet, abonnement, ontvanger):
    """A 500 is about that one request: the next event goes out in the same round (only a receiver that is down,
    or answers 429/503, makes the rest wait)."""
    ontvanger.antwoorden = [500]
    hernoem(opzet.aanbieder, "Een")
    hernoem(opzet.aanbieder, "Twee")
    uitslag = services.verwerk()
    assert (uitslag.mislukt, uitslag.afgeleverd, uitslag.uitgesteld) == (1, 1, 0)
    ontvanger.antwoorden = [503]
    hernoem(opzet.aanbieder, "Drie")
    hernoem(opzet.aanbieder, "Vier")
    uitslag = services.verwerk()
    assert (uitslag.mislukt, uitslag.afgeleverd, uitslag.uitgesteld) == (1, 0, 1)  # "Een" (500) is not due yet


@pytest.fixture
def certificaat(tmp_path):
    """A self-signed certificate for the name localhost (no CA trusts it)."""
    sleutel, cert = tmp_path / "sleutel.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(sleutel), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, sleutel)
    return cert, context


@pytest.fixture
def tls_ontvanger(certificaat):
    ontvanger = Ontvanger(tls=certificaat[1]).start()
    yield ontvanger
    ontvanger.stop()


def test_https_controleert_het_certificaat(opzet, tls_ontvanger):
    """The POST goes to the checked address, but TLS still checks the certificate against the host name: a
    certificate nobody vouches for is refused, nothing is delivered."""
    services.maak_abonnement(opzet.systeem, callback_url=tls_ontvanger.url)
    hernoem(opzet.aanbieder, "De Regenboog Noord")
    assert services.verwerk().mislukt == 1
    assert tls_ontvanger.ontvangen == []
    assert "CERTIFICATE_VERIFY_FAILED" in Aflevering.objects.get().laatste_fout


def test_https_met_vertrouwd_certificaat_levert_af(opzet, tls_ontvanger, certificaat, monkeypatch):
    """The same receiver, with its certificate trusted (as a public CA would be): delivered over TLS with SNI."""
    echte = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context", lambda: echte(cafile=str(certificaat[0])))
    services.maak_abonnement(opzet.systeem, callback_url=tls_ontvanger.url)
    hernoem(opzet.aanbieder, "De Regenboog Noord")
    assert services.verwerk().afgeleverd == 1
    assert [o.json["subject"] for o in tls_ontvanger.ontvangen] == [opzet.aanbieder.code]


def test_een_onbouwbare_melding_houdt_de_rest_niet_op(opzet, abonnement, ontvanger, monkeypatch):
    """An event that cannot be built (a bug, odd data) waits and retries; the events after it still go out."""
    eerste = hernoem(opzet.aanbieder, "Een")
    hernoem(opzet.aanbieder, "Twee")
    echte = services.bericht

    def bericht(aflevering):
        if aflevering.auditregel_id == eerste.pk:
            raise ValueError("kapot")
        return echte(aflevering)

    monkeypatch.setattr(services, "bericht", bericht)
    uitslag = services.verwerk()
    assert (uitslag.mislukt, uitslag.afgeleverd) == (1, 1)
    kapot = Aflevering.objects.get(auditregel=eerste)
    assert kapot.status == Aflevering.Status.WACHTEND and kapot.laatste_fout == "melding niet te maken: ValueError"
