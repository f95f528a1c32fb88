"""The demo discussion: members without passwords, threads whose counts add up, shown to guests."""

from __future__ import annotations

import pytest

from masthead.comments.demo import DEMO_MEMBERS, DISCUSSIONS, discussion_demo_load
from masthead.comments.models import Comment, CommentLike
from masthead.news.models import ArticlePage, ArticleStats

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_articles(article_factory) -> dict[str, ArticlePage]:
    return {key: article_factory(title=f"Demo story {key}") for key in DISCUSSIONS}


def test_the_demo_discussion_loads_once_with_counters_that_add_up(demo_articles):
    """Likes, replies and each article's count match the rows; a second load adds nothing."""
    created = discussion_demo_load(articles=demo_articles, log=lambda _line: None)

    assert created == Comment.objects.count() > 0
    assert discussion_demo_load(articles=demo_articles, log=lambda _line: None) == 0
    for comment in Comment.objects.all():
        assert comment.like_count == CommentLike.objects.filter(comment=comment).count()
        assert comment.reply_count == Comment.objects.filter(parent=comment).count()
        assert comment.author_id not in CommentLike.objects.filter(comment=comment).values_list(
            "member_id", flat=True
        )
    for article in demo_articles.values():
        assert ArticleStats.objects.get(article=article).comments == article.comments.count()
    assert Comment.objects.filter(is_featured=True).exists()


def test_demo_members_have_no_password(demo_articles, django_user_model):
    """Nobody can log in as a demo member until an operator gives one a password."""
    discussion_demo_load(articles=demo_articles, log=lambda _line: None)

    members = django_user_model.objects.filter(email__endswith="@readers.example")
    assert members.count() == len(DEMO_MEMBERS)
    assert not any(member.has_usable_password() for member in members)


def test_guests_see_the_thread_with_its_pick_replies_and_the_rest_behind_a_link(
    client, demo_articles
):
    """The audited story's thread: an editors' pick, replies, and "Show 2 more replies"."""
    discussion_demo_load(articles=demo_articles, log=lambda _line: None)
    article = demo_articles["migratory-bird-count"]

    html = client.get(f"/comments/article/{article.pk}/thread/").content.decode()

    assert "Editors&#x27; picks" in html or "Editors' picks" in html
    assert "Lake Naivasha" in html
    assert "in reply to Lars Eriksen" in html
    assert "Show 2 more replies" in html
