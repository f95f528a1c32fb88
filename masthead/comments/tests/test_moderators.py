"""The moderators' "Held comments" queue in the admin: reasons shown, each action logged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from masthead.comments import services
from masthead.comments.models import CommentRevision, CommentStatus
from masthead.comments.selectors import article_comment_count

from .conftest import SHOUTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(article, reader_ana):
    return services.comment_post(
        author=reader_ana, article=article, body=SHOUTED, confirm_hold=True
    ).comment


@pytest.fixture
def moderator_client(client, moderator_mo):
    client.force_login(moderator_mo)
    return client


def test_the_queue_shows_the_text_the_reason_and_the_evidence(moderator_client, held):
    """Each held comment: its text, the standard, the explanation and what the rule measured."""
    response = moderator_client.get(reverse("comments_held"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "COMPLETE DISGRACE" in html
    assert "capitals" in html
    assert "Please don&#x27;t write in capitals" in html
    assert "Approve" in html and "Reject" in html and "Delete" in html


def test_a_reader_cannot_open_the_queue(client, reader_ben, held):
    """Without the moderators' permission the queue is refused."""
    client.force_login(reader_ben)

    response = client.get(reverse("comments_held"))

    assert response.status_code in (302, 403)
    assert "COMPLETE DISGRACE" not in response.content.decode()


def test_approving_publishes_counts_and_logs(
    moderator_client, held, article, moderator_mo, django_capture_on_commit_callbacks
):
    """Approve: published, counted, and Wagtail's log says who did it."""
    url = reverse("comments_held_act", kwargs={"comment_id": held.pk, "action": "approve"})

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url)

    held.refresh_from_db()
    assert held.status == CommentStatus.PUBLISHED
    assert article_comment_count(article=article) == 1
    entry = ModelLogEntry.objects.get(action="comments.approve")
    assert entry.user == moderator_mo and entry.object_id == str(held.pk)


def test_rejecting_keeps_it_unpublished_and_logs(
    moderator_client, held, django_capture_on_commit_callbacks
):
    """Reject: the comment is rejected; only its author sees why."""
    url = reverse("comments_held_act", kwargs={"comment_id": held.pk, "action": "reject"})

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url)

    held.refresh_from_db()
    assert held.status == CommentStatus.REJECTED
    assert ModelLogEntry.objects.filter(action="comments.reject").count() == 1


def test_a_moderator_edits_the_text_and_the_old_one_is_kept(
    moderator_client, held, django_capture_on_commit_callbacks
):
    """Edit: the new text replaces the old, which stays in the history; logged."""
    url = reverse("comments_held_edit", kwargs={"comment_id": held.pk})
    assert moderator_client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url, {"body": "This harbour decision is a disgrace."})

    held.refresh_from_db()
    assert held.body == "This harbour decision is a disgrace."
    assert CommentRevision.objects.get(comment=held).body == SHOUTED
    assert ModelLogEntry.objects.filter(action="comments.edit").exists()


def test_deleting_from_the_queue_logs(moderator_client, held, django_capture_on_commit_callbacks):
    """Delete: gone from the queue, logged."""
    url = reverse("comments_held_act", kwargs={"comment_id": held.pk, "action": "delete"})

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url)

    held.refresh_from_db()
    assert held.status == CommentStatus.DELETED
    assert ModelLogEntry.objects.filter(action="comments.delete").exists()
    assert (
        "COMPLETE DISGRACE" not in moderator_client.get(reverse("comments_held")).content.decode()
    )


def test_each_queue_filters_by_edition(moderator_client, held, article, reader_ben):
    """A moderator who reads Russian works the Russian edition's held and reported comments."""
    from masthead.news.tests.editions import edition_article

    russian = edition_article(article, language="ru", title="Порт снова открылся")
    russian_held = services.comment_post(
        author=reader_ben,
        article=russian,
        body="ЭТО РЕШЕНИЕ О ПОРТЕ ПОЛНЫЙ ПОЗОР И ВСЕ ЭТО ЗНАЮТ",
        confirm_hold=True,
    ).comment
    assert russian_held is not None and russian_held.status == CommentStatus.HELD
    for comment, reporter in ((held, reader_ben), (russian_held, held.author)):
        services.comment_report(comment=comment, reporter=reporter, reason="trolling")

    for queue in ("comments_held", "comments_reports"):
        everything = moderator_client.get(reverse(queue)).content.decode()
        russian_only = moderator_client.get(reverse(queue), {"edition": "ru"}).content.decode()
        unknown = moderator_client.get(reverse(queue), {"edition": "xx"}).content.decode()

        assert "COMPLETE DISGRACE" in everything and "ПОЛНЫЙ ПОЗОР" in everything, queue
        assert "ПОЛНЫЙ ПОЗОР" in russian_only and "COMPLETE DISGRACE" not in russian_only, queue
        assert '<option value="ru" selected>' in russian_only, queue
        assert "COMPLETE DISGRACE" in unknown, queue  # an edition that does not exist: all
