"""kern.sessie: Django's database sessions read through one precompiled statement, with the same answers as
Django's own engine: a live session is read, an expired, deleted or forged one is no session, and a session
written by one process is read by another (they share the table, not a cache)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from kern.sessie import SessionStore

pytestmark = pytest.mark.django_db


def _nieuw(**gegevens) -> str:
    sessie = db.SessionStore()
    sessie.update(gegevens)
    sessie.create()
    return sessie.session_key


def test_leest_wat_django_schreef_en_andersom():
    sleutel = _nieuw(persoon=7)
    assert SessionStore(sleutel).load() == {"persoon": 7} == db.SessionStore(sleutel).load()
    eigen = SessionStore()
    eigen["persoon"] = 8
    eigen.save()
    assert db.SessionStore(eigen.session_key).load() == {"persoon": 8}


def test_een_verlopen_sessie_is_geen_sessie():
    sleutel = _nieuw(persoon=7)
    Session.objects.filter(session_key=sleutel).update(expire_date=timezone.now() - timedelta(seconds=1))
    sessie = SessionStore(sleutel)
    assert sessie.load() == {} == db.SessionStore(sleutel).load()
    assert sessie.session_key is None  # a new key on save, never the expired one


def test_uitloggen_in_het_ene_proces_geldt_in_het_andere():
    sleutel = _nieuw(persoon=7)
    SessionStore(sleutel).delete()  # logout on one replica
    assert SessionStore(sleutel).load() == {}  # another replica: nothing kept in memory


@pytest.mark.parametrize("sleutel", ["", "kort", "x" * 31 + "\x00", "' OR '1'='1' --abcdef", "%" * 32, "A" * 32,
                                     "a" * 10_000])
def test_een_vervalste_sleutel_is_geen_sessie_en_geen_fout(sleutel, django_assert_max_num_queries):
    _nieuw(persoon=7)
    with django_assert_max_num_queries(1):
        assert SessionStore(sleutel).load() == {}
