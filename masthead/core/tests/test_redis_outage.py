"""A Redis outage costs readers nothing: pages are served and members stay logged in.

Before, a Redis restart of three seconds turned every request into a 500 (the in-app page
cache read Redis first and raised `ConnectionError`) and logged every member out (sessions
lived only in Redis). Here a real redis-server is started, killed and restarted under the
cache configuration that `REDIS_URL` gives (config/settings/base.py).
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches

from config.settings.base import REDIS_SESSION_ENGINE, redis_cache
from masthead.core.cache import ResilientRedisCache
from masthead.readers.tests.personas import reader_create

from .redis_server import RedisServer, needs_redis_server, redis_commands_sent

pytestmark = [pytest.mark.django_db, needs_redis_server]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def redis_settings(settings, redis_server):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(redis_server.url, "outage")}
    settings.SESSION_ENGINE = REDIS_SESSION_ENGINE
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 60
    return settings


def test_a_guest_reads_pages_while_redis_is_down(
    client, article_factory, redis_settings, redis_server
):
    """Given Redis dies, article pages still render (cache misses), without waiting on Redis."""
    article = article_factory()
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"

    redis_server.kill()
    started = time.monotonic()
    answers = [client.get(article.url) for _ in range(20)]
    elapsed = time.monotonic() - started

    assert [answer.status_code for answer in answers] == [200] * 20
    assert article.title in answers[-1].content.decode()
    assert elapsed < 5, f"20 reads took {elapsed:.1f} s with Redis down"


def test_a_member_stays_logged_in_across_a_redis_restart(
    client, article_factory, redis_settings, redis_server
):
    """Given a logged-in member, a Redis restart (its data gone) does not log them out."""
    article = article_factory()
    reader = reader_create(email="ana.ferreira@example.org")
    client.force_login(reader)
    assert client.get("/account/email/").status_code == 200

    redis_server.kill()
    during = client.get("/account/email/")
    redis_server.start()
    time.sleep(2.1)  # past the breaker's cooldown: Redis is asked again
    after = client.get("/account/email/")
    page = client.get(article.url)

    assert during.status_code == 200
    assert after.status_code == 200
    assert page.status_code == 200
    assert page.wsgi_request.user == reader


def test_the_cache_comes_back_when_redis_does(redis_settings, redis_server):
    """Writes during the outage go to process memory; once Redis answers, it is used again and
    nothing written during the outage is left stale in it."""
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    cache.set("edition", "before")
    redis_server.kill()
    assert cache.get("edition") is None  # a miss, not an error
    cache.set("edition", "during")
    assert cache.get("edition") == "during"
    assert cache.add("lock", 1) is True  # locks and counters still work, per process
    assert cache.add("lock", 1) is False

    redis_server.start()
    cache.breaker._open_until = 0.0  # the cooldown is over
    assert cache.get("edition") is None  # Redis again, and it has no copy from the outage
    cache.set("edition", "after")
    assert cache.get("edition") == "after"


def test_views_counted_while_redis_is_down_reach_it_when_it_returns(
    client, article_factory, redis_settings, redis_server
):
    """Reads during the outage are kept in the process and handed to Redis once it is back."""
    from masthead.news import services, view_buffer

    services._process_buffer = None
    article = article_factory()
    redis_server.kill()
    for _ in range(3):
        assert client.get(article.url).status_code == 200
    services._buffer().flush()  # the hand-off falls due while Redis is down: nothing is lost

    redis_server.start()
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    cache.breaker._open_until = 0.0  # the cooldown is over
    services._buffer().flush()

    assert view_buffer.redis_take_pending() == {article.pk: 3}


def test_a_key_written_by_any_thread_during_an_outage_is_not_read_stale_after_it(
    redis_settings, redis_server
):
    """Redis stops answering but keeps its data (paused): a value one thread replaced during
    the outage is dropped from Redis before anyone reads it there again."""
    import threading

    import redis

    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    cache.set("session-ish", "before")
    redis.Redis.from_url(redis_server.url).execute_command("CLIENT", "PAUSE", 1500, "ALL")

    def write_during_the_outage() -> None:
        other = caches["default"]  # Django gives each thread its own cache object
        other.set("session-ish", "during")  # times out, so written to the fallback

    thread = threading.Thread(target=write_during_the_outage)
    thread.start()
    thread.join()
    time.sleep(1.6)  # the pause is over; Redis still holds "before"
    cache.breaker._open_until = 0.0  # and the cooldown is over

    assert cache.get("session-ish") is None


def test_the_cache_reuses_one_redis_client_and_survives_a_restart(redis_settings, redis_server):
    """Given many cache calls, one `redis.Redis` serves them (Django built one per call), and
    it reconnects after a restart like the ones it replaced."""
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    client = cache._cache.get_client(write=True)
    cache.set("story", "first")

    assert cache.get("story") == "first"
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client(write=False) is client  # one server: one pool

    redis_server.kill()
    redis_server.start()
    time.sleep(2.1)  # past the breaker's cooldown
    cache.set("story", "second")

    assert cache.get("story") == "second"
    assert cache._cache.get_client() is client


def test_keys_of_different_versions_are_read_in_one_round_trip_and_during_an_outage(
    redis_settings, redis_server
):
    """Given keys written with versions of their own (Wagtail's site root paths are version
    2), `cache_get_versioned` reads them with one command, and from the fallback while Redis
    is down."""
    from masthead.core.cache import cache_get_versioned

    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    cache.set("roots", ["/home/"], version=2)
    cache.set("generation", 7)
    with redis_commands_sent(cache) as commands:
        wanted = [("roots", 2), ("generation", None), ("absent", None)]
        assert cache_get_versioned(cache, wanted) == [["/home/"], 7, None]
    assert commands == ["MGET"]

    redis_server.kill()
    cache.set("generation", 8)  # kept by the fallback while Redis is down
    assert cache_get_versioned(cache, [("generation", None), ("roots", 2)]) == [8, None]
