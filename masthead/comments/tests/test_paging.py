"""A 10,000-comment thread pages by cursor: page 1 and a page deep in it cost the same queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.comments.models import Comment, CommentStatus
from masthead.comments.selectors import comment_thread_page, comment_viewer

pytestmark = pytest.mark.django_db
THREADS = 2000
REPLIES_EACH = 4  # 2,000 threads + 8,000 replies = 10,000 comments


@pytest.fixture
def big_thread(article, reader_ana, reader_ben):
    """10,000 published comments: 2,000 threads of a comment and four replies each."""
    start = timezone.now() - datetime.timedelta(days=3)
    roots = Comment.objects.bulk_create(
        Comment(
            article=article,
            author=reader_ana,
            body=f"Thread {number}",
            body_html=f"<p>Thread {number}</p>",
            status=CommentStatus.PUBLISHED,
            created_at=start + datetime.timedelta(seconds=10 * number),
            like_count=number % 7,
            reply_count=REPLIES_EACH,
        )
        for number in range(THREADS)
    )
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author=reader_ben,
            parent=root,
            reply_to=root,
            body=f"Reply {number} to {root.body}",
            body_html=f"<p>Reply {number}</p>",
            status=CommentStatus.PUBLISHED,
            created_at=root.created_at + datetime.timedelta(seconds=1 + number),
        )
        for root in roots
        for number in range(REPLIES_EACH)
    )
    assert Comment.objects.filter(article=article).count() == 10_000
    return article


def walk(article, viewer, *, sort: str, pages: int):
    """Follow the cursor `pages` times; returns the pages seen."""
    seen, cursor = [], None
    for _page in range(pages):
        page = comment_thread_page(article=article, viewer=viewer, sort=sort, cursor=cursor)
        seen.append(page)
        cursor = page.next_cursor
    return seen


@pytest.mark.parametrize("sort", ["newest", "oldest", "liked"])
def test_a_page_deep_in_the_thread_costs_what_the_first_does(big_thread, reader_cleo, sort):
    """Page 2 and page 60 of 100: the same few queries (page 1 adds the picks), no OFFSET."""
    viewer = comment_viewer(reader_cleo)
    first_pages = walk(big_thread, viewer, sort=sort, pages=59)

    with CaptureQueriesContext(connection) as first:
        comment_thread_page(article=big_thread, viewer=viewer, sort=sort)
    with CaptureQueriesContext(connection) as second:
        comment_thread_page(
            article=big_thread, viewer=viewer, sort=sort, cursor=first_pages[0].next_cursor
        )
    with CaptureQueriesContext(connection) as deep:
        page = comment_thread_page(
            article=big_thread, viewer=viewer, sort=sort, cursor=first_pages[-1].next_cursor
        )

    assert len(deep) == len(second) == 3  # threads, their first replies, the member's likes
    assert len(first) == 4  # and the editors' picks
    assert not any(re.search(r"\bOFFSET\b", q["sql"]) for q in deep.captured_queries)
    assert len(page.entries) == 20
    assert all(len(entry.replies) == 3 and entry.more_replies == 1 for entry in page.entries)


def test_following_the_cursor_shows_every_thread_once_in_order(big_thread):
    """Oldest first, all 100 pages: 2,000 threads, none twice, none missed, in time order."""
    pages = walk(big_thread, comment_viewer(None), sort="oldest", pages=100)

    bodies = [entry.comment.body for page in pages for entry in page.entries]
    assert bodies == [f"Thread {number}" for number in range(THREADS)]
    assert pages[-1].next_cursor is None


def test_most_liked_orders_by_likes_then_newest(big_thread):
    """Most liked: like counts never rise down the pages."""
    pages = walk(big_thread, comment_viewer(None), sort="liked", pages=5)

    likes = [entry.comment.like_count for page in pages for entry in page.entries]
    assert likes == sorted(likes, reverse=True)
    assert likes[0] == 6


def test_the_thread_endpoint_costs_the_same_on_any_page(client, big_thread):
    """The guest's fragment: page 1 and a later page run the same queries."""
    url = f"/comments/article/{big_thread.pk}/thread/"
    page = comment_thread_page(article=big_thread, viewer=comment_viewer(None))
    client.get(f"/comments/article/{big_thread.pk}/updates/")  # the site is looked up once

    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as later:
        assert client.get(url, {"after": page.next_cursor}).status_code == 200

    # The article, the threads, their replies, the latest id; page 1 also the editors' picks.
    assert len(later) == len(first) - 1 == 4
