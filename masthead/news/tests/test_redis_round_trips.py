"""An uncached article view asks Redis one thing.

Scaled out, every round trip to Redis is latency and CPU on each page view: Wagtail's site
root paths and the rails' generation were two GETs per view, about 7% of an uncached article
each under load (py-spy). A real redis-server under the cache configuration `REDIS_URL` gives.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches

from masthead.core.cache import ResilientRedisCache
from masthead.core.tests.redis_server import needs_redis_server, redis_commands_sent
from masthead.core.tests.test_redis_outage import redis_server, redis_settings  # noqa: F401

pytestmark = [pytest.mark.django_db, needs_redis_server]


def test_an_uncached_article_view_makes_one_redis_round_trip(
    client,
    article_factory,
    redis_settings,  # noqa: F811
):
    """Given a story read before, the next view (page cache off) sends Redis one command."""
    redis_settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0
    article = article_factory()
    for _ in range(2):  # learn the route, keep the page object and the fragment
        assert client.get(article.url).status_code == 200
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    with redis_commands_sent(cache) as commands:
        response = client.get(article.url)

    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert commands == ["MGET"]
