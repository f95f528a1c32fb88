"""Each comment's moderation decision is counted once, with its standard, on /metrics."""

from __future__ import annotations

import pytest
from django.urls import reverse

from masthead.comments import services
from masthead.comments.models import Comment, CommentStatus
from masthead.core.tests.metrics_reader import metrics_read, sample

from .conftest import REJECTED, SHOUTED

pytestmark = pytest.mark.django_db
DECISIONS = "masthead_moderation_decisions_total"
JSON = {"HTTP_ACCEPT": "application/json"}


def post_url(article) -> str:
    return reverse("comments_post", kwargs={"article_id": article.pk})


def test_a_comment_a_rule_rejects_is_counted_with_its_reason_code(
    member_client, article, reader_ana, django_capture_on_commit_callbacks
):
    """A link to a malware host: one `rejected` decision for the `malware` standard."""
    client = member_client(reader_ana)
    labels = {"decision": "rejected", "reason": "malware", "submission": "post"}
    before = sample(metrics_read(client), DECISIONS, **labels)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(article), {"body": REJECTED, "key": "b" * 32})

    assert Comment.objects.get().status == CommentStatus.REJECTED
    assert sample(metrics_read(client), DECISIONS, **labels) - before == 1


def test_a_hold_is_counted_once_when_posted_anyway_not_when_asked(
    member_client, article, reader_ana, django_capture_on_commit_callbacks
):
    """The author is asked first (not a decision), then posts anyway: one `held`, `capitals`."""
    client = member_client(reader_ana)
    labels = {"decision": "held", "reason": "capitals", "submission": "post"}
    before = sample(metrics_read(client), DECISIONS, **labels)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(article), {"body": SHOUTED, "key": "c" * 32}, **JSON)
    asked = sample(metrics_read(client), DECISIONS, **labels)
    with django_capture_on_commit_callbacks(execute=True):
        body = {"body": SHOUTED, "key": "c" * 32, "confirm": "on"}
        client.post(post_url(article), body, **JSON)
        client.post(post_url(article), body, **JSON)  # a double click: the same comment

    assert asked == before
    assert sample(metrics_read(client), DECISIONS, **labels) - before == 1
    assert Comment.objects.get().status == CommentStatus.HELD


def test_a_published_comment_is_counted_without_a_reason(
    member_client, article, reader_ana, django_capture_on_commit_callbacks
):
    """A plain comment: `published`, reason `none`."""
    client = member_client(reader_ana)
    labels = {"decision": "published", "reason": "none", "submission": "post"}
    before = sample(metrics_read(client), DECISIONS, **labels)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(article), {"body": "Good news for the harbour.", "key": "d" * 32})

    assert Comment.objects.get().status == CommentStatus.PUBLISHED
    assert sample(metrics_read(client), DECISIONS, **labels) - before == 1


def test_an_edit_a_rule_rejects_is_counted_as_an_edit(
    article, reader_ana, client, django_capture_on_commit_callbacks
):
    """A published comment edited into a malware link: the edit is refused and counted."""
    comment = services.comment_post(author=reader_ana, article=article, body="Good news.").comment
    assert comment is not None
    labels = {"decision": "rejected", "reason": "malware", "submission": "edit"}
    before = sample(metrics_read(client), DECISIONS, **labels)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.comment_edit(comment=comment, editor=reader_ana, body=REJECTED)

    assert outcome.edit_refused
    assert sample(metrics_read(client), DECISIONS, **labels) - before == 1
