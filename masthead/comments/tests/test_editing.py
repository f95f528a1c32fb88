"""Editing and deleting: the author's time limit, the history kept, the text checked again."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from masthead.comments import services
from masthead.comments.errors import CommentError, CommentErrorCode
from masthead.comments.models import CommentRevision, CommentStatus
from masthead.comments.selectors import article_comment_count

from .conftest import REJECTED, SHOUTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(article, reader_ana):
    return services.comment_post(author=reader_ana, article=article, body="Good news.").comment


def test_an_edit_keeps_the_earlier_text_as_history(posted, reader_ana):
    """The new text is shown, the old one kept with its time, the comment marked edited."""
    outcome = services.comment_edit(comment=posted, editor=reader_ana, body="Great news.")

    posted.refresh_from_db()
    assert outcome.outcome == "published"
    assert posted.body == "Great news." and "Great news." in posted.body_html
    assert posted.edited_at is not None
    revision = CommentRevision.objects.get(comment=posted)
    assert revision.body == "Good news."
    assert revision.written_at == posted.created_at


def test_an_edit_is_checked_again_and_a_rejected_edit_is_not_applied(posted, reader_ana):
    """A malware link added in an edit: the comment stays as it was, the reason is given."""
    outcome = services.comment_edit(comment=posted, editor=reader_ana, body=REJECTED)

    posted.refresh_from_db()
    assert outcome.outcome == "rejected"
    assert outcome.decision.reasons[0] == "malware"
    assert posted.body == "Good news."
    assert posted.status == CommentStatus.PUBLISHED
    assert not CommentRevision.objects.exists()


def test_an_edit_that_a_check_holds_unpublishes_the_comment_once_confirmed(
    article, posted, reader_ana
):
    """Asked first; confirmed, the edited comment waits for a moderator and leaves the count."""
    asked = services.comment_edit(comment=posted, editor=reader_ana, body=SHOUTED)
    assert asked.needs_confirmation

    held = services.comment_edit(comment=posted, editor=reader_ana, body=SHOUTED, confirm_hold=True)

    assert held.outcome == "held"
    assert article_comment_count(article=article) == 0


def test_the_author_cannot_edit_after_the_time_limit(posted, reader_ana, settings):
    """Fifteen minutes by default: after that the edit is refused with a coded error."""
    later = timezone.now() + datetime.timedelta(minutes=16)
    with time_machine.travel(later, tick=False), pytest.raises(CommentError) as refused:
        services.comment_edit(comment=posted, editor=reader_ana, body="Too late.")

    assert refused.value.code == CommentErrorCode.EDIT_WINDOW_CLOSED


def test_only_the_author_may_edit(posted, reader_ben):
    """Another member's edit is refused."""
    with pytest.raises(CommentError) as refused:
        services.comment_edit(comment=posted, editor=reader_ben, body="Mine now.")

    assert refused.value.code == CommentErrorCode.NOT_AUTHOR


def test_the_edit_page_keeps_the_text_when_refused(member_client, posted, reader_ana):
    """Without script: a refused edit comes back with the text typed and the reason."""
    client = member_client(reader_ana)

    response = client.post(f"/comments/{posted.pk}/edit/", {"body": REJECTED})

    html = response.content.decode()
    assert "Your change was not saved" in html
    assert "report.exe today</textarea>" in html


def test_the_author_deletes_a_comment_and_its_text_is_gone(article, posted, reader_ana):
    """Deleted by its author: no text, no history, no longer counted."""
    services.comment_edit(comment=posted, editor=reader_ana, body="Great news.")

    services.comment_delete(comment=posted, actor=reader_ana)

    posted.refresh_from_db()
    assert posted.status == CommentStatus.DELETED
    assert posted.body == "" and posted.body_html == ""
    assert not CommentRevision.objects.exists()
    assert article_comment_count(article=article) == 0


def test_a_moderator_deletes_a_comment_and_keeps_the_record(posted, moderator_mo):
    """Deleted by a moderator: hidden from readers, text kept for appeals, logged."""
    services.comment_delete(comment=posted, actor=moderator_mo)

    posted.refresh_from_db()
    assert posted.status == CommentStatus.DELETED
    assert posted.body == "Good news."
    assert posted.moderated_by == moderator_mo


def test_another_member_cannot_delete(posted, reader_ben):
    """Neither author nor moderator: refused."""
    with pytest.raises(CommentError) as refused:
        services.comment_delete(comment=posted, actor=reader_ben)

    assert refused.value.code == CommentErrorCode.NOT_ALLOWED


def test_a_deleted_comment_with_replies_leaves_a_placeholder(
    client, article, posted, reader_ana, reader_ben
):
    """The replies keep their thread under "This comment was deleted."."""
    services.comment_post(author=reader_ben, article=article, body="I agree.", parent=posted)
    services.comment_delete(comment=posted, actor=reader_ana)

    html = client.get(f"/comments/article/{article.pk}/thread/").content.decode()

    assert "This comment was deleted." in html
    assert "I agree." in html
    assert "Good news." not in html
