"""Shared fixtures: a small newsroom built through Wagtail's own APIs, and personas."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone, translation
from PIL import Image
from wagtail.models import Locale

from masthead.media.models import NewsImage
from masthead.news.models import ArticleByline, ArticlePage, Author, HomePage, SectionPage


def _is_transactional(item: pytest.Item) -> bool:
    """What pytest-django treats as a transactional test (its own ordering rule)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Put the migrations' data back after a transactional test (the browser tests, nginx...).

    See masthead/core/tests/database_restore.py for why pytest-django's order is not enough.
    """
    yield
    # A next transactional test restores the data itself (serialized_rollback): restoring it
    # twice made PostgreSQL refuse duplicate rows. After the last test the database is gone.
    if not _is_transactional(item) or nextitem is None or _is_transactional(nextitem):
        return
    from pytest_django.plugin import blocking_manager_key

    from masthead.core.tests.database_restore import restore_migrations_data

    with item.config.stash[blocking_manager_key].unblock():
        restore_migrations_data()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the slowest test files first (`pytest.mark.slow`), each kept in its own order.

    `pytest -n 2 --dist loadfile` hands whole files to the two workers in collection order: when
    a file of a minute or two (`make run` in Chromium, the whole demo) came last, one worker ran
    it alone while the other had nothing left to do. Longest first keeps both busy to the end.
    """
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") else 1)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language.

    LocaleMiddleware leaves the last request's language active in the thread: after a test
    opened a /fr/ page, the next test's reverse() gave /fr/ addresses and French pages.
    """
    translation.deactivate()
    yield
    translation.deactivate()


def make_image(*, title: str = "Harbour at dawn", width: int = 1600, height: int = 1200, **fields):
    """A real JPEG (a flat colour), big enough for every rendition the site asks for."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 140)).save(buffer, "JPEG", quality=70)
    image = NewsImage(title=title, **fields)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="photo.jpg")
    image.save()
    return image


def totp_enable(user) -> str:
    """Give `user` a TOTP second factor, as staff need for the admin; returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's admin, with the second factor every staff account must have."""
    user = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password="password"
    )
    totp_enable(user)
    return user


@pytest.fixture
def home(db) -> HomePage:
    return HomePage.objects.get(locale=Locale.get_default())


@pytest.fixture
def section(home) -> SectionPage:
    world = SectionPage(title="World", slug="world", intro="News from everywhere.")
    home.add_child(instance=world)
    world.save_revision().publish()
    asia = SectionPage(title="Asia & Pacific", slug="asia-pacific")
    world.add_child(instance=asia)
    asia.save_revision().publish()
    return asia


@pytest.fixture
def author_ana(db) -> Author:
    return Author.objects.create(name="Ana Ferreira", slug="ana-ferreira", role="Correspondent")


@pytest.fixture
def article_factory(section, author_ana):
    counter = {"n": 0}

    def create(
        *,
        title: str | None = None,
        parent: SectionPage | None = None,
        tags: tuple[str, ...] = ("harbours",),
        authors: tuple[Author, ...] | None = None,
        hours_ago: float = 1,
        with_image: bool = False,
        **fields,
    ) -> ArticlePage:
        counter["n"] += 1
        title = title or f"Harbour reopens after storm number {counter['n']}"
        article = ArticlePage(
            title=title,
            slug=f"story-{counter['n']}",
            lede=fields.pop("lede", "Ships returned to the port on Monday."),
            **fields,
        )
        if with_image:
            article.lead_image = make_image(
                caption="Cranes at the port", credit="© Masthead Photo / Lee Park", agency="MP"
            )
        for order, author in enumerate(authors or (author_ana,)):
            article.bylines.add(ArticleByline(author=author, sort_order=order))
        (parent or section).add_child(instance=article)
        article.tags.add(*tags)
        article.save_revision().publish()
        published = timezone.now() - datetime.timedelta(hours=hours_ago)
        ArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=published, last_published_at=published
        )
        article.refresh_from_db()
        return article

    return create


def cache_clear_own_keys(cache) -> None:
    """Empty this test process's cache without touching anyone else's.

    On Redis, `cache.clear()` is FLUSHDB: it would wipe the cache and sessions of the other
    xdist worker (and of any other run sharing the database) in the middle of their tests.
    Each test process has its own key prefix (config/settings/test.py), so delete by prefix.
    """
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.core.cache import caches

    from masthead.news import services

    for alias in ("default", "local"):
        cache_clear_own_keys(caches[alias])
    services._process_buffer = None  # views buffered by one test never leak into the next
    yield
