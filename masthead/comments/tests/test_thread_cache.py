"""Guests' threads are rendered once per change of the discussion, and never show stale news.

The discussion page and the thread fragment ran four ORM queries and rendered every comment on
each view (about 11 ms at 10k articles with no comment at all). Now a guest's view of an
unchanged discussion is one small query (is the article live, restricted, which version);
whatever changes it (a comment posted, approved, edited, liked, deleted) shows at once.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from masthead.comments import services

from .conftest import SHOUTED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 0  # every request reaches the view


def discussion_url(article) -> str:
    return reverse("comments_discussion", kwargs={"article_id": article.pk})


def thread_url(article) -> str:
    return reverse("comments_thread", kwargs={"article_id": article.pk})


@pytest.mark.parametrize("url_of", [discussion_url, thread_url], ids=["discussion", "thread"])
def test_a_guests_second_view_of_an_unchanged_discussion_is_one_query(
    client, article, reader_ana, url_of
):
    """Given a discussion a guest has read, the next guest view reads only the article's row."""
    services.comment_post(author=reader_ana, article=article, body="Good news for the town.")
    first = client.get(url_of(article)).content.decode()
    assert client.get(url_of(article)).status_code == 200  # the article's version is kept too

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url_of(article)).content.decode()

    assert again == first
    assert "Good news for the town." in again
    assert len(queries) == 1, "\n".join(query["sql"] for query in queries.captured_queries)


def test_a_new_comment_shows_to_guests_at_once(
    client, article, reader_ana, django_capture_on_commit_callbacks
):
    """Given a guest has the thread cached, a comment posted after it is on their next view."""
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(author=reader_ana, article=article, body="First to the harbour.")
    assert "First to the harbour." in client.get(discussion_url(article)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(author=reader_ana, article=article, body="The ferries are back.")

    html = client.get(discussion_url(article)).content.decode()
    assert "The ferries are back." in html and "First to the harbour." in html


def test_a_member_never_gets_the_guests_thread(client, article, reader_ana):
    """Given the guests' thread is cached, the author of a held comment still sees it (and the
    note that only they can), and guests still do not."""
    held = services.comment_post(
        author=reader_ana, article=article, body=SHOUTED, confirm_hold=True
    ).comment
    assert held is not None and held.status == "held"
    guest_before = client.get(discussion_url(article)).content.decode()

    member = Client()
    member.force_login(reader_ana)
    mine = member.get(discussion_url(article)).content.decode()

    assert SHOUTED not in guest_before
    assert SHOUTED in mine and "Only you can see this comment" in mine
    assert SHOUTED not in client.get(discussion_url(article)).content.decode()


def test_a_restricted_storys_discussion_is_not_shown_to_guests(client, article, reader_ana):
    """Given a story behind a password, its comments are not readable without it either."""
    services.comment_post(author=reader_ana, article=article, body="Embargoed detail.")
    assert client.get(discussion_url(article)).status_code == 200

    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    for url in (discussion_url(article), thread_url(article)):
        response = client.get(url)
        assert response.status_code == 404
        assert "Embargoed detail." not in response.content.decode()


def test_an_unpublished_story_or_a_section_has_no_discussion(client, article, section):
    """Given a story read once, unpublishing it ends its discussion at once; a section has none."""
    assert client.get(discussion_url(article)).status_code == 200

    article.unpublish()

    assert client.get(discussion_url(article)).status_code == 404
    section_url = reverse("comments_discussion", kwargs={"article_id": section.pk})
    assert client.get(section_url).status_code == 404


def test_an_unpublished_storys_discussion_leaves_the_page_cache_with_it(
    client, article, settings, django_capture_on_commit_callbacks
):
    """Given a discussion stored by the page cache, unpublishing the story ends it at once
    (it was served from the cache until it expired)."""
    settings.MASTHEAD_APP_PAGE_CACHE_SECONDS = 60
    client.get(discussion_url(article))
    assert client.get(discussion_url(article))["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert client.get(discussion_url(article)).status_code == 404
    assert client.get(thread_url(article)).status_code == 404
