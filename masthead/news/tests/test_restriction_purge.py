"""A password or a group given to a section or a story applies at once, even to stored copies.

Wagtail purges nothing when a view restriction is added: guests got the story from the
in-app page cache (and an HTTP cache in front) for another minute.
"""

from __future__ import annotations

from typing import Any

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """An HTTP cache in front, as far as the purge can tell."""

    def purge(self, url: str) -> None:
        PURGED.append(url)


def test_a_password_on_the_section_reaches_a_story_guests_have_cached(
    client, article_factory, section, django_capture_on_commit_callbacks
):
    """Given a story stored by the page cache, its section's new password shows at once."""
    story = article_factory(title="Embargoed harbour report")
    client.get(story.url)
    assert client.get(story.url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )

    response = client.get(story.url)
    assert "Embargoed harbour report" not in response.content.decode()
    assert b'name="password"' in response.content

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()

    assert "Embargoed harbour report" in client.get(story.url).content.decode()


def test_an_http_cache_in_front_is_purged_of_the_section_and_its_stories(
    client, article_factory, section, settings, django_capture_on_commit_callbacks
):
    """The task worker purges the restricted page and every page under it from the proxy."""
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "http": {"BACKEND": f"{__name__}.RecordingBackend"},
    }
    stories: list[Any] = [article_factory(title=f"Report {n}") for n in range(3)]
    PURGED.clear()

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )

    paths = {url.split("://", 1)[1].split("/", 1)[1] for url in PURGED}
    for page in (section, *stories):
        assert page.url.lstrip("/") in paths, page.url


def test_without_a_cache_in_front_no_purge_job_is_queued(
    section, settings, django_capture_on_commit_callbacks, monkeypatch
):
    """The in-app cache alone is dropped in one step: no job walks the section's stories."""
    from masthead.news import services

    queued = []
    monkeypatch.setattr(services, "subtree_front_cache_purge", lambda **kwargs: queued.append(1))

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )

    assert queued == []
