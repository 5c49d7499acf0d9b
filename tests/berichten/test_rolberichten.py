"""A person hears by mail when a role is granted, planned, withdrawn or ended; only after the commit, in their
language, never when they switched it off, and a failing mail server never undoes the grant."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import transaction

from autorisatie import services
from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from berichten.models import Berichtvoorkeur, Soort
from kern.fouten import RegelFout
from tests.helpers.factories import collega

pytestmark = pytest.mark.django_db


@pytest.fixture
def jan(bestuur):
    return collega("jan", bestuur)


def ken_toe(po, bestuur, jan, vandaag, captured, **kwargs):
    with captured(execute=True):
        return services.ken_rollen_toe(bestuur, door=po, gebruiker=jan,
                                       rollen=kwargs.pop("rollen", [Rol.BEHEREN_CONTACTADRES]),
                                       begindatum=kwargs.pop("begindatum", vandaag), **kwargs)


def test_toekennen_mailt_de_ontvanger(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks):
    ken_toe(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks,
            rollen=[Rol.BEHEREN_CONTACTADRES, Rol.BEHEREN_ONDERWIJSBESTUUR])
    assert len(mail.outbox) == 1, "één mail voor één toekenning, ook met twee rollen"
    bericht = mail.outbox[0]
    assert bericht.to == ["jan@example.test"]
    assert bericht.subject.startswith("[RIO-portaal] ")
    assert "2 rollen" in bericht.subject and bestuur.code in bericht.subject
    assert "RIO beheren contactadres" in bericht.body and "RIO beheren onderwijsbestuur" in bericht.body
    assert "vanaf 28 november 2026" in bericht.body
    # every mail: the settings page and the one-click unsubscribe link, absolute, also in the HTML alternative
    assert "http://127.0.0.1:8000/mijn-e-mailberichten/" in bericht.body
    assert "/mijn-e-mailberichten/afmelden/?token=" in bericht.body
    html, soort = bericht.alternatives[0]
    assert soort == "text/html" and "RIO beheren contactadres" in html and 'href="http://127.0.0.1:8000/mijn' in html
    assert bericht.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/mijn-e-mailberichten/afmelden/")
    # nothing of the granter: no name, no address
    assert "po@example.test" not in bericht.body and "po@example.test" not in html


def test_geen_mail_voor_de_commit_en_niet_bij_een_teruggedraaide_toekenning(po, bestuur, jan, vandaag,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_CONTACTADRES],
                                begindatum=vandaag)
        assert mail.outbox == [], "binnen de transactie gaat er nog niets weg"
    # One mail callback (other apps, such as the change notifications, may register their own).
    assert len([c for c in callbacks if "stuur_rolbericht" in repr(c)]) == 1

    # A grant inside a transaction that fails afterwards: no mail at all.
    class Mislukt(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Mislukt), transaction.atomic():
        services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_ONDERWIJSBESTUUR],
                                begindatum=vandaag)
        raise Mislukt
    assert mail.outbox == []
    assert not Roltoewijzing.objects.filter(gebruiker=jan, rol=Rol.BEHEREN_ONDERWIJSBESTUUR).exists()


def test_geweigerde_toekenning_stuurt_niets(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RegelFout):
        services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_CONTACTADRES],
                                begindatum=vandaag - timedelta(days=3))
    assert mail.outbox == []


def test_geplande_rol_noemt_de_ingangsdatum_en_intrekken_mailt(po, bestuur, jan, vandaag,
                                                               django_capture_on_commit_callbacks):
    [rol] = ken_toe(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks, begindatum=date(2027, 1, 1),
                    einddatum=date(2027, 7, 31))
    assert "gaat in op 1 januari 2027 tot en met 31 juli 2027" in mail.outbox[0].body
    assert "pas vanaf de begindatum toegang" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.trek_in(rol, door=po)
    assert len(mail.outbox) == 2
    ingetrokken = mail.outbox[1]
    assert ingetrokken.to == ["jan@example.test"] and "ingetrokken" in ingetrokken.subject
    assert "zou ingaan op 1 januari 2027" in ingetrokken.body


def test_beeindigen_mailt(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks):
    [rol] = ken_toe(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.beeindig_rol(rol, door=po)
    assert len(mail.outbox) == 2
    einde = mail.outbox[1]
    assert einde.subject == f"[RIO-portaal] Uw rol voor {bestuur.code} is beëindigd"
    assert "de laatste dag is 27 november 2026" in einde.body


def test_afgemelde_soort_krijgt_geen_mail(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks):
    Berichtvoorkeur.objects.create(gebruiker=jan, uitgezet=[Soort.ROLLEN])
    ken_toe(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_zonder_adres_geen_mail(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks):
    jan.email = ""
    jan.save()
    ken_toe(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Roltoewijzing.objects.filter(gebruiker=jan).count() == 1


def test_claimrollen_van_de_inlog_geven_geen_mail(bestuur, jan, vandaag, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.zet_claimrollen(jan, bestuur, is_beheerder_po=True)
    assert Roltoewijzing.objects.filter(gebruiker=jan, bron="claim").count() == 2
    assert mail.outbox == []


def test_engels_als_gekozen(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks):
    Berichtvoorkeur.objects.create(gebruiker=jan, taal="en")
    ken_toe(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks, einddatum=date(2027, 7, 31))
    bericht = mail.outbox[0]
    assert bericht.subject == f"[RIO-portaal] You have been given a role for {bestuur.code}"
    assert "from 28 November 2026 up to and including 31 July 2027" in bericht.body
    assert "My e-mail messages" in bericht.body
    assert '<html lang="en">' in bericht.alternatives[0][0]


def test_kapotte_mailserver_breekt_de_toekenning_niet(po, bestuur, jan, vandaag, settings, caplog,
                                                       django_capture_on_commit_callbacks):
    # A port nobody listens on: connecting fails at once.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}
    gemaakt = ken_toe(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks)
    assert Roltoewijzing.objects.filter(pk=gemaakt[0].pk).exists()
    assert "E-mail niet verstuurd" in caplog.text


def test_html_versie_ontsnapt_namen(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks):
    """A name with markup (the board's name is register data) stays text in the HTML alternative."""
    bestuur.perioden.update(naam='<img src=x onerror="alert(1)"> Stichting & Co')
    ken_toe(po, bestuur, jan, vandaag, django_capture_on_commit_callbacks)
    bericht = mail.outbox[0]
    html = bericht.alternatives[0][0]
    assert '<img src=x onerror="alert(1)"> Stichting & Co' in bericht.body, "de tekstversie is platte tekst"
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Stichting &amp; Co" in html
