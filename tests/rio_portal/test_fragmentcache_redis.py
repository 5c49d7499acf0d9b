"""FRAGMENT_CACHE_URL=redis://... (docs/configuratie.md, ADR 0015): the screens shared between web replicas through a
real Redis (127.0.0.1:6379 on the project machines), the way two processes share them."""

import socket

import pytest
from django.core.cache.backends.redis import RedisCache

from rio_portal.settings.base import fragmentcache


def _redis_bereikbaar() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def _cache(config: dict) -> RedisCache:
    return RedisCache(config["LOCATION"], {k: v for k, v in config.items() if k not in ("BACKEND", "LOCATION")})


def test_lokaal_geheugen_houdt_hooguit_500_schermen():
    assert fragmentcache("locmemcache://fragmenten")["OPTIONS"]["MAX_ENTRIES"] == 500


@pytest.mark.skipif(not _redis_bereikbaar(), reason="geen Redis op 127.0.0.1:6379")
def test_redis_deelt_een_scherm_tussen_twee_processen():
    """The configuration a replica gets from the URL works with the Redis client (it once carried MAX_ENTRIES,
    which the client refuses: every cached page answered 500), and what one process stores the other reads."""
    config = fragmentcache("redis://127.0.0.1:6379/7", prefix="test-fragmenten")
    assert "MAX_ENTRIES" not in config.get("OPTIONS", {})
    eerste, tweede = _cache(config), _cache(config)  # two replicas: each its own client
    eerste.set("boom:sleutel", ("Titel", "<p>body</p>"), 30)
    try:
        assert tweede.get("boom:sleutel") == ("Titel", "<p>body</p>")
    finally:
        eerste.delete("boom:sleutel")
